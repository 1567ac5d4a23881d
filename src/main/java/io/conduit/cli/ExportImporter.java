package io.conduit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.ConduitOptions;
import io.conduit.pipeline.ExchangeProperties;
import io.conduit.source.ExportFormat;
import io.conduit.source.ExportReaders;
import io.conduit.state.ConnectorRun;
import io.conduit.store.ArchiveStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Sends export files through a source type's route now, one {@link ConnectorRun} per file, and prints the
 * reconciliation: a line per file, then the JSON summary line that the {@code import} command promises.
 */
final class ExportImporter {

    /** The route that reads one export file of any source type. */
    static final String INPUT_ROUTE = "direct:export-input";

    /**
     * One connector's settings for an import.
     *
     * @param format      the source's export format
     * @param connectorId connector id recorded on the items and in their idempotency keys
     * @param parameters  the connector's template parameters by name ({@code zone}, {@code owner}, {@code folder},
     *                    {@code transcripts}, a source's own options); a parameter not given takes its default
     */
    record Connector(ExportFormat format, String connectorId, Map<String, String> parameters) {

        /** The exchange properties of this connector's files, as its route template sets them. */
        Map<String, Object> properties() {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(ExchangeProperties.CONNECTOR, connectorId);
            properties.put(ExportReaders.SOURCE_TYPE, format.type());
            for (io.conduit.source.SourceParameter p : format.parameters()) {
                String value = parameters.get(p.name());
                if (p.property() != null && (value != null || p.defaultValue() != null)) {
                    properties.put(p.property(), value != null ? value : p.defaultValue());
                }
            }
            return properties;
        }
    }

    private final CamelContext context;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ConnectorRun total = new ConnectorRun("all", "all");
    private final String stateDir;
    private final String storeDescription;
    private boolean failed;

    ExportImporter(CamelContext context, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.stateDir = context.getPropertiesComponent().resolveProperty(ConduitOptions.STATE_DIR).orElse("state");
        ArchiveStore store = context.getRegistry().lookupByNameAndType("archiveStore", ArchiveStore.class);
        this.storeDescription = store == null ? "?" : store.describe();
        this.out = out;
        this.err = err;
    }

    /**
     * Checks, before any item is read, that the store takes copies now: the IMAP server is reachable and accepts the
     * login for the catch-all mailbox, or the Maildir root can be written ({@link ArchiveStore#check}).
     *
     * @return {@code null} when it does, else one line saying what is wrong (never a secret)
     */
    String checkStore() {
        ArchiveStore store = context.getRegistry().lookupByNameAndType("archiveStore", ArchiveStore.class);
        if (store == null) {
            return null;
        }
        String catchAll = context.getPropertiesComponent().resolveProperty(ConduitOptions.CATCH_ALL_MAILBOX)
                .map(String::strip).orElse(ConduitOptions.defaultValue(ConduitOptions.CATCH_ALL_MAILBOX));
        try {
            store.check(catchAll);
            return null;
        } catch (io.conduit.store.StoreException e) {
            return "store " + store.describe() + " cannot take copies, nothing was read: " + e.getMessage();
        }
    }

    /** Archives each of {@code files} in order, one connector run per file. */
    void importAll(Connector connector, List<Path> files) {
        ProducerTemplate producer = context.createProducerTemplate();
        for (Path file : files) {
            ConnectorRun run = new ConnectorRun(connector.connectorId(), file.getFileName().toString());
            ProgressLine progress = ProgressLine.start(out, ProgressLine.onTerminal(), run, file);
            Exchange result;
            try {
                result = send(producer, connector, file, run);
            } finally {
                if (progress != null) {
                    progress.close();
                }
            }
            if (result.getException() != null) {
                err.println(file.getFileName() + ": " + result.getException().getMessage());
                failed = true;
            }
            failed |= !run.balanced() && run.unread() == 0;
            total.add(run);
            out.printf("%s: %s: %d items, %d archived (%d copies), %d duplicates, %d quarantined%s%n", connector.connectorId(),
                    file.getFileName(), run.items(), run.archived(), run.copies(), run.duplicates(), run.quarantined(),
                    run.unread() > 0 ? "; NOT READ TO ITS END: the rest is unread, the whole file is in quarantine" : "");
            run.notes().forEach(n -> out.printf("%s: %s: %s%n", connector.connectorId(), file.getFileName(),
                    io.conduit.model.Text.clean(n)));
        }
        out.flush();
    }

    private static Exchange send(ProducerTemplate producer, Connector connector, Path file, ConnectorRun run) {
        return producer.send(INPUT_ROUTE, exchange -> {
            exchange.getMessage().setBody(file.toFile());
            exchange.setProperty(ExchangeProperties.RUN, run);
            connector.properties().forEach(exchange::setProperty);
        });
    }

    /** Marks the whole import as failed (an error outside the runs). */
    void fail(String message) {
        err.println(message);
        failed = true;
    }

    /**
     * Prints the summary; the last line is {@code {"items":N,"archived":A,"copies":C,"duplicates":D,"quarantined":Q}}.
     *
     * @return the exit code: 0 all archived or duplicates, 2 some quarantined (all accounted for), 1 any other failure
     */
    int finish() throws JsonProcessingException {
        out.printf("archive: %s; state (connector logs, quarantine): %s%n", storeDescription, stateDir);
        if (total.quarantined() > 0) {
            out.printf("%d quarantined: each reason is in %s/quarantine/<id>/reason.json%n", total.quarantined(), stateDir);
        }
        io.conduit.mapping.MappingUsage.Report mapping = total.mappingUsage().report();
        if (mapping != null) {
            mapping.toLines().forEach(out::println);
        }
        return summarize(out, total, failed);
    }

    /**
     * Prints the JSON summary line {@code {"items":N,"archived":A,"copies":C,"duplicates":D,"quarantined":Q,
     * "partial":P,"mappingRowsUnmatched":U,"mappingNearMisses":M}} (the last two: user mapping rows that matched no
     * participant of the items routed, and unmapped identifiers that nearly match a row).
     *
     * @param failed true when something failed outside the counts
     * @return the exit code: 0 all archived or duplicates, 2 some quarantined (all accounted for), 1 any other failure
     */
    static int summarize(PrintWriter out, ConnectorRun total, boolean failed) throws JsonProcessingException {
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("items", total.items());
        summary.put("archived", total.archived());
        summary.put("copies", total.copies());
        summary.put("duplicates", total.duplicates());
        summary.put("quarantined", total.quarantined());
        summary.put("partial", total.partial());
        summary.put("unread", total.unread());
        io.conduit.mapping.MappingUsage.Report mapping = total.mappingUsage().report();
        summary.put("mappingRowsUnmatched", mapping == null ? 0L : mapping.unmatched().size());
        summary.put("mappingNearMisses", mapping == null ? 0L : mapping.nearMisses().size() + mapping.nearMissesNotKept());
        out.println(new ObjectMapper().writeValueAsString(summary));
        out.flush();
        if (failed) {
            return ImportCommand.EXIT_FAILURE;
        }
        if (total.unread() > 0) {
            return ImportCommand.EXIT_QUARANTINED; // inputs not read to their end: quarantined whole, not balanced
        }
        if (!total.balanced()) {
            return ImportCommand.EXIT_FAILURE;
        }
        return total.quarantined() > 0 ? ImportCommand.EXIT_QUARANTINED : 0;
    }

    /** The export files of an input: the file itself, or the files of a folder that {@code format} accepts, in name order. */
    static List<Path> inputs(Path input, ExportFormat format) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(input)) {
            s.filter(Files::isRegularFile)
                    .filter(format::accepts)
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }
}

package io.conduit.cli;

import io.conduit.model.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import io.conduit.pipeline.ExchangeProperties;
import io.conduit.state.ConnectorRun;
import io.conduit.state.Quarantine;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conduit quarantine list|retry}: shows what waits in quarantine and why, and re-runs it through the pipeline. */
@Command(name = "quarantine", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Shows the quarantine (items, records and inputs that could not be archived, with their reasons) "
                + "and re-runs entries through the pipeline.",
        subcommands = {QuarantineCommand.ListCommand.class, QuarantineCommand.RetryCommand.class})
public final class QuarantineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The state folder: the option, else {@code conduit.state.dir} of {@code application.properties}, else {@code state}. */
    static Path stateDir(Path option) throws IOException {
        if (option != null) {
            return option;
        }
        Path file = Path.of("application.properties");
        if (Files.isRegularFile(file)) {
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            }
            return Path.of(props.getProperty(ConduitOptions.STATE_DIR, "state").strip());
        }
        return Path.of("state");
    }

    /** {@code quarantine list}: one line per entry, oldest first. */
    @Command(name = "list", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            description = "Lists the quarantine: id, time, connector, source (file and line or record), whether a retry "
                    + "can help, and the reason.")
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--state", paramLabel = "DIR", description = "State folder (default: conduit.state.dir)")
        Path state;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<Quarantine.Reason> reasons = new Quarantine(stateDir(state)).list();
            for (Quarantine.Reason r : reasons) {
                out.printf("%s  %s  %s  %s  %s  %s%n", r.id(), r.time(), Text.clean(r.connector()),
                        Text.clean(r.source()), r.retryUri() == null ? "fix-source" : "retryable",
                        Text.clean(r.message()));
            }
            out.printf("%d in quarantine%n", reasons.size());
            out.flush();
            return 0;
        }
    }

    /** {@code quarantine retry [ID...]}: re-runs entries; archived ones leave the quarantine. */
    @Command(name = "retry", mixinStandardHelpOptions = true,
            exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {ExitCodes.OK_LINE, ExitCodes.QUARANTINED_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
                        description = "Re-runs quarantined items and inputs through the pipeline (all retryable entries when no id "
                    + "is given). An entry that archives moves to <state>/quarantine-retried/; one that fails again is "
                    + "replaced by its new entry. Copies are looked up by Message-ID first, so none is doubled. Prints "
                    + "the summary of import; exit 0, 2 or 1 as import.")
    static final class RetryCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ArchiveOptions archive;

        @Parameters(paramLabel = "ID", arity = "0..*", description = "Quarantine ids (quarantine list); default: all")
        List<String> ids = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Quarantine quarantine = new Quarantine(stateDir(archive.state));
            List<String> targets = new ArrayList<>(ids);
            if (targets.isEmpty()) {
                quarantine.list().stream().filter(r -> r.retryUri() != null).forEach(r -> targets.add(r.id()));
            }
            Map<String, String> overrides = archive.overrides();
            overrides.put(ConduitOptions.STATE_DIR, quarantine.dir().getParent().toString());
            Main main = ConduitCamel.newOneShotMain(overrides);
            ConnectorRun total = new ConnectorRun("all", "quarantine retry");
            boolean failed = false;
            try {
                main.start();
                String unusable = new ExportImporter(main.getCamelContext(), out, err).checkStore();
                if (unusable != null) {
                    err.println(unusable);
                    return ExitCodes.FAILURE;
                }
                ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
                for (String id : targets) {
                    Quarantine.Entry entry;
                    try {
                        entry = quarantine.load(id);
                    } catch (IllegalArgumentException e) {
                        err.println(e.getMessage());
                        failed = true;
                        continue;
                    }
                    Quarantine.Reason reason = entry.reason();
                    Object body = entry.item() != null ? entry.item() : entry.input() != null ? entry.input().toFile() : null;
                    if (!entry.complete()) {
                        out.printf("%s kept: an attachment of %s could not be kept in quarantine (see item.json); "
                                + "import its source again%n", id, Text.clean(reason.source()));
                        continue;
                    }
                    if (reason.retryUri() == null || body == null) {
                        out.printf("%s kept: %s needs its source fixed and imported again (%s)%n", id,
                                Text.clean(reason.source()), Text.clean(reason.message()));
                        continue;
                    }
                    Set<String> before = ids(quarantine);
                    ConnectorRun run = new ConnectorRun(reason.connector(), "quarantine retry " + id);
                    Exchange result = producer.send(reason.retryUri(), exchange -> {
                        reason.settings().forEach(exchange::setProperty);
                        exchange.setProperty(ExchangeProperties.CONNECTOR, reason.connector());
                        exchange.setProperty(ExchangeProperties.RUN, run);
                        exchange.setProperty(ExchangeProperties.RECOVERING, Boolean.TRUE);
                        exchange.getMessage().setBody(body);
                    });
                    total.add(run);
                    Map<String, Object> counts = new LinkedHashMap<>();
                    counts.put("items", run.items());
                    counts.put("archived", run.archived());
                    counts.put("duplicates", run.duplicates());
                    counts.put("quarantined", run.quarantined());
                    if (result.getException() == null && run.quarantined() == 0 && run.balanced()) {
                        quarantine.resolved(id, counts);
                        out.printf("%s retried: %d archived, %d already archived%n", id, run.archived(), run.duplicates());
                    } else {
                        Set<String> now = ids(quarantine);
                        now.removeAll(before);
                        failed |= result.getException() != null || !run.balanced();
                        if (now.isEmpty()) {
                            out.printf("%s failed again and stays in quarantine%n", id);
                            failed = true;
                        } else {
                            counts.put("newEntries", List.copyOf(now));
                            quarantine.resolved(id, counts);
                            out.printf("%s failed again: now quarantined as %s%n", id, String.join(", ", now));
                        }
                    }
                }
            } finally {
                main.stop();
            }
            return ExportImporter.summarize(out, total, failed);
        }

        private static Set<String> ids(Quarantine quarantine) {
            Set<String> ids = new HashSet<>();
            quarantine.list().forEach(r -> ids.add(r.id()));
            return ids;
        }
    }
}

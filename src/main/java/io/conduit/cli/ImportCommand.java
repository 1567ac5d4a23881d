package io.conduit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.conduit.ConduitCamel;
import io.conduit.pipeline.TranscriptArchiver;
import io.conduit.source.ExportFormat;
import io.conduit.source.ExportReaders;
import io.conduit.source.SourceSettings;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conduit import <source-type> <file-or-folder>}: archives one export now through the same routes as the
 * scheduled connectors, prints a reconciliation summary whose last line is JSON
 * {@code {"items":N,"archived":A,"copies":C,"duplicates":D,"quarantined":Q}} and exits 0 when every item was archived
 * or already archived, 2 when some were quarantined (all accounted for), 1 on any other failure.
 */
@Command(name = "import", mixinStandardHelpOptions = true, modelTransformer = SourceOptions.class,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.QUARANTINED_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
                description = "Archives an export now, through the same routes as the scheduled connectors, and prints a "
                + "reconciliation summary; the last line is JSON {\"items\",\"archived\",\"copies\",\"duplicates\",\"quarantined\"}. "
                + "Exit 0: every item archived or already archived; 2: some quarantined (all accounted for); 1: any other failure.")
public final class ImportCommand implements Callable<Integer> {

    /** Exit code when every item is accounted for but some were quarantined. */
    public static final int EXIT_QUARANTINED = ExitCodes.QUARANTINED;
    /** Exit code of any other failure, including counts that do not balance. */
    public static final int EXIT_FAILURE = ExitCodes.FAILURE;

    @Spec
    CommandSpec spec;

    @Mixin
    ArchiveOptions archive;

    @Parameters(index = "0", paramLabel = "SOURCE-TYPE", completionCandidates = SourceTypes.class,
            description = "Source type, one of: ${COMPLETION-CANDIDATES} (see the README's source table)")
    String sourceType;

    @Parameters(index = "1", paramLabel = "FILE-OR-FOLDER",
            description = "An export file, or a folder whose files are archived in name order")
    Path input;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone of the export's local times, e.g. Europe/London (default: ${DEFAULT-VALUE})")
    String zone;

    @Option(names = "--owner", paramLabel = "IDENTIFIER",
            description = "The device or account owner where the format does not say: who exported the chat (WhatsApp, Signal text), the phone's own number (SMS), the account (Telegram single chat, X without account.js), the page's mailbox (Facebook)")
    String owner;

    @Option(names = "--folder", paramLabel = "NAME", description = "Folder in each custodian mailbox (default: the source type's folder, e.g. WhatsApp Archiver)")
    String folder;

    @Option(names = "--connector", paramLabel = "ID",
            description = "Connector id recorded on every item and used in its idempotency key; give a configured "
                    + "connector's id to deduplicate against what it archived (default: <source-type>-import)")
    String connector;

    @Option(names = "--transcripts", paramLabel = "daily|off", defaultValue = "off",
            description = "daily: one email per conversation and day (in --zone) holding the day's messages in order with "
                    + "their attachments, re-issued as a new version when later items arrive; off: one email per message "
                    + "(default: ${DEFAULT-VALUE})")
    String transcripts;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ExportReaders.sourceTypes().contains(sourceType)) {
            err.println("unknown source type '" + sourceType + "' (known: " + String.join(", ", ExportReaders.sourceTypes()) + ")");
            return ExitCodes.USAGE;
        }
        try {
            ExportReaders.zone(zone);
        } catch (IllegalArgumentException e) {
            err.println("--zone: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            TranscriptArchiver.enabled(transcripts);
        } catch (IllegalArgumentException e) {
            err.println("--transcripts: " + e.getMessage());
            return EXIT_FAILURE;
        }
        ExportFormat format = ExportReaders.format(sourceType);
        Map<String, String> options;
        try {
            options = SourceOptions.given(spec, format);
            format.validator().validate(new SourceSettings(null, ExportReaders.zone(zone), null, null, options));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        if (!java.nio.file.Files.exists(input)) {
            err.println(input + ": no such file or folder");
            return EXIT_FAILURE;
        }
        List<Path> files = ExportImporter.inputs(input, format);
        if (files.isEmpty()) {
            err.println(input + ": no " + sourceType + " export found (" + format.description() + "; file names matching "
                    + format.fileNames() + ")");
            return EXIT_FAILURE;
        }
        Map<String, String> parameters = new LinkedHashMap<>(options);
        parameters.put("zone", zone);
        parameters.put("transcripts", transcripts);
        if (owner != null) {
            parameters.put("owner", owner);
        }
        if (folder != null) {
            parameters.put("folder", folder);
        }
        ExportImporter.Connector connectorSettings = new ExportImporter.Connector(format,
                connector != null ? connector : sourceType + "-import", parameters);
        Main main = ConduitCamel.newOneShotMain(archive.overrides());
        ExportImporter importer;
        try {
            main.start();
            importer = new ExportImporter(main.getCamelContext(), out, err);
            String unusable = importer.checkStore();
            if (unusable != null) {
                err.println(unusable);
                return EXIT_FAILURE;
            }
            importer.importAll(connectorSettings, files);
        } catch (Exception e) {
            err.println("import failed: " + e.getMessage());
            return EXIT_FAILURE;
        } finally {
            main.stop();
        }
        return importer.finish();
    }

    /** The source types that have an export reader, for {@code ${COMPLETION-CANDIDATES}}. */
    static final class SourceTypes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ExportReaders.sourceTypes().iterator();
        }
    }
}

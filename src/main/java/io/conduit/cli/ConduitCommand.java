package io.conduit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.conduit.ConduitCamel;
import io.conduit.ConfiguredConnectors;
import io.conduit.source.ExportReaders;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conduit}: without a subcommand, runs every connector configured in {@code application.properties} on its
 * Quartz schedule until stopped (SIGTERM or Ctrl-C); with {@code --once}, reads every connector's input once now,
 * prints the reconciliation summary and exits.
 */
@Command(name = "conduit", mixinStandardHelpOptions = true, version = "Conduit 0.1.0",
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.QUARANTINED_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
                description = "Archives third-party communications into IMAP mailboxes or a Maildir tree. "
                + "Without a subcommand: runs the connectors of application.properties on their schedules until stopped.",
        subcommands = {ImportCommand.class, QuarantineCommand.class, HealthCommand.class, ExportCommand.class,
                VerifyCommand.class, VerifyCommand.LedgerCommand.class, CheckTargetCommand.class})
public final class ConduitCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--once",
            description = "Read every configured connector's input once now, print the reconciliation summary "
                    + "(last line JSON, as import) and exit: 0 all archived or duplicates, 2 some quarantined, 1 failure")
    boolean once;

    @Override
    public Integer call() throws Exception {
        if (!once) {
            ConduitCamel.newMain(Map.of()).run();
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Main main = ConduitCamel.newOneShotMain(Map.of());
        ExportImporter importer;
        try {
            main.start();
            CamelContext context = main.getCamelContext();
            importer = new ExportImporter(context, out, err);
            String unusable = importer.checkStore();
            if (unusable != null) {
                err.println(unusable);
                return ImportCommand.EXIT_FAILURE;
            }
            Map<String, Map<String, String>> connectors = ConfiguredConnectors.of(context);
            if (connectors.isEmpty()) {
                importer.fail("no connector is configured (camel.route-template[<id>].template-id = ...)");
            }
            for (Map.Entry<String, Map<String, String>> c : connectors.entrySet()) {
                Map<String, String> p = c.getValue();
                String sourceType = fileSourceType(p.get("template-id"));
                if (sourceType == null) {
                    out.printf("%s: skipped: a polled connector (%s) runs on its schedule%n", c.getKey(), p.get("template-id"));
                    continue;
                }
                List<Path> files = ExportImporter.inputs(Path.of(p.get("input")), ExportReaders.format(sourceType));
                importer.importAll(new ExportImporter.Connector(ExportReaders.format(sourceType), c.getKey(), p), files);
            }
        } catch (Exception e) {
            err.println("run failed: " + e.getMessage());
            return ImportCommand.EXIT_FAILURE;
        } finally {
            main.stop();
        }
        return importer.finish();
    }

    /** The source type of a file connector's template id, or {@code null} for a polled connector's. */
    static String fileSourceType(String templateId) {
        io.conduit.source.ExportFormat format = ConfiguredConnectors.fileFormat(templateId);
        return format == null ? null : format.type();
    }
}

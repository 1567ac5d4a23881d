package io.conduit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import io.conduit.source.whatsapp.WhatsAppExportSource;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
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
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Archives an export now, through the same routes as the scheduled connectors, and prints a "
                + "reconciliation summary; the last line is JSON {\"items\",\"archived\",\"copies\",\"duplicates\",\"quarantined\"}. "
                + "Exit 0: every item archived or already archived; 2: some quarantined (all accounted for); 1: any other failure.")
public final class ImportCommand implements Callable<Integer> {

    /** Exit code when every item is accounted for but some were quarantined. */
    public static final int EXIT_QUARANTINED = 2;
    /** Exit code of any other failure, including counts that do not balance. */
    public static final int EXIT_FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE-TYPE", description = "Source type: whatsapp")
    String sourceType;

    @Parameters(index = "1", paramLabel = "FILE-OR-FOLDER",
            description = "An export file (.txt or .zip), or a folder whose .txt and .zip files are archived in name order")
    Path input;

    @Option(names = "--to", paramLabel = "STORE",
            description = "Where copies go: maildir:DIR, imaps://host:port or imap://host:port (STARTTLS). "
                    + "Default: conduit.store.uri of application.properties (maildir:archive).")
    String to;

    @Option(names = "--mapping", paramLabel = "CSV", description = "User mapping CSV: identifier,mailbox[,display name]")
    Path mapping;

    @Option(names = "--catch-all", paramLabel = "MAILBOX", description = "Mailbox for items with no mapped participant")
    String catchAll;

    @Option(names = "--mailbox-domain", paramLabel = "DOMAIN", split = ",",
            description = "Email domain(s) whose addresses are custodian mailboxes (after the mapping CSV)")
    List<String> mailboxDomains;

    @Option(names = "--default-region", paramLabel = "REGION",
            description = "ISO 3166 region for phone numbers without a country code, e.g. GB")
    String defaultRegion;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone of the export's local times, e.g. Europe/London (default: ${DEFAULT-VALUE})")
    String zone;

    @Option(names = "--owner", paramLabel = "IDENTIFIER",
            description = "Phone number, email or contact name of the person who exported the chat")
    String owner;

    @Option(names = "--folder", paramLabel = "NAME", description = "Folder in each custodian mailbox (default: WhatsApp Archiver)")
    String folder;

    @Option(names = "--connector", paramLabel = "ID",
            description = "Connector id recorded on every item and used in its idempotency key; give a configured "
                    + "connector's id to deduplicate against what it archived (default: <source-type>-import)")
    String connector;

    @Option(names = "--state", paramLabel = "DIR", description = "State folder: idempotency keys, connector log, quarantine")
    Path state;

    @Option(names = "--imap-user", paramLabel = "USER", description = "IMAP login user (plain login into one archive account)")
    String imapUser;

    @Option(names = "--imap-master-user", paramLabel = "USER",
            description = "Dovecot master user: logs in as <mailbox>*<master user> into each custodian mailbox")
    String imapMasterUser;

    @Option(names = "--imap-password-file", paramLabel = "FILE",
            description = "File holding the IMAP password; else the CONDUIT_IMAP_PASSWORD environment variable")
    Path imapPasswordFile;

    @Option(names = "--truststore", paramLabel = "FILE", description = "Truststore (PKCS12/JKS) for a private CA")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", description = "Truststore password")
    String truststorePassword;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ExportImporter.ROUTES.containsKey(sourceType)) {
            err.println("unknown source type '" + sourceType + "' (known: " + String.join(", ", ExportImporter.ROUTES.keySet()) + ")");
            return EXIT_FAILURE;
        }
        try {
            WhatsAppExportSource.zone(zone);
        } catch (IllegalArgumentException e) {
            err.println("--zone: " + e.getMessage());
            return EXIT_FAILURE;
        }
        List<Path> files = ExportImporter.inputs(input);
        if (files.isEmpty()) {
            err.println(input + ": no .txt or .zip export found");
            return EXIT_FAILURE;
        }
        ExportImporter.Connector connectorSettings = new ExportImporter.Connector(sourceType,
                connector != null ? connector : sourceType + "-import",
                folder != null ? folder : ExportImporter.DEFAULT_FOLDERS.get(sourceType), zone, owner);
        Main main = ConduitCamel.newOneShotMain(overrides());
        ExportImporter importer;
        try {
            main.start();
            importer = new ExportImporter(main.getCamelContext(), out, err);
            importer.importAll(connectorSettings, files);
        } catch (Exception e) {
            err.println("import failed: " + e.getMessage());
            return EXIT_FAILURE;
        } finally {
            main.stop();
        }
        return importer.finish();
    }

    private Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        put(o, ConduitOptions.STORE_URI, to);
        put(o, ConduitOptions.MAPPING_FILE, mapping);
        put(o, ConduitOptions.CATCH_ALL_MAILBOX, catchAll);
        put(o, ConduitOptions.MAILBOX_DOMAINS, mailboxDomains == null ? null : String.join(",", mailboxDomains));
        put(o, ConduitOptions.DEFAULT_REGION, defaultRegion);
        put(o, ConduitOptions.STATE_DIR, state);
        put(o, ConduitOptions.IMAP_USER, imapUser);
        put(o, ConduitOptions.IMAP_MASTER_USER, imapMasterUser);
        put(o, ConduitOptions.IMAP_PASSWORD_FILE, imapPasswordFile);
        put(o, ConduitOptions.IMAP_TRUSTSTORE, truststore);
        put(o, ConduitOptions.IMAP_TRUSTSTORE_PASSWORD, truststorePassword);
        return o;
    }

    private static void put(Map<String, String> o, String key, Object value) {
        if (value != null) {
            o.put(key, value.toString());
        }
    }
}

package io.conduit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Every {@code conduit.*} configuration key, defined once with its type, default and description: the constants are
 * the keys; {@link #definitions()} gives the typed definitions from which {@code docs/configuration.md} is generated
 * ({@code ConfigurationReferenceTest}) and with which every configured value is checked at start-up
 * ({@link #validate}). Values come from {@code application.properties}, {@code -Dkey=value}, environment placeholders
 * or the command's options.
 */
public final class ConduitOptions {

    /**
     * One configuration key.
     *
     * @param key          the key, e.g. {@code conduit.store.max-item-bytes}
     * @param type         how its value is written and checked
     * @param defaultValue the value when it is not set, or {@code null} (none, or computed: the description says)
     * @param description  what it does, for the configuration reference
     */
    public record Definition(String key, OptionType type, String defaultValue, String description) {
    }

    private static final List<Definition> DEFINITIONS = new ArrayList<>();


    public static final String STATE_DIR = define("conduit.state.dir", OptionType.PATH, "state",
            "Folder for idempotency keys, processed-file keys, the connector logs and the quarantine.");
    public static final String STORE_URI = define("conduit.store.uri", OptionType.URI_TEXT, "maildir:archive",
            "Where copies go: maildir:DIR, imaps://host:port or imap://host:port.");
    public static final String MAILDIR_FSYNC = define("conduit.store.maildir.fsync", OptionType.BOOLEAN, "true",
            "Force each Maildir file to disk before renaming it into new/.");
    public static final String MAX_ITEM_BYTES = define("conduit.store.max-item-bytes", OptionType.SIZE, null,
            "Maximum item size in bytes; an item over it is archived without its largest attachments (counted partial). Default 150 MB; a smaller IMAP APPENDLIMIT, or a size the server refused as too big (NO [TOOBIG]), lowers it.");
    public static final String PARALLEL_COPIES = define("conduit.store.parallel-copies", OptionType.COUNT, "4",
            "Most copies of one item stored at once, each into a different mailbox over its own connection (1: one after another). Each mailbox still gets its copies in order, and an item is recorded archived only when every copy is stored.");
    public static final String BATCH_SIZE = define("conduit.store.batch-size", OptionType.COUNT, "100",
            "Records of a file input archived as one batch (group commit): their copies stored with one IMAP MULTIAPPEND per mailbox folder (RFC 3502) or one Maildir folder sync, their state written once; each item is still recorded archived only after every copy of it is stored. 1: one record at a time.");
    public static final String LEDGER_KEY_DIR = define("conduit.ledger.key-dir", OptionType.PATH, null,
            "Folder of the ledger's Ed25519 key pair (a secret; created on first start). Default: <state>/ledger. In a cluster, mount the same folder on every node so that every seal is signed with one key.");
    public static final String EVIDENCE_MANIFESTS = define("conduit.ledger.manifests", OptionType.BOOLEAN, "true",
            "After each run, archive the seal and the run's ledger entries as an IPM.NOTE.Conduit.Manifest item into the evidence mailbox.");
    public static final String EVIDENCE_INTERVAL = define("conduit.ledger.manifest-interval-seconds", OptionType.COUNT, "60",
            "Least time between two evidence manifests of one connector; runs closer together (a webhook's deliveries) share the next manifest, and Conduit archives what is left when it stops.");
    public static final String EVIDENCE_PART_ENTRIES = define("conduit.ledger.manifest-part-entries", OptionType.COUNT, "100000",
            "Most ledger entries in one evidence manifest email; a larger run's manifest is archived as several emails, \"part i of n\", each built in a temporary file, so memory stays flat at any run size.");
    public static final String EVIDENCE_MAILBOX = define("conduit.ledger.evidence-mailbox", OptionType.EMAIL, null,
            "Mailbox of the evidence manifests. Default: the catch-all mailbox.");
    public static final String EVIDENCE_FOLDER = define("conduit.ledger.evidence-folder", OptionType.STRING, "Conduit Evidence",
            "Folder of the evidence manifests in the evidence mailbox.");
    public static final String IMAP_USER = define("conduit.imap.user", OptionType.STRING, null,
            "IMAP login user (plain login: a single archive account).");
    public static final String IMAP_MASTER_USER = define("conduit.imap.master-user", OptionType.STRING, null,
            "Dovecot master user: log in as <mailbox>*<master user> into each custodian's mailbox.");
    public static final String IMAP_PASSWORD = define("conduit.imap.password", OptionType.SECRET, null,
            "IMAP password; prefer CONDUIT_IMAP_PASSWORD or conduit.imap.password-file. Never logged.");
    public static final String IMAP_PASSWORD_FILE = define("conduit.imap.password-file", OptionType.PATH, null,
            "File holding the IMAP password (first line), e.g. a mounted secret.");
    public static final String IMAP_TRUSTSTORE = define("conduit.imap.truststore", OptionType.PATH, null,
            "Truststore (PKCS12 or JKS) for a private CA. Default: the JVM's trust anchors.");
    public static final String IMAP_TRUSTSTORE_PASSWORD = define("conduit.imap.truststore-password", OptionType.SECRET, null,
            "Truststore password.");
    public static final String IMAP_INSECURE_TRUST_ALL = define("conduit.imap.insecure-trust-all", OptionType.BOOLEAN, "false",
            "Tests only: trust any certificate and host name; logged as a WARN on every connection.");
    public static final String IMAP_MAX_CONNECTIONS = define("conduit.imap.max-connections", OptionType.COUNT, "8",
            "Most IMAP connections kept open at once (one per custodian mailbox in master-user mode).");
    public static final String MAPPING_FILE = define("conduit.mapping.file", OptionType.PATH, null,
            "User mapping CSV identifier,mailbox[,display name]. Default: none (only mailbox domains map).");
    public static final String DEFAULT_REGION = define("conduit.mapping.default-region", OptionType.REGION, "US",
            "ISO 3166 region for phone numbers written without a country code.");
    public static final String MAILBOX_DOMAINS = define("conduit.mapping.mailbox-domains", OptionType.LIST, null,
            "Comma-separated email domains whose addresses are custodian mailboxes, e.g. example.com.");
    public static final String CATCH_ALL_MAILBOX = define("conduit.catch-all.mailbox", OptionType.EMAIL, "catch-all@localhost",
            "Mailbox for items with no mapped participant.");
    public static final String CATCH_ALL_FOLDER = define("conduit.catch-all.folder", OptionType.STRING, "Inbox",
            "Folder of catch-all copies.");
    public static final String ROUTES_DIR = define("conduit.routes.dir", OptionType.PATH, null,
            "Folder of *.camel.yaml routes that add to, or replace by relative path, the routes packaged in the jar. Default: none.");
    public static final String SCHEDULE_ENABLED = define("conduit.schedule.enabled", OptionType.BOOLEAN, "true",
            "false keeps the scheduled source routes stopped (used by import).");

    public static final String JDBC_URL = define("conduit.jdbc.url", OptionType.URI_TEXT, null,
            "PostgreSQL JDBC URL for checkpoints, e.g. jdbc:postgresql://db:5432/conduit; empty keeps them in the state folder.");
    public static final String JDBC_USER = define("conduit.jdbc.user", OptionType.STRING, null,
            "PostgreSQL user.");
    public static final String JDBC_PASSWORD = define("conduit.jdbc.password", OptionType.SECRET, null,
            "PostgreSQL password; prefer {{env:CONDUIT_JDBC_PASSWORD}}. Never logged.");
    public static final String SCHEDULE_SCHEDULER = define("conduit.schedule.scheduler", OptionType.STRING, "quartz",
            "Poll scheduler of the source templates: quartz, or #idlePollScheduler for no polls.");

    // ---------------------------------------------------------------- management
    // The management server itself is Camel's: camel.management.* (port 9876, /observe/health, /observe/metrics,
    // /observe/jolokia) and camel.metrics.* in application.properties. These keys add Conduit's Jolokia login.

    public static final String MANAGEMENT_USER = define("conduit.management.user", OptionType.STRING, "conduit",
            "User name of the HTTP Basic login that /observe/jolokia requires.");
    public static final String MANAGEMENT_PASSWORD = define("conduit.management.password", OptionType.SECRET, null,
            "Its password; prefer CONDUIT_MANAGEMENT_PASSWORD or conduit.management.password-file. Empty: Jolokia refuses every request. Never logged.");
    public static final String MANAGEMENT_PASSWORD_FILE = define("conduit.management.password-file", OptionType.PATH, null,
            "File holding that password (first line), e.g. a mounted secret; wins over conduit.management.password.");

    public static final String CLUSTER_ENABLED = define("conduit.cluster.enabled", OptionType.BOOLEAN, "false",
            "true runs this node as one of a cluster: clustered Quartz and every shared store in PostgreSQL.");
    public static final String CLUSTER_JDBC_URL = define("conduit.cluster.jdbc-url", OptionType.URI_TEXT, null,
            "PostgreSQL JDBC URL of the cluster's database, e.g. jdbc:postgresql://db:5432/conduit; required when clustered.");
    public static final String CLUSTER_JDBC_USER = define("conduit.cluster.jdbc-user", OptionType.STRING, null,
            "PostgreSQL user of the cluster's database.");
    public static final String CLUSTER_JDBC_PASSWORD = define("conduit.cluster.jdbc-password", OptionType.SECRET, null,
            "Its password; prefer {{env:CONDUIT_CLUSTER_JDBC_PASSWORD}} or conduit.cluster.jdbc-password-file. Never logged.");
    public static final String CLUSTER_JDBC_PASSWORD_FILE = define("conduit.cluster.jdbc-password-file", OptionType.PATH, null,
            "File holding the cluster database password (first line), e.g. a mounted secret.");
    public static final String CLUSTER_NODE_ID = define("conduit.cluster.node-id", OptionType.STRING, null,
            "This node's id, unique in the cluster (Quartz instance id, and the node column of every row). Default <host name>-<pid>.");
    public static final String CLUSTER_POOL_SIZE = define("conduit.cluster.pool-size", OptionType.COUNT, "15",
            "Most connections of this node's pool. (the Quartz threads plus five)");
    public static final String CLUSTER_SCHEDULER_THREADS = define("conduit.cluster.scheduler-threads", OptionType.COUNT, "10",
            "Quartz worker threads of this node: connector polls that can run at once.");
    public static final String CLUSTER_CHECKIN_INTERVAL_MS = define("conduit.cluster.checkin-interval-ms", OptionType.COUNT, "5000",
            "Milliseconds between a node's check-ins; a node silent for this plus 7.5 s is taken as dead.");

    public static final String STATUS_CUSTODIAN_GAP_DAYS = define("conduit.status.custodian-gap-days", OptionType.COUNT, "7",
            "Days without an archived item after which a mapped custodian is a gap alert on the status page.");
    public static final String STATUS_OVERDUE_GRACE_SECONDS = define("conduit.status.overdue-grace-seconds", OptionType.COUNT, "60",
            "Seconds a run may take after its cron fire time before the status page reports the connector overdue.");
    public static final String STATUS_VERIFY_BUTTON = define("conduit.status.verify-button", OptionType.BOOLEAN, "false",
            "Show a button on the status page that verifies the archive (ledger and every copy) in the background. Off by default: the page is read-only.");
    public static final String STATUS_LOG_DAYS = define("conduit.status.log-days", OptionType.COUNT, "7",
            "Default length in days (ending today, UTC) of the status page's connector-log download range.");

    public static final String OAUTH_PROVIDER = define("conduit.oauth.provider", OptionType.STRING, null,
            "IMAP login with SASL XOAUTH2: microsoft (Entra client credentials, Exchange Online), google (service "
                    + "account with domain-wide delegation, Gmail) or generic (an RFC 6749 token endpoint); empty: password login");
    public static final String OAUTH_TENANT = define("conduit.oauth.tenant", OptionType.STRING, null,
            "microsoft: the Entra tenant id or domain, e.g. contoso.onmicrosoft.com");
    public static final String OAUTH_CLIENT_ID = define("conduit.oauth.client-id", OptionType.STRING, null,
            "microsoft, generic: the application (client) id");
    public static final String OAUTH_CLIENT_SECRET = define("conduit.oauth.client-secret", OptionType.SECRET, null,
            "microsoft, generic: the client secret; prefer CONDUIT_OAUTH_CLIENT_SECRET or conduit.oauth.client-secret-file. Never logged.");
    public static final String OAUTH_CLIENT_SECRET_FILE = define("conduit.oauth.client-secret-file", OptionType.PATH, null,
            "File holding the client secret (first line), e.g. a mounted secret");
    public static final String OAUTH_CLIENT_CERTIFICATE = define("conduit.oauth.client-certificate", OptionType.PATH, null,
            "microsoft: PKCS#12 file with the app's certificate and private key, instead of a client secret");
    public static final String OAUTH_CLIENT_CERTIFICATE_PASSWORD = define("conduit.oauth.client-certificate-password",
            OptionType.SECRET, null, "Password of the PKCS#12 client certificate");
    public static final String OAUTH_SERVICE_ACCOUNT_FILE = define("conduit.oauth.service-account-file", OptionType.PATH, null,
            "google: the service account's JSON key file (domain-wide delegation, scope https://mail.google.com/)");
    public static final String OAUTH_TOKEN_URL = define("conduit.oauth.token-url", OptionType.URI_TEXT, null,
            "generic: the RFC 6749 token endpoint, e.g. https://sso.example.com/realms/mail/protocol/openid-connect/token");
    public static final String OAUTH_SCOPE = define("conduit.oauth.scope", OptionType.STRING, null,
            "The scope asked for; default https://outlook.office365.com/.default (Exchange Online), https://mail.google.com/ (Gmail), none (generic)");
    public static final String OAUTH_AUTHORITY = define("conduit.oauth.authority", OptionType.URI_TEXT, null,
            "microsoft: the authority URL when not https://login.microsoftonline.com/<tenant>/ (national clouds)");

    /** System property (JVM {@code -D} only): longest SMS Backup &amp; Restore attribute value parsed, in chars. */
    public static final String SMS_MAX_PART_CHARS = define("conduit.sms.max-part-chars", OptionType.COUNT, "33554432",
            "JVM system property only (-D): longest attribute value of an SMS Backup & Restore file parsed, in chars "
                    + "(about 24 MB of MMS media in one part's base64, 64 MB of heap while it is read); raise it with the heap");
    /** Redeliveries of a failed item before it is quarantined (the dead letter channel, routes/errors.camel.yaml). */
    public static final String REDELIVERY_MAXIMUM = define("conduit.redelivery.maximum", OptionType.COUNT, "4",
            "Redeliveries of an item whose store failed before it is quarantined (the dead letter channel)");
    /** Milliseconds between redeliveries. */
    public static final String REDELIVERY_DELAY_MS = define("conduit.redelivery.delay-ms", OptionType.COUNT, "500",
            "Milliseconds between two redeliveries of an item");

    private ConduitOptions() {
    }

    private static String define(String key, OptionType type, String defaultValue, String description) {
        DEFINITIONS.add(new Definition(key, type, defaultValue, description));
        return key;
    }

    /** Every key's definition, in the order above (grouped by area). */
    public static List<Definition> definitions() {
        return Collections.unmodifiableList(DEFINITIONS);
    }

    /** The definition of a key, or {@code null} when it is not a Conduit key. */
    public static Definition definition(String key) {
        return DEFINITIONS.stream().filter(d -> d.key().equals(key)).findFirst().orElse(null);
    }

    /** The defined default of a key ({@code null} when it has none). */
    public static String defaultValue(String key) {
        Definition d = definition(key);
        return d == null ? null : d.defaultValue();
    }

    /**
     * Checks every configured {@code conduit.*} value against its type.
     *
     * @param configured the configured value of a key, or {@code null} when it is not set
     * @throws IllegalArgumentException naming each bad key, what is wrong and an example, one per line, e.g.
     *                                  {@code conduit.mapping.default-region = 'UK': not an ISO 3166-1 alpha-2 region ...}
     */
    public static void validate(Function<String, String> configured) {
        List<String> errors = new ArrayList<>();
        for (Definition d : DEFINITIONS) {
            String value = configured.apply(d.key());
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                d.type().check(value);
            } catch (IllegalArgumentException e) {
                errors.add(d.key() + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", errors));
        }
    }

    /** The configured value of a size key in bytes ({@code 10MB}), or {@code fallback} when it is not set. */
    public static long bytes(Function<String, String> configured, String key, long fallback) {
        String value = configured.apply(key);
        return value == null || value.isBlank() ? fallback : OptionType.bytes(value);
    }
}

package io.conduit;

/**
 * Every {@code conduit.*} configuration key, with its default; documented in {@code application.properties} and
 * the README. Values come from {@code application.properties}, {@code -Dkey=value} or the {@code import} options.
 */
public final class ConduitOptions {

    /** Folder for idempotency keys, processed-file keys, the connector logs and the quarantine. Default {@code state}. */
    public static final String STATE_DIR = "conduit.state.dir";
    /** Where copies go: {@code maildir:DIR}, {@code imaps://host:port} or {@code imap://host:port}. Default {@code maildir:archive}. */
    public static final String STORE_URI = "conduit.store.uri";
    /** Force each Maildir file to disk before renaming it into {@code new/}. Default {@code true}. */
    public static final String MAILDIR_FSYNC = "conduit.store.maildir.fsync";
    /** Maximum item size in bytes; an item over it is archived without its largest attachments (counted partial). Default: the IMAP server's APPENDLIMIT, else 150 MB. */
    public static final String MAX_ITEM_BYTES = "conduit.store.max-item-bytes";
    /** IMAP login user (plain login: a single archive account). */
    public static final String IMAP_USER = "conduit.imap.user";
    /** Dovecot master user: log in as {@code <mailbox>*<master user>} into each custodian's mailbox. */
    public static final String IMAP_MASTER_USER = "conduit.imap.master-user";
    /** IMAP password; prefer {@code CONDUIT_IMAP_PASSWORD} or {@link #IMAP_PASSWORD_FILE}. Never logged. */
    public static final String IMAP_PASSWORD = "conduit.imap.password";
    /** File holding the IMAP password (first line), e.g. a mounted secret. */
    public static final String IMAP_PASSWORD_FILE = "conduit.imap.password-file";
    /** Truststore (PKCS12 or JKS) for a private CA. Default: the JVM's trust anchors. */
    public static final String IMAP_TRUSTSTORE = "conduit.imap.truststore";
    /** Truststore password. */
    public static final String IMAP_TRUSTSTORE_PASSWORD = "conduit.imap.truststore-password";
    /** Tests only: trust any certificate and host name; logged as a WARN on every connection. Default {@code false}. */
    public static final String IMAP_INSECURE_TRUST_ALL = "conduit.imap.insecure-trust-all";
    /** Most IMAP connections kept open at once (one per custodian mailbox in master-user mode). Default 8. */
    public static final String IMAP_MAX_CONNECTIONS = "conduit.imap.max-connections";
    /** User mapping CSV {@code identifier,mailbox[,display name]}. Default: none (only mailbox domains map). */
    public static final String MAPPING_FILE = "conduit.mapping.file";
    /** ISO 3166 region for phone numbers written without a country code. Default {@code US}. */
    public static final String DEFAULT_REGION = "conduit.mapping.default-region";
    /** Comma-separated email domains whose addresses are custodian mailboxes, e.g. {@code example.com}. */
    public static final String MAILBOX_DOMAINS = "conduit.mapping.mailbox-domains";
    /** Mailbox for items with no mapped participant. Default {@code catch-all@localhost}. */
    public static final String CATCH_ALL_MAILBOX = "conduit.catch-all.mailbox";
    /** Folder of catch-all copies. Default {@code Inbox}. */
    public static final String CATCH_ALL_FOLDER = "conduit.catch-all.folder";
    /** Folder of {@code *.camel.yaml} routes that add to, or replace by relative path, the routes packaged in the jar. Default: none. */
    public static final String ROUTES_DIR = "conduit.routes.dir";
    /** {@code false} keeps the scheduled source routes stopped (used by {@code import}). Default {@code true}. */
    public static final String SCHEDULE_ENABLED = "conduit.schedule.enabled";

    /** PostgreSQL JDBC URL for checkpoints, e.g. {@code jdbc:postgresql://db:5432/conduit}; empty keeps them in the state folder. */
    public static final String JDBC_URL = "conduit.jdbc.url";
    /** PostgreSQL user. */
    public static final String JDBC_USER = "conduit.jdbc.user";
    /** PostgreSQL password; prefer {@code {{env:CONDUIT_JDBC_PASSWORD}}}. Never logged. */
    public static final String JDBC_PASSWORD = "conduit.jdbc.password";
    /** Poll scheduler of the source templates: {@code quartz}, or {@code #idlePollScheduler} for no polls. Default {@code quartz}. */
    public static final String SCHEDULE_SCHEDULER = "conduit.schedule.scheduler";

    // ---------------------------------------------------------------- management
    // The management server itself is Camel's: camel.management.* (port 9876, /observe/health, /observe/metrics,
    // /observe/jolokia) and camel.metrics.* in application.properties. These keys add Conduit's Jolokia login.

    /** User name of the HTTP Basic login that {@code /observe/jolokia} requires. Default {@code conduit}. */
    public static final String MANAGEMENT_USER = "conduit.management.user";
    /** Its password; prefer {@code CONDUIT_MANAGEMENT_PASSWORD} or {@link #MANAGEMENT_PASSWORD_FILE}. Empty: Jolokia refuses every request. Never logged. */
    public static final String MANAGEMENT_PASSWORD = "conduit.management.password";
    /** File holding that password (first line), e.g. a mounted secret; wins over {@link #MANAGEMENT_PASSWORD}. */
    public static final String MANAGEMENT_PASSWORD_FILE = "conduit.management.password-file";

    /** {@code true} runs this node as one of a cluster: clustered Quartz and every shared store in PostgreSQL. Default {@code false}. */
    public static final String CLUSTER_ENABLED = "conduit.cluster.enabled";
    /** PostgreSQL JDBC URL of the cluster's database, e.g. {@code jdbc:postgresql://db:5432/conduit}; required when clustered. */
    public static final String CLUSTER_JDBC_URL = "conduit.cluster.jdbc-url";
    /** PostgreSQL user of the cluster's database. */
    public static final String CLUSTER_JDBC_USER = "conduit.cluster.jdbc-user";
    /** Its password; prefer {@code {{env:CONDUIT_CLUSTER_JDBC_PASSWORD}}} or {@link #CLUSTER_JDBC_PASSWORD_FILE}. Never logged. */
    public static final String CLUSTER_JDBC_PASSWORD = "conduit.cluster.jdbc-password";
    /** File holding the cluster database password (first line), e.g. a mounted secret. */
    public static final String CLUSTER_JDBC_PASSWORD_FILE = "conduit.cluster.jdbc-password-file";
    /** This node's id, unique in the cluster (Quartz instance id, and the node column of every row). Default {@code <host name>-<pid>}. */
    public static final String CLUSTER_NODE_ID = "conduit.cluster.node-id";
    /** Most connections of this node's pool. Default 15 (the Quartz threads plus five). */
    public static final String CLUSTER_POOL_SIZE = "conduit.cluster.pool-size";
    /** Quartz worker threads of this node: connector polls that can run at once. Default 10. */
    public static final String CLUSTER_SCHEDULER_THREADS = "conduit.cluster.scheduler-threads";
    /** Milliseconds between a node's check-ins; a node silent for this plus 7.5 s is taken as dead. Default 5000. */
    public static final String CLUSTER_CHECKIN_INTERVAL_MS = "conduit.cluster.checkin-interval-ms";

    /** Days without an archived item after which a mapped custodian is a gap alert on the status page. Default 7. */
    public static final String STATUS_CUSTODIAN_GAP_DAYS = "conduit.status.custodian-gap-days";
    /** Seconds a run may take after its cron fire time before the status page reports the connector overdue. Default 60. */
    public static final String STATUS_OVERDUE_GRACE_SECONDS = "conduit.status.overdue-grace-seconds";
    /** Default length in days (ending today, UTC) of the status page's connector-log download range. Default 7. */
    public static final String STATUS_LOG_DAYS = "conduit.status.log-days";

    private ConduitOptions() {
    }
}

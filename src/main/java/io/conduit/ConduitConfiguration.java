package io.conduit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.conduit.cluster.ClusterNode;
import io.conduit.cluster.ClusterSettings;
import io.conduit.mapping.MailboxResolver;
import io.conduit.mapping.MappingException;
import io.conduit.mapping.UserMapping;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.observe.ConnectorMetrics;
import io.conduit.observe.Observability;
import io.conduit.observe.TimedStore;
import io.conduit.pipeline.ArchivePipeline;
import io.conduit.pipeline.ConnectorRuns;
import io.conduit.pipeline.QuarantineHandler;
import io.conduit.pipeline.TranscriptArchiver;
import io.conduit.source.IdlePollScheduler;
import io.conduit.source.SourceBindings;
import io.conduit.source.ExportReaders;
import io.conduit.pipeline.InputCheckpoints;
import io.conduit.state.checkpoint.CheckpointStore;
import io.conduit.state.checkpoint.FileCheckpointStore;
import io.conduit.state.transcript.FileTranscriptStore;
import io.conduit.state.transcript.JdbcTranscriptStore;
import io.conduit.state.checkpoint.JdbcCheckpointStore;
import io.conduit.state.log.ConnectorLog;
import io.conduit.state.journal.IntentJournal;
import io.conduit.state.log.JdbcConnectorLog;
import io.conduit.state.idempotency.EmbeddedStateDatabase;
import io.conduit.state.idempotency.JdbcIdempotentRepository;
import io.conduit.state.journal.JdbcPendingItems;
import io.conduit.state.journal.PendingItems;
import io.conduit.state.Quarantine;
import io.conduit.state.StateLock;
import io.conduit.status.ManagementPages;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoreFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Registry;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Binds Conduit's beans into the registry from the {@code conduit.*} options ({@link ConduitOptions}): the store, the
 * user mapping and router, the transformer, the state (idempotency, connector log, quarantine) and the source beans
 * the route templates call. With {@code conduit.cluster.enabled}, idempotency, the intent journal, processed files,
 * checkpoints and the connector log are in the cluster's PostgreSQL database and Quartz is clustered
 * ({@link ClusterNode}); the state folder (one per node, locked) keeps the quarantine and the spools.
 */
public class ConduitConfiguration implements CamelConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConduitConfiguration.class);

    @Override
    public void configure(CamelContext context) throws MappingException {
        Registry registry = context.getRegistry();
        ConduitOptions.validate(key -> property(context, key, null));
        Path state = Path.of(value(context, ConduitOptions.STATE_DIR));
        StateLock lock = StateLock.acquire(state);
        try {
            context.addService(lock, true, true);
        } catch (Exception e) {
            lock.stop();
            throw new IllegalStateException("cannot register the state folder lock", e);
        }
        String region = value(context, ConduitOptions.DEFAULT_REGION);

        String mappingFile = property(context, ConduitOptions.MAPPING_FILE, "");
        UserMapping mapping = mappingFile.isBlank() ? UserMapping.empty() : UserMapping.load(Path.of(mappingFile), region);
        Set<String> domains = Arrays.stream(property(context, ConduitOptions.MAILBOX_DOMAINS, "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        MailboxResolver resolver = new MailboxResolver(mapping, domains,
                value(context, ConduitOptions.CATCH_ALL_MAILBOX));

        MeterRegistry meterRegistry = Observability.meterRegistry(context);
        ConnectorMetrics connectorMetrics = new ConnectorMetrics(meterRegistry, java.time.Clock.systemUTC());
        ArchiveStore untimed = StoreFactory.create(value(context, ConduitOptions.STORE_URI), key -> property(context, key, null));
        ArchiveStore store = new TimedStore(untimed, meterRegistry);
        ClusterNode cluster = Boolean.parseBoolean(property(context, ConduitOptions.CLUSTER_ENABLED, "false"))
                ? joinCluster(context) : null;
        ConnectorLog connectorLog = cluster == null ? new ConnectorLog(state)
                : new ConnectorLog(state, new JdbcConnectorLog(cluster.dataSource(), cluster.nodeId()));
        try {
            Path keyDir = Path.of(property(context, ConduitOptions.LEDGER_KEY_DIR,
                    io.conduit.ledger.Ledger.folder(state).toString()));
            io.conduit.ledger.Ledger ledger = cluster == null ? new io.conduit.ledger.Ledger(state, keyDir)
                    : new io.conduit.ledger.Ledger(keyDir, cluster.dataSource(), cluster.nodeId());
            if (Boolean.parseBoolean(value(context, ConduitOptions.EVIDENCE_MANIFESTS))) {
                String evidence = property(context, ConduitOptions.EVIDENCE_MAILBOX, null);
                io.conduit.ledger.EvidenceManifests manifests = new io.conduit.ledger.EvidenceManifests(
                        io.conduit.ledger.Ledger.folder(state), ledger, untimed, evidence == null || evidence.isBlank()
                                ? value(context, ConduitOptions.CATCH_ALL_MAILBOX) : evidence.strip(),
                        value(context, ConduitOptions.EVIDENCE_FOLDER),
                        1000L * Long.parseLong(value(context, ConduitOptions.EVIDENCE_INTERVAL)),
                        Integer.parseInt(value(context, ConduitOptions.EVIDENCE_PART_ENTRIES)));
                ledger.afterSeal(manifests::archive);
                context.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
                    @Override
                    public void onContextStopping(CamelContext c) {
                        manifests.flush(); // the runs' routes have stopped: what is deferred is archived now
                    }
                });
            }
            connectorLog.useLedger(ledger);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot open the evidence ledger in " + state + ": " + e.getMessage(), e);
        }
        Quarantine quarantine = new Quarantine(state);

        registry.bind("archiveStore", store);
        registry.bind("connectorLog", connectorLog);
        registry.bind("quarantine", quarantine);
        registry.bind("mailboxResolver", resolver);
        IdempotentRepository archived;
        IntentJournal pending;
        IdempotentRepository processedFiles;
        if (cluster == null) {
            // keys on disk in the state folder's SQLite database, through the same JDBC code as a cluster
            EmbeddedStateDatabase db = EmbeddedStateDatabase.open(state);
            closeOnStop(context, db);
            JdbcIdempotentRepository embeddedArchived = JdbcIdempotentRepository.embeddedArchivedItems(db);
            JdbcIdempotentRepository embeddedFiles = JdbcIdempotentRepository.embeddedProcessedFiles(db);
            EmbeddedStateDatabase.migrate(state.resolve("archived-items.txt"), embeddedArchived);
            EmbeddedStateDatabase.migrate(state.resolve("processed-files.txt"), embeddedFiles);
            archived = embeddedArchived;
            pending = new PendingItems(state, archived::contains);
            processedFiles = embeddedFiles;
        } else {
            archived = JdbcIdempotentRepository.archivedItems(cluster.dataSource(), cluster.nodeId());
            pending = new JdbcPendingItems(cluster.dataSource(), cluster.nodeId());
            processedFiles = JdbcIdempotentRepository.processedFiles(cluster.dataSource(), cluster.nodeId());
        }
        if (pending.pendingCount() > 0) {
            LOG.warn("{} item(s) may have been half-stored by an earlier run that stopped abruptly; their copies will be "
                    + "looked up by Message-ID before any is stored again", pending.pendingCount());
        }
        registry.bind("archivedItems", archived);
        registry.bind("pendingItems", pending);
        ArchivePipeline pipeline = new ArchivePipeline(resolver, new ArchiveItemToMime(resolver), store, connectorLog,
                pending, value(context, ConduitOptions.CATCH_ALL_FOLDER),
                ConduitOptions.bytes(key -> property(context, key, null), ConduitOptions.MAX_ITEM_BYTES, 0),
                Integer.parseInt(value(context, ConduitOptions.PARALLEL_COPIES)));
        registry.bind("archivePipeline", pipeline);
        registry.bind("archiveBatches", new io.conduit.pipeline.ArchiveBatches(pipeline, store, pending, connectorLog,
                archived, value(context, ConduitOptions.CATCH_ALL_FOLDER),
                Integer.parseInt(value(context, ConduitOptions.BATCH_SIZE)),
                Integer.parseInt(value(context, ConduitOptions.PARALLEL_COPIES))));
        registry.bind("quarantineHandler", new QuarantineHandler(quarantine, connectorLog));
        registry.bind("connectorMetrics", connectorMetrics);
        registry.bind("connectorRuns", new ConnectorRuns(connectorLog, connectorMetrics));
        connectorLog.observe(connectorMetrics);
        Observability.install(context, store, state, value(context, ConduitOptions.CATCH_ALL_MAILBOX),
                connectorMetrics, connectorLog, key -> property(context, key, null));
        registry.bind("processedFiles", processedFiles);
        registry.bind("idlePollScheduler", new IdlePollScheduler());
        CheckpointStore checkpoints = cluster == null ? checkpointStore(context, state)
                : new JdbcCheckpointStore(cluster.dataSource());
        registry.bind("checkpointStore", checkpoints);
        javax.sql.DataSource transcriptDb = cluster != null ? cluster.dataSource() : jdbcDataSource(context);
        TranscriptArchiver transcripts = new TranscriptArchiver(transcriptDb == null ? new FileTranscriptStore(state)
                : new JdbcTranscriptStore(transcriptDb), context);
        registry.bind("transcripts", transcripts);
        try {
            // transcript days that a run which stopped abruptly left pending are issued once the routes run
            context.addStartupListener(new org.apache.camel.ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
                    // the pipeline's routes are not running yet
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) {
                    transcripts.recover();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the transcript recovery", e);
        }
        registry.bind("inputCheckpoints", new InputCheckpoints(checkpoints));
        registry.bind("exportReaders", new ExportReaders(region));
        SourceBindings sources = new SourceBindings(context, state, checkpoints, connectorLog, region);
        ExportReaders.plugins().forEach(plugin -> plugin.bind(sources));
        try {
            // connectors are template instances, known once the routes are loaded: checked before any route starts
            context.addStartupListener(new org.apache.camel.StartupListener() {
                @Override
                public void onCamelContextStarting(CamelContext camel, boolean alreadyStarted) {
                    ConfiguredConnectors.validate(camel);
                }

                @Override
                public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
                    // checked while starting
                }
            });
            context.addStartupListener(new ManagementPages(java.time.Clock.systemUTC()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the management pages", e);
        }
    }

    /** Closes the state database when the context stops, after its routes. */
    private static void closeOnStop(CamelContext context, EmbeddedStateDatabase db) {
        try {
            context.addService(db, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the state database: " + e.getMessage(), e);
        }
    }

    /**
     * Joins the cluster ({@code conduit.cluster.*}): the shared stores go to its database, and, when the schedules
     * run ({@code conduit.schedule.enabled}), Quartz becomes the cluster's JDBC JobStore. A one-shot command
     * ({@code import}, {@code --once}, {@code quarantine retry}) uses the shared stores but never joins the scheduler.
     */
    private static ClusterNode joinCluster(CamelContext context) {
        ClusterNode node = ClusterNode.join(context, ClusterSettings.from(key -> property(context, key, null)));
        if (Boolean.parseBoolean(property(context, ConduitOptions.SCHEDULE_ENABLED, "true"))) {
            node.scheduleClustered(context);
        }
        return node;
    }

    /** PostgreSQL when {@code conduit.jdbc.url} is set, else the state folder. */
    private static CheckpointStore checkpointStore(CamelContext context, Path state) {
        javax.sql.DataSource dataSource = jdbcDataSource(context);
        return dataSource == null ? new FileCheckpointStore(state) : new JdbcCheckpointStore(dataSource);
    }

    /** The PostgreSQL database of {@code conduit.jdbc.url}, or {@code null} when it is not set. */
    private static javax.sql.DataSource jdbcDataSource(CamelContext context) {
        String url = property(context, ConduitOptions.JDBC_URL, "");
        if (url.isBlank()) {
            return null;
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        String user = property(context, ConduitOptions.JDBC_USER, "");
        if (!user.isBlank()) {
            dataSource.setUser(user);
        }
        String password = property(context, ConduitOptions.JDBC_PASSWORD, "");
        if (!password.isBlank()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /** The configured value of a key, else its defined default. */
    private static String value(CamelContext context, String key) {
        return property(context, key, ConduitOptions.defaultValue(key));
    }

    private static String property(CamelContext context, String key, String defaultValue) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::strip).orElse(defaultValue);
    }
}

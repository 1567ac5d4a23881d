package io.conduit.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import io.conduit.ConduitOptions;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as a node of a Conduit cluster: a pooled connection to the cluster's PostgreSQL database, the startup
 * lock, and the clustered Quartz scheduler.
 *
 * <p><b>Startup lock.</b> From {@link #join} until its Camel context has fully started, a node holds a PostgreSQL
 * advisory lock (per database and schema), so that nodes start one after another: schema creation
 * ({@code CREATE TABLE IF NOT EXISTS} is not safe between concurrent sessions) and the creation of each connector's
 * Quartz trigger never race. A node that waits logs it; it gives up after five minutes.
 *
 * <p><b>Quartz.</b> {@link #scheduleClustered} replaces the {@code quartz} component's in-memory store by a
 * {@code JobStoreTX} with the {@code PostgreSQLDelegate}, {@code isClustered=true}, on this pool: each trigger (one per
 * connector) fires on one node per fire time, a connector's poll never runs on two nodes at once (Camel's poll jobs
 * are {@code @DisallowConcurrentExecution}), and the triggers of a node that stops checking in are taken over by the
 * others. Every fire is recorded in {@code conduit_schedule_fire} ({@link ScheduleFireLog}).
 *
 * <p>The pool is closed when the Camel context has stopped.
 */
public final class ClusterNode {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** First key of the startup advisory lock (the second is a hash of the schema name). */
    private static final int STARTUP_LOCK_CLASS = 0x436f6e64; // "Cond"

    private final ClusterSettings settings;
    private final HikariDataSource dataSource;
    private Connection startupLock;

    private ClusterNode(ClusterSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
    }

    /**
     * Opens the pool, waits for the startup lock, creates the Quartz tables when absent, and ties the node's life to
     * the Camel context: the lock is released when the context has fully started (or stops), the pool is closed when
     * it has stopped.
     *
     * @throws IllegalStateException when the database cannot be reached, the lock is not had within five minutes, or
     *                               the DDL is refused
     */
    public static ClusterNode join(CamelContext context, ClusterSettings settings) {
        HikariDataSource dataSource = openPool(settings);
        ClusterNode node = new ClusterNode(settings, dataSource);
        try {
            node.lockStartup();
            if (QuartzSchema.createIfAbsent(node.startupLock)) {
                LOG.info("Created the Quartz JobStore tables (qrtz_*) in the cluster database");
            }
        } catch (SQLException | RuntimeException e) {
            node.close();
            throw new IllegalStateException("cannot prepare the cluster database: " + e.getMessage(), e);
        }
        try {
            context.addStartupListener(node.startupListener());
        } catch (Exception e) {
            node.close();
            throw new IllegalStateException("cannot register the cluster startup listener", e);
        }
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext c) {
                node.close();
            }
        });
        LOG.info("Joined the cluster as node {} (scheduler {})", settings.nodeId(), settings.schedulerName());
        return node;
    }

    /**
     * Opens a connection pool to the cluster's database without joining the cluster (for commands such as
     * {@code verify} that read the shared stores).
     *
     * @throws IllegalStateException when the database cannot be reached
     */
    public static HikariDataSource openPool(ClusterSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("conduit-cluster");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the cluster database (" + ConduitOptions.CLUSTER_JDBC_URL
                    + "): " + e.getMessage(), e);
        }
        return dataSource;
    }

    /** Releases the startup lock once the routes and the scheduler have started. */
    private ExtendedStartupListener startupListener() {
        return new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext c, boolean alreadyStarted) {
                // the lock is held until the routes and the scheduler have started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext c, boolean alreadyStarted) {
                unlockStartup();
            }
        };
    }

    /** The pool of the cluster's database, for the shared stores. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** This node's id. */
    public String nodeId() {
        return settings.nodeId();
    }

    /**
     * Installs the clustered Quartz scheduler as the {@code quartz} component, which the file connectors'
     * {@code scheduler=quartz} and the polled connectors' {@code quartz:} endpoints use, and records every fire.
     *
     * @throws IllegalStateException when {@code conduit_schedule_fire} cannot be created
     */
    public void scheduleClustered(CamelContext context) {
        String dataSourceName = "conduit-cluster-" + Integer.toHexString(System.identityHashCode(this));
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool is closed with the Camel context, after the scheduler
            }

            @Override
            public void initialize() {
                // the pool is open
            }
        });
        ScheduleFireLog fires;
        try {
            fires = new ScheduleFireLog(dataSource, settings.nodeId());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create table conduit_schedule_fire: " + e.getMessage(), e);
        }
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(quartzProperties(settings, dataSourceName));
        quartz.setPrefixInstanceName(false);
        quartz.addScheduleInitTask(scheduler -> scheduler.getListenerManager().addJobListener(fires));
        context.addComponent("quartz", quartz);
        context.addLifecycleStrategy(new SharedTriggers());
    }

    /** The Quartz properties of a clustered JobStore on the named data source. */
    static Map<String, String> quartzProperties(ClusterSettings settings, String dataSourceName) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.quartz.scheduler.instanceName", settings.schedulerName());
        p.put("org.quartz.scheduler.instanceId", settings.nodeId());
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        // a trigger another node created is seen within a second, not the default 30 s
        p.put("org.quartz.scheduler.idleWaitTime", "1000");
        p.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.put("org.quartz.threadPool.threadCount", Integer.toString(settings.schedulerThreads()));
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", dataSourceName);
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", Long.toString(settings.checkinIntervalMs()));
        // a poll more than 5 s late (a node was busy or down) counts as misfired: it fires once now (cron smart policy)
        p.put("org.quartz.jobStore.misfireThreshold", "5000");
        p.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    private void lockStartup() throws SQLException {
        startupLock = dataSource.getConnection();
        try (Statement s = startupLock.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + STARTUP_LOCK_CLASS
                    + ", hashtext(current_schema()))")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            LOG.info("Another Conduit node of this cluster is starting: waiting for it (at most 5 minutes)");
            s.execute("SET lock_timeout = '5min'");
            s.execute("SELECT pg_advisory_lock(" + STARTUP_LOCK_CLASS + ", hashtext(current_schema()))");
            s.execute("RESET lock_timeout");
        }
    }

    private synchronized void unlockStartup() {
        if (startupLock == null) {
            return;
        }
        try (Connection c = startupLock; Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + STARTUP_LOCK_CLASS + ", hashtext(current_schema()))");
        } catch (SQLException e) {
            LOG.warn("cannot release the cluster startup lock (released when the connection closes): {}", e.getMessage());
        } finally {
            startupLock = null;
        }
    }

    private synchronized void close() {
        unlockStartup();
        dataSource.close();
    }
}

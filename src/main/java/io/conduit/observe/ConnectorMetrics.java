package io.conduit.observe;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.conduit.state.ConnectorRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Conduit's own meters per connector, in the Micrometer registry that {@code /observe/metrics} scrapes in Prometheus
 * text format, and each connector's last run for the readiness check ({@link ConnectorHealthCheck}).
 *
 * <p>It is the {@link ConnectorRun.Listener} of every run and of the connector log's {@code poll-failed} lines, so the
 * meters move with the run's own counts (the numbers of the connector log's {@code run} lines) and keep none of their
 * own. Every meter has the tag {@code connector}
 * (the connector id, which is also its route id):
 * <ul>
 *   <li>{@code conduit_items_read_total}, {@code conduit_items_archived_total}, {@code conduit_items_duplicate_total},
 *       {@code conduit_items_quarantined_total}, {@code conduit_items_partial_total}: items read, archived, already
 *       archived, quarantined, and archived without attachments over the maximum item size;</li>
 *   <li>{@code conduit_copies_written_total}: mailbox copies written;</li>
 *   <li>{@code conduit_checkpoint_lag_seconds} (gauge): now minus the original time of the newest item archived since
 *       start, in seconds; NaN until an item is archived;</li>
 *   <li>{@code conduit_last_success_timestamp_seconds} (gauge): when the last successful run ended (it did not fail
 *       and its counts balanced), in seconds since the epoch; NaN until one has.</li>
 * </ul>
 * Counters start at zero for each configured connector once Camel has started ({@link #connector}). Thread-safe.
 */
public final class ConnectorMetrics implements ConnectorRun.Listener {

    /** Items read (Prometheus {@code conduit_items_read_total}). */
    public static final String ITEMS_READ = "conduit.items.read";
    /** Items archived (Prometheus {@code conduit_items_archived_total}). */
    public static final String ITEMS_ARCHIVED = "conduit.items.archived";
    /** Items already archived (Prometheus {@code conduit_items_duplicate_total}). */
    public static final String ITEMS_DUPLICATE = "conduit.items.duplicate";
    /** Items quarantined (Prometheus {@code conduit_items_quarantined_total}). */
    public static final String ITEMS_QUARANTINED = "conduit.items.quarantined";
    /** Items archived without their largest attachments (Prometheus {@code conduit_items_partial_total}). */
    public static final String ITEMS_PARTIAL = "conduit.items.partial";
    /** Mailbox copies written (Prometheus {@code conduit_copies_written_total}). */
    public static final String COPIES_WRITTEN = "conduit.copies.written";
    /** Now minus the newest archived item's time (Prometheus {@code conduit_checkpoint_lag_seconds}). */
    public static final String CHECKPOINT_LAG = "conduit.checkpoint.lag";
    /** End of the last successful run (Prometheus {@code conduit_last_success_timestamp_seconds}). */
    public static final String LAST_SUCCESS = "conduit.last.success.timestamp";
    /** The tag naming the connector. */
    public static final String CONNECTOR_TAG = "connector";

    /**
     * The end of a connector's last run.
     *
     * @param ended    when it ended
     * @param failure  why it failed (a poll that failed), or {@code null}
     * @param balanced whether its counts balanced
     */
    public record LastRun(Instant ended, String failure, boolean balanced) {

        /** True when the run did not fail and its counts balanced. */
        public boolean successful() {
            return failure == null && balanced;
        }
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Meters> connectors = new ConcurrentHashMap<>();

    /**
     * @param registry the Micrometer registry (camel-micrometer-prometheus's {@code metricsRegistry})
     * @param clock    for the checkpoint lag
     */
    public ConnectorMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers the meters of a connector (at zero) unless they are; called for every configured connector on start. */
    public void connector(String connectorId) {
        meters(connectorId);
    }

    /**
     * Takes a connector's last run and last successful run from its connector log's recent {@code run} and
     * {@code poll-failed} lines ({@link io.conduit.state.log.ConnectorLog#recentRuns}), so that readiness and
     * {@code conduit_last_success_timestamp_seconds} survive a restart. Runs that ended here since start win.
     *
     * @param runs the lines, oldest first
     */
    public void restore(String connectorId, List<Map<String, Object>> runs) {
        Meters m = meters(connectorId);
        for (Map<String, Object> line : runs) {
            boolean pollFailed = "poll-failed".equals(line.get("type"));
            Object end = line.get(pollFailed ? "time" : "end");
            if (end == null) {
                continue;
            }
            Object failure = line.get(pollFailed ? "error" : "failure");
            LastRun run = new LastRun(Instant.parse(end.toString()), failure == null ? null : failure.toString(),
                    pollFailed || Boolean.TRUE.equals(line.get("balanced")));
            m.lastRun.accumulateAndGet(run, (a, b) -> a == null || b.ended().isAfter(a.ended()) ? b : a);
            if (run.successful()) {
                m.lastSuccess.accumulateAndGet(run.ended(), ConnectorMetrics::later);
            }
        }
    }

    /** The last run of a connector (since start, or from its connector log), or {@code null} when none has ended. */
    public LastRun lastRun(String connectorId) {
        Meters m = connectors.get(connectorId);
        return m == null ? null : m.lastRun.get();
    }

    @Override
    public void itemRead(String connectorId) {
        meters(connectorId).read.increment();
    }

    @Override
    public void itemArchived(String connectorId, int copies, Instant itemTime) {
        Meters m = meters(connectorId);
        m.archived.increment();
        m.copies.increment(copies);
        if (itemTime != null) {
            m.newestItem.accumulateAndGet(itemTime, ConnectorMetrics::later);
        }
    }

    @Override
    public void itemDuplicate(String connectorId) {
        meters(connectorId).duplicates.increment();
    }

    @Override
    public void itemQuarantined(String connectorId) {
        meters(connectorId).quarantined.increment();
    }

    @Override
    public void itemPartial(String connectorId) {
        meters(connectorId).partial.increment();
    }

    @Override
    public void pollFailed(String connectorId, String error) {
        meters(connectorId).lastRun.set(new LastRun(clock.instant(), error == null ? "unknown error" : error, true));
    }

    @Override
    public void runEnded(ConnectorRun run) {
        Meters m = meters(run.connectorId());
        LastRun last = new LastRun(run.endedAt(), run.failure(), run.balanced());
        m.lastRun.set(last);
        if (last.successful()) {
            m.lastSuccess.set(last.ended());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private Meters meters(String connectorId) {
        return connectors.computeIfAbsent(connectorId, Meters::new);
    }

    /** The meters and last-run state of one connector. */
    private final class Meters {
        final Counter read;
        final Counter archived;
        final Counter duplicates;
        final Counter quarantined;
        final Counter partial;
        final Counter copies;
        final AtomicReference<Instant> newestItem = new AtomicReference<>();
        final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
        final AtomicReference<LastRun> lastRun = new AtomicReference<>();

        Meters(String connectorId) {
            read = counter(ITEMS_READ, "Items (or records that could not become one) read", connectorId);
            archived = counter(ITEMS_ARCHIVED, "Items archived (one or more mailbox copies written)", connectorId);
            duplicates = counter(ITEMS_DUPLICATE, "Items skipped as already archived", connectorId);
            quarantined = counter(ITEMS_QUARANTINED, "Items, records or inputs quarantined with a reason", connectorId);
            partial = counter(ITEMS_PARTIAL, "Items archived without attachments over the maximum item size", connectorId);
            copies = counter(COPIES_WRITTEN, "Mailbox copies written", connectorId);
            Gauge.builder(CHECKPOINT_LAG, this, Meters::lagSeconds)
                    .description("Now minus the original time of the newest item archived since start")
                    .baseUnit("seconds").tag(CONNECTOR_TAG, connectorId).register(registry);
            Gauge.builder(LAST_SUCCESS, this, Meters::lastSuccessSeconds)
                    .description("End of the last run that did not fail and balanced, seconds since the epoch")
                    .baseUnit("seconds").tag(CONNECTOR_TAG, connectorId).register(registry);
        }

        private Counter counter(String name, String description, String connectorId) {
            return Counter.builder(name).description(description).tag(CONNECTOR_TAG, connectorId).register(registry);
        }

        double lagSeconds() {
            Instant newest = newestItem.get();
            return newest == null ? Double.NaN : (clock.millis() - newest.toEpochMilli()) / 1000.0;
        }

        double lastSuccessSeconds() {
            Instant t = lastSuccess.get();
            return t == null ? Double.NaN : t.toEpochMilli() / 1000.0;
        }
    }
}

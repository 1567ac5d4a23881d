package io.conduit.observe;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.util.URISupport;
import org.quartz.CronExpression;

/**
 * Readiness check {@code conduit/connector:<id>} of one connector (a route template instance), from its last run
 * ({@link ConnectorMetrics#lastRun}). The rule:
 * <ul>
 *   <li>DOWN when the last run failed (a poll that failed: source unreachable, credentials refused) or its counts did
 *       not balance;</li>
 *   <li>for a polled connector (a {@code quartz:} route: SQL, LivePerson, Signal daemon), whose every poll writes a
 *       run, DOWN when its route is started and no run has ended for more than twice its schedule's interval plus
 *       {@value #GRACE_SECONDS} s (counted from start while there is none); the interval is the time between the
 *       cron's next two fire times;</li>
 *   <li>UP otherwise, also before a first run. A file connector (WhatsApp, Signal drop folder) writes a run only when a
 *       new file arrives, so it is not held to its schedule: a folder it cannot poll shows in Camel's own
 *       {@code consumer:<id>} check.</li>
 * </ul>
 */
public final class ConnectorHealthCheck extends ReadinessCheck {

    /** Slack added to twice the schedule interval before a polled connector is overdue, in seconds. */
    public static final long GRACE_SECONDS = 60;

    private final String connectorId;
    private final ConnectorMetrics metrics;
    private final Clock clock;
    private final Instant since;

    /**
     * @param connectorId connector (route) id
     * @param metrics     where the last run is kept
     * @param clock       the time now
     * @param since       when Conduit started: the reference of the schedule while no run has ended
     */
    public ConnectorHealthCheck(String connectorId, ConnectorMetrics metrics, Clock clock, Instant since) {
        super("connector:" + connectorId);
        this.connectorId = connectorId;
        this.metrics = metrics;
        this.clock = clock;
        this.since = since;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("connector", connectorId);
        ConnectorMetrics.LastRun last = metrics.lastRun(connectorId);
        if (last != null) {
            builder.detail("last.run.end", last.ended().toString());
            if (last.failure() != null) {
                builder.message("last run of connector " + connectorId + " failed: " + last.failure()).down();
                return;
            }
            if (!last.balanced()) {
                builder.message("last run of connector " + connectorId + " did not balance (see its connector log)").down();
                return;
            }
        }
        Duration allowed = allowedGap();
        if (allowed != null) {
            builder.detail("schedule.allows.seconds", allowed.toSeconds());
            Instant reference = last == null ? since : last.ended();
            Duration gap = Duration.between(reference, clock.instant());
            if (gap.compareTo(allowed) > 0) {
                builder.message("connector " + connectorId + " has not run for " + gap.toSeconds() + " s; its schedule allows "
                        + allowed.toSeconds() + " s").down();
                return;
            }
        }
        builder.up();
    }

    /** Twice the cron interval plus the grace, for a started {@code quartz:} route; {@code null} when it does not apply. */
    private Duration allowedGap() {
        Route route = getCamelContext() == null ? null : getCamelContext().getRoute(connectorId);
        if (route == null || getCamelContext().getRouteController().getRouteStatus(connectorId) != ServiceStatus.Started) {
            return null;
        }
        String uri = route.getEndpoint().getEndpointUri();
        int query = uri.indexOf('?');
        if (!uri.startsWith("quartz:") || query < 0) {
            return null;
        }
        try {
            Object cron = URISupport.parseQuery(uri.substring(query + 1)).get("cron");
            if (cron == null) {
                return null;
            }
            Duration interval = interval(cron.toString(), clock.instant());
            return interval == null ? null : interval.multipliedBy(2).plusSeconds(GRACE_SECONDS);
        } catch (java.net.URISyntaxException | ParseException e) {
            return null;
        }
    }

    /** The time between a Quartz cron's next two fire times after {@code now}, or {@code null} when it fires less than twice. */
    static Duration interval(String cron, Instant now) throws ParseException {
        CronExpression expression = new CronExpression(cron.replace('+', ' '));
        Date first = expression.getNextValidTimeAfter(Date.from(now));
        Date second = first == null ? null : expression.getNextValidTimeAfter(first);
        return second == null ? null : Duration.ofMillis(second.getTime() - first.getTime());
    }
}

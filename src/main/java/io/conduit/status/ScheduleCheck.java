package io.conduit.status;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * Whether a connector's last successful run is older than its Quartz cron allows.
 *
 * <p>Rule: with {@code t} the end of the last successful run, {@code f1} the first fire time of the cron after
 * {@code t} and {@code f2} the next after {@code f1}, the connector is overdue once {@code now > f2 + grace}: two
 * scheduled runs have come and gone without a success (one missed fire is tolerated; the grace covers the time a run
 * takes). The cron is evaluated in the JVM's time zone, as camel-quartz does by default.
 */
public final class ScheduleCheck {

    /** Default time a run may take after its fire time before it counts as missed. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);

    private ScheduleCheck() {
    }

    /**
     * @param cron        Quartz cron expression ({@code 0 0/15 * * * ?})
     * @param lastSuccess end of the last successful run
     * @param zone        zone the cron is evaluated in
     * @return the instant after which the connector is overdue, or {@code null} when the cron never fires again
     * @throws IllegalArgumentException when the cron does not parse, with Quartz's message
     */
    public static Instant deadline(String cron, Instant lastSuccess, ZoneId zone, Duration grace) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid Quartz cron '" + cron + "': " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        Date f1 = expression.getNextValidTimeAfter(Date.from(lastSuccess));
        Date f2 = f1 == null ? null : expression.getNextValidTimeAfter(f1);
        return f2 == null ? null : f2.toInstant().plus(grace);
    }

    /** True when {@code now} is past {@link #deadline}. */
    public static boolean overdue(String cron, Instant lastSuccess, Instant now, ZoneId zone, Duration grace) {
        Instant deadline = deadline(cron, lastSuccess, zone, grace);
        return deadline != null && now.isAfter(deadline);
    }
}

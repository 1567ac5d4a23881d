package io.conduit.mime;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

import jakarta.mail.internet.MailDateFormat;

/** Writes an instant as the participants saw it: the {@code Date:} header with their zone's offset, and the footer line. */
public final class LocalTimes {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx", Locale.ROOT);
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);

    /** {@link MailDateFormat} is a {@code SimpleDateFormat}: not thread-safe, and costly to build for every item. */
    private static final ThreadLocal<MailDateFormat> DATE_HEADER = ThreadLocal.withInitial(MailDateFormat::new);

    private LocalTimes() {
    }

    /**
     * The RFC 5322 {@code Date:} value of an instant in a zone, by Angus Mail's {@link MailDateFormat}: the same instant,
     * written with the zone's offset at that time, e.g. {@code Fri, 20 Nov 2026 14:03:00 +0100 (CET)}.
     */
    public static String dateHeader(Instant instant, ZoneId zone) {
        MailDateFormat format = DATE_HEADER.get();
        format.setTimeZone(TimeZone.getTimeZone(zone));
        return format.format(Date.from(instant));
    }

    /** The footer's local time: {@code 2026-11-20 14:03:00 +01:00 (Europe/Berlin, CET)}. */
    public static String describe(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        return LOCAL.format(local) + " (" + zone.getId() + ", " + ZONE_NAME.format(local) + ")";
    }
}

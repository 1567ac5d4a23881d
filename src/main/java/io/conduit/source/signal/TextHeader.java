package io.conduit.source.signal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a message line in a Signal text export, {@code [yyyy-mm-dd, HH:MM] Name: text}.
 *
 * @param year   the year as written
 * @param month  1-12 as written (not yet validated)
 * @param day    1-31 as written (not yet validated)
 * @param hour   0-23 as written
 * @param minute 0-59 as written
 * @param author the sender's name as written
 * @param text   the rest of the line, the first line of the message
 */
record TextHeader(int year, int month, int day, int hour, int minute, String author, String text) {

    private static final Pattern HEADER = Pattern.compile(
            "^\\[(\\d{4})-(\\d{2})-(\\d{2}), (\\d{2}):(\\d{2})] ([^:\\n]+?): ?(.*)$");

    /** The header of a line, or {@code null} when the line is not a message header (a continuation line). */
    static TextHeader parse(String line) {
        Matcher m = HEADER.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new TextHeader(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                m.group(6).strip(), m.group(7));
    }

    /** The local date-time. @throws DateTimeException when the date or time does not exist */
    LocalDateTime localDateTime() {
        return LocalDateTime.of(year, month, day, hour, minute);
    }
}

package io.conduit.source.whatsapp;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamp that starts a WhatsApp message line, split into its raw fields, plus the rest of the line.
 *
 * <p>Recognised shapes (marks ignored): Android {@code 20/01/19, 11:23 - rest}, iOS {@code [20/01/19, 11:23:05] rest};
 * date fields separated by {@code /}, {@code .} or {@code -}, as d/m/y or m/d/y with two- or four-digit years, or
 * y/m/d with a four-digit year; comma after the date optional; seconds optional; 24 h or 12 h clocks with
 * {@code AM}, {@code pm}, {@code a.m.}, {@code p. m.} after a space, U+00A0 or U+202F. Field values are not checked
 * here: {@link #toLocalDateTime(DateOrder)} does that, so that a line shaped like a header but with an impossible
 * date is recognised as a (bad) header and not glued to the previous message.
 */
final class HeaderLine {

    private static final String SP = "[ \\u00a0\\u202f]";
    private static final Pattern HEADER = Pattern.compile(
            "^(\\[)?"
                    + "(?:(\\d{1,2})([/.\\-])(\\d{1,2})\\3(\\d{4}|\\d{2})|(\\d{4})([/.\\-])(\\d{1,2})\\7(\\d{1,2}))"
                    + "\\.?(?:," + SP + "*|" + SP + "+)"
                    + "(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
                    + "(?:" + SP + "*([aApP])\\.?" + SP + "?[mM]\\.?)?"
                    + "(?:" + SP + "*(\\])" + SP + "?|" + SP + "+-" + SP + "?)"
                    + "(.*)$", Pattern.DOTALL);

    private final String first;
    private final String second;
    private final String third;
    private final boolean yearFirst;
    private final int hour;
    private final int minute;
    private final int second_;
    private final Character amPm;
    private final MarkedText line;
    private final int restStart;

    private HeaderLine(Matcher m, MarkedText line) {
        this.yearFirst = m.group(6) != null;
        this.first = yearFirst ? m.group(6) : m.group(2);
        this.second = yearFirst ? m.group(8) : m.group(4);
        this.third = yearFirst ? m.group(9) : m.group(5);
        this.hour = Integer.parseInt(m.group(10));
        this.minute = Integer.parseInt(m.group(11));
        this.second_ = m.group(12) == null ? 0 : Integer.parseInt(m.group(12));
        this.amPm = m.group(13) == null ? null : Character.toLowerCase(m.group(13).charAt(0));
        this.line = line;
        this.restStart = m.start(15);
    }

    /**
     * Parses the start of a line.
     *
     * @param text one line of the export, marks included
     * @return the header, or {@code null} when the line does not start with a timestamp (a continuation line)
     */
    static HeaderLine parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        int i = 0;
        while (i < text.length() && MarkedText.isMark(text.charAt(i))) {
            i++;
        }
        if (i == text.length() || !(Character.isDigit(text.charAt(i)) || text.charAt(i) == '[')) {
            return null;
        }
        MarkedText marked = new MarkedText(text);
        Matcher m = HEADER.matcher(marked.stripped());
        if (!m.matches()) {
            return null;
        }
        boolean open = m.group(1) != null;
        boolean close = m.group(14) != null;
        if (open != close) {
            return null;
        }
        return new HeaderLine(m, marked);
    }

    /** The text after the timestamp, marks removed: {@code Name: text} or a system line. */
    String restStripped() {
        return line.stripped().substring(restStart);
    }

    /** The text from stripped index {@code i} of {@link #restStripped()} onwards, marks kept. */
    String restOriginalFrom(int i) {
        return line.originalFrom(restStart + i);
    }

    /** The text after char {@code i} of {@link #restStripped()}, marks kept. */
    String restOriginalAfter(int i) {
        return line.originalAfter(restStart + i);
    }

    /** True when the first field has four digits, which proves y/m/d. */
    boolean yearFirst() {
        return yearFirst;
    }

    /** The first date field as a number. */
    int firstField() {
        return Integer.parseInt(first);
    }

    /** The second date field as a number. */
    int secondField() {
        return Integer.parseInt(second);
    }

    /**
     * The local date-time under a date order.
     *
     * @throws DateTimeException naming the problem when a field is out of range (31/02, 25:61, 13 PM) or the
     *                           line's shape contradicts the order
     */
    LocalDateTime toLocalDateTime(DateOrder order) {
        int year;
        int month;
        int day;
        if (yearFirst) {
            if (order != DateOrder.YMD) {
                throw new DateTimeException("year-first date in an export whose dates are " + order);
            }
            year = Integer.parseInt(first);
            month = Integer.parseInt(second);
            day = Integer.parseInt(third);
        } else {
            if (order == DateOrder.YMD) {
                throw new DateTimeException("date does not start with a four-digit year like the rest of the export");
            }
            year = Integer.parseInt(third);
            if (third.length() == 2) {
                year += 2000;
            }
            month = Integer.parseInt(order == DateOrder.DMY ? second : first);
            day = Integer.parseInt(order == DateOrder.DMY ? first : second);
        }
        int h = hour;
        if (amPm != null) {
            // 1-12 (h:mm a), or 0-11 as some locales write it (K:mm a: Spanish Android's "00:08 a. m." is 12:08 am)
            if (h < 0 || h > 12) {
                throw new DateTimeException("hour " + h + " is not valid on a 12-hour clock");
            }
            h = h % 12 + (amPm == 'p' ? 12 : 0);
        }
        return LocalDateTime.of(year, month, day, h, minute, second_);
    }
}

package io.conduit.status;

import java.time.LocalDate;
import java.util.NavigableMap;

/**
 * Draws one connector's archived items per day as an inline SVG bar chart for the status page: no script, no external
 * resource, every text escaped, so it passes the page's {@code default-src 'none'} policy.
 *
 * <p>One bar per UTC day of the window, oldest on the left; each bar carries a {@code <title>} ("2026-11-20: 14 items")
 * that a browser shows on hover. A day with no item is drawn as a red mark on the base line ({@code class="gap"}), so
 * that a gap in capture, the first thing a compliance officer looks for, stands out.
 */
final class DailyVolumeChart {

    /** Days shown, ending with the report's day. */
    static final int DAYS = 30;

    private static final int BAR = 16;
    private static final int HEIGHT = 80;
    private static final int LEFT = 36;
    private static final int BOTTOM = 14;

    private DailyVolumeChart() {
    }

    /**
     * @param perDay  items per UTC day (days without items absent), e.g. {@link ConnectorActivity#itemsPerDay()}
     * @param lastDay the window's last day (today, UTC)
     * @return an {@code <svg>} element with {@value #DAYS} bars, {@code data-days} and {@code data-total} attributes
     */
    static String svg(NavigableMap<LocalDate, Long> perDay, LocalDate lastDay) {
        LocalDate first = lastDay.minusDays(DAYS - 1L);
        long max = 0;
        long total = 0;
        for (long n : perDay.subMap(first, true, lastDay, true).values()) {
            max = Math.max(max, n);
            total += n;
        }
        int width = LEFT + DAYS * BAR + 4;
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"volume\" width=\"").append(width)
                .append("\" height=\"").append(HEIGHT + BOTTOM).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(HEIGHT + BOTTOM).append("\" role=\"img\" data-days=\"").append(DAYS).append("\" data-total=\"")
                .append(total).append("\"><title>").append(total).append(" items from ").append(first).append(" to ")
                .append(lastDay).append(" (UTC days of the items' own time)</title>")
                .append("<text x=\"").append(LEFT - 4).append("\" y=\"9\" font-size=\"9\" text-anchor=\"end\">")
                .append(max).append("</text>")
                .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(HEIGHT).append("\" x2=\"")
                .append(width - 4).append("\" y2=\"").append(HEIGHT).append("\" stroke=\"#888\"/>");
        for (int i = 0; i < DAYS; i++) {
            LocalDate day = first.plusDays(i);
            long n = perDay.getOrDefault(day, 0L);
            int x = LEFT + i * BAR + 1;
            String title = "<title>" + Html.escape(day.toString()) + ": " + n + (n == 1 ? " item" : " items") + "</title>";
            if (n == 0) {
                s.append("<rect class=\"gap\" data-day=\"").append(day).append("\" x=\"").append(x).append("\" y=\"")
                        .append(HEIGHT - 2).append("\" width=\"").append(BAR - 2).append("\" height=\"2\" fill=\"#c00\">")
                        .append(title).append("</rect>");
            } else {
                int h = (int) Math.max(2, Math.round((double) n / max * (HEIGHT - 12)));
                s.append("<rect class=\"day\" data-day=\"").append(day).append("\" data-items=\"").append(n)
                        .append("\" x=\"").append(x).append("\" y=\"").append(HEIGHT - h).append("\" width=\"")
                        .append(BAR - 2).append("\" height=\"").append(h).append("\" fill=\"#3670b0\">").append(title)
                        .append("</rect>");
            }
        }
        s.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT + 11).append("\" font-size=\"9\">")
                .append(first).append("</text><text x=\"").append(width - 4).append("\" y=\"").append(HEIGHT + 11)
                .append("\" font-size=\"9\" text-anchor=\"end\">").append(lastDay).append("</text></svg>");
        return s.toString();
    }
}

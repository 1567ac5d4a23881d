package io.conduit.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Renders a {@link StatusReport} as one self-contained HTML page (no script, inline style only), every value escaped
 * with {@link Html#escape}. Element ids the browser test and a reader rely on: {@code alerts}, {@code connectors} (one
 * {@code tr} per connector with {@code data-connector}), {@code volume} (one {@code figure} per connector with
 * {@code data-connector} holding its {@link DailyVolumeChart}), {@code unmapped}, {@code mapping} (with
 * {@code mapping-unmatched} and {@code mapping-near-misses}), {@code custodians}.
 */
public final class StatusPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private StatusPage() {
    }

    /**
     * @param report   the report
     * @param basePath the management server's path ({@code /observe}), prefix of the log download links
     * @param logDays  default length of the log download range, in days, ending today
     */
    public static String render(StatusReport report, String basePath, int logDays) {
        return render(report, Map.of(), basePath, logDays);
    }

    /**
     * The page with a "Live sources" section: per connector of a {@link io.conduit.source.LiveSource} (a webhook
     * listener), its figures, the last received event first.
     *
     * @param live figures by connector id, as {@link io.conduit.source.LiveSource#figures()} gives them
     */
    public static String render(StatusReport report, Map<String, Map<String, Object>> live, String basePath, int logDays) {
        return render(report, live, null, null, basePath, logDays);
    }

    /**
     * The page with the live sources and the last verification of the archive ({@code conduit verify}, or the verify
     * button): when, copies checked and the result, overall and per connector.
     *
     * @param verification the last verification as {@code ArchiveVerifier.readLast} gives it, or null when none ran
     * @param verifyToken  the token of the verify button's form, or null when the button is off (the default)
     */
    public static String render(StatusReport report, Map<String, Map<String, Object>> live,
                                Map<String, Object> verification, String verifyToken, String basePath, int logDays) {
        String today = report.generated().atZone(ZoneOffset.UTC).toLocalDate().toString();
        String from = report.generated().atZone(ZoneOffset.UTC).toLocalDate().minusDays(logDays - 1L).toString();
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Conduit status</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;")
                .append("margin-bottom:1.5em}th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;")
                .append("vertical-align:top}th{background:#eee}td.n{text-align:right}.bad{color:#a00;font-weight:bold}")
                .append(".ok{color:#070}li.alert{color:#a00}</style></head><body>\n")
                .append("<h1>Conduit status</h1>\n<p>Generated ").append(time(report.generated()))
                .append(". Counts are totals over every run in the connector logs; they balance when items = archived + ")
                .append("duplicates + quarantined.</p>\n");

        h.append("<h2>Gap alerts</h2>\n<ul id=\"alerts\">");
        if (report.alerts().isEmpty()) {
            h.append("<li class=\"ok\">none</li>");
        }
        for (StatusReport.Alert a : report.alerts()) {
            h.append("<li class=\"alert\" data-kind=\"").append(Html.escape(a.kind())).append("\"><b>")
                    .append(Html.escape(a.kind())).append("</b> ").append(Html.escape(a.subject())).append(": ")
                    .append(Html.escape(a.message())).append("</li>");
        }
        h.append("</ul>\n");

        h.append("<h2>Connectors</h2>\n<table id=\"connectors\"><thead><tr><th>Connector</th><th>Type</th>")
                .append("<th>Schedule (Quartz cron)</th><th>Last run</th><th>Last successful run</th><th>Runs</th>")
                .append("<th>Items</th><th>Archived</th><th>Duplicates</th><th>Quarantined</th><th>Balanced</th>")
                .append("<th>In quarantine now</th><th>Quarantine reasons</th><th>Connector log</th></tr></thead><tbody>\n");
        for (StatusReport.ConnectorStatus c : report.connectors()) {
            ConnectorActivity a = c.activity();
            String link = Html.escape(basePath + "/status/log/" + Html.pathSegment(c.id()));
            h.append("<tr data-connector=\"").append(Html.escape(c.id())).append("\"><td>").append(Html.escape(c.id()))
                    .append("</td><td>").append(c.template() == null ? "<i>not configured</i>" : Html.escape(c.template()))
                    .append("</td><td>").append(Html.escape(c.cron()))
                    .append("</td><td>").append(time(a.lastRun()))
                    .append(a.lastRun() != null && !a.lastRunOk() ? " <span class=\"bad\">failed</span>" : "")
                    .append("</td><td>").append(time(a.lastSuccess()))
                    .append("</td><td class=\"n\">").append(a.runs())
                    .append("</td><td class=\"n items\">").append(a.items())
                    .append("</td><td class=\"n archived\">").append(a.archived())
                    .append("</td><td class=\"n duplicates\">").append(a.duplicates())
                    .append("</td><td class=\"n quarantined\">").append(a.quarantined())
                    .append("</td><td class=\"balanced\">").append(a.balanced() ? "<span class=\"ok\">yes</span>"
                            : "<span class=\"bad\">NO</span>")
                    .append("</td><td class=\"n quarantine\">").append(c.quarantine()).append("</td><td><ul>");
            for (StatusReport.Count r : c.reasons()) {
                h.append("<li>").append(r.count()).append(" × ").append(Html.escape(r.value())).append("</li>");
            }
            h.append("</ul></td><td><form method=\"get\" action=\"").append(link).append(".csv\">")
                    .append("<input type=\"date\" name=\"from\" value=\"").append(from).append("\"> to ")
                    .append("<input type=\"date\" name=\"to\" value=\"").append(today).append("\"> ")
                    .append("<button type=\"submit\" class=\"csv\">CSV</button> ")
                    .append("<button type=\"submit\" class=\"json\" formaction=\"").append(link).append(".json\">JSON</button>")
                    .append("</form></td></tr>\n");
        }
        Map<String, Long> t = report.totals();
        h.append("</tbody><tfoot><tr><th colspan=\"6\">All connectors</th><td class=\"n\">").append(t.get("items"))
                .append("</td><td class=\"n\">").append(t.get("archived")).append("</td><td class=\"n\">")
                .append(t.get("duplicates")).append("</td><td class=\"n\">").append(t.get("quarantined"))
                .append("</td><td colspan=\"4\"></td></tr></tfoot></table>\n");

        h.append("<h2>Items per day, last ").append(DailyVolumeChart.DAYS).append(" days</h2>\n<p>Archived items by the ")
                .append("UTC day they were sent; a red mark is a day without any item.</p>\n<div id=\"volume\">");
        LocalDate day = report.generated().atZone(ZoneOffset.UTC).toLocalDate();
        for (StatusReport.ConnectorStatus c : report.connectors()) {
            h.append("<figure data-connector=\"").append(Html.escape(c.id())).append("\"><figcaption>")
                    .append(Html.escape(c.id())).append("</figcaption>")
                    .append(DailyVolumeChart.svg(c.activity().itemsPerDay(), day)).append("</figure>\n");
        }
        h.append("</div>\n");

        h.append("<h2>Most frequent unmapped identifiers</h2>\n<p>Participants of archived items that map to no custodian ")
                .append("(add them to the user mapping CSV).</p>\n<table id=\"unmapped\"><thead><tr><th>Identifier</th>")
                .append("<th>Items</th></tr></thead><tbody>");
        for (StatusReport.Count u : report.unmapped()) {
            h.append("<tr><td>").append(Html.escape(u.value())).append("</td><td class=\"n\">").append(u.count())
                    .append("</td></tr>");
        }
        h.append("</tbody></table>\n");
        mapping(h, report.mapping());
        live(h, live);
        verification(h, verification, verifyToken, basePath);

        h.append("<h2>Custodians</h2>\n<table id=\"custodians\"><thead><tr><th>Mailbox</th>")
                .append("<th>Newest item (sent)</th><th>Last copy written</th></tr></thead><tbody>");
        report.custodians().forEach((mailbox, c) -> h.append("<tr><td>").append(Html.escape(mailbox))
                .append("</td><td class=\"newest\">").append(c.newestItem() == null ? "unknown" : time(c.newestItem()))
                .append("</td><td class=\"last-copy\">")
                .append(c.lastCopy() == null ? "<span class=\"bad\">never</span>" : time(c.lastCopy()))
                .append("</td></tr>"));
        h.append("</tbody></table>\n</body></html>\n");
        return h.toString();
    }

    /** The verification section: the last run of {@code conduit verify} on this state folder, and the button. */
    @SuppressWarnings("unchecked")
    private static void verification(StringBuilder h, Map<String, Object> v, String verifyToken, String basePath) {
        h.append("<h2>Verification</h2>\n<div id=\"verification\">");
        if (v == null) {
            h.append("<p class=\"bad\">The archive has not been verified yet (<code>conduit verify</code>).</p>");
        } else {
            boolean intact = Boolean.TRUE.equals(v.get("intact"));
            h.append("<p>Last verification ").append(Html.escape(v.get("time"))).append(": ")
                    .append(intact ? "<span class=\"ok\">intact</span>" : "<span class=\"bad\">NOT intact</span>")
                    .append(", ").append(Html.escape(v.get("checked"))).append(" copies checked, ")
                    .append(Html.escape(v.get("unknown"))).append(" unknown message(s) in Conduit's folders.</p>\n")
                    .append("<table id=\"verification-connectors\"><thead><tr><th>Connector</th><th>Copies checked</th>")
                    .append("<th>Missing or altered</th><th>Ledger findings</th><th>Result</th></tr></thead><tbody>");
            Object connectors = v.get("connectors");
            if (connectors instanceof Map<?, ?> map) {
                ((Map<String, Object>) map).forEach((id, c) -> {
                    Map<String, Object> f = c instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    h.append("<tr data-connector=\"").append(Html.escape(id)).append("\"><td>").append(Html.escape(id))
                            .append("</td><td class=\"n\">").append(Html.escape(f.get("checked")))
                            .append("</td><td class=\"n\">").append(Html.escape(f.get("problems")))
                            .append("</td><td class=\"n\">").append(Html.escape(f.get("findings"))).append("</td><td>")
                            .append(Boolean.TRUE.equals(f.get("intact")) ? "<span class=\"ok\">intact</span>"
                                    : "<span class=\"bad\">NOT intact</span>").append("</td></tr>");
                });
            }
            h.append("</tbody></table>");
        }
        if (verifyToken != null) {
            h.append("<form method=\"post\" action=\"").append(Html.escape(basePath + "/status/verify"))
                    .append("\"><input type=\"hidden\" name=\"token\" value=\"").append(Html.escape(verifyToken))
                    .append("\"><button type=\"submit\">Verify the archive now</button></form>");
        }
        h.append("</div>\n");
    }

    /** The live sources section: one row per listening connector, the last received event first. */
    private static void live(StringBuilder h, Map<String, Map<String, Object>> live) {
        if (live.isEmpty()) {
            return;
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        names.add("lastReceived");
        live.values().forEach(f -> names.addAll(f.keySet()));
        h.append("<h2>Live sources</h2>\n<p>Connectors that items are pushed to (webhooks): the last event received, ")
                .append("and deliveries accepted but not yet archived.</p>\n<table id=\"live\"><thead><tr><th>Connector</th>");
        names.forEach(n -> h.append("<th>").append(Html.escape(n)).append("</th>"));
        h.append("</tr></thead><tbody>");
        new java.util.TreeMap<>(live).forEach((connector, figures) -> {
            h.append("<tr data-connector=\"").append(Html.escape(connector)).append("\"><td>")
                    .append(Html.escape(connector)).append("</td>");
            for (String n : names) {
                Object v = figures.get(n);
                h.append(v instanceof Number ? "<td class=\"n\">" : "<td class=\"" + Html.escape(n) + "\">")
                        .append(v == null ? (n.equals("lastReceived") ? "<span class=\"bad\">never</span>" : "")
                                : Html.escape(v)).append("</td>");
            }
            h.append("</tr>");
        });
        h.append("</tbody></table>\n");
    }

    /** The user mapping section: rows that matched nothing, and near misses. */
    private static void mapping(StringBuilder h, StatusReport.MappingStatus m) {
        if (m == null) {
            return;
        }
        h.append("<h2>User mapping</h2>\n<div id=\"mapping\"><p>Mapping file SHA-256 <code>")
                .append(Html.escape(m.file())).append("</code>, ").append(m.rows()).append(" rows. ");
        if (!m.runsSeen()) {
            h.append("No run in the connector logs has used this file yet.</p>\n");
        } else {
            h.append(m.unmatchedCount()).append(" row(s) matched no participant in any run that used this file")
                    .append(m.unmatchedCount() > m.unmatched().size() ? " (the first " + m.unmatched().size() + " listed)" : "")
                    .append(":</p>\n<ul id=\"mapping-unmatched\">");
            for (String row : m.unmatched()) {
                h.append("<li>").append(Html.escape(row)).append("</li>");
            }
            h.append("</ul>\n");
        }
        h.append("<p>Unmapped identifiers that nearly match a row (a source prefix, the case, a phone number's format): ")
                .append("each probably went to the catch-all mailbox by mistake.</p>\n<table id=\"mapping-near-misses\">")
                .append("<thead><tr><th>Identifier</th><th>Row</th><th>Why</th></tr></thead><tbody>");
        for (StatusReport.NearMissRow r : m.nearMisses()) {
            h.append("<tr><td>").append(Html.escape(r.identifier())).append("</td><td>").append(Html.escape(r.row()))
                    .append("</td><td>").append(Html.escape(r.reason())).append("</td></tr>");
        }
        h.append("</tbody></table></div>\n");
    }

    private static String time(Instant t) {
        return t == null ? "never" : TIME.format(t);
    }
}

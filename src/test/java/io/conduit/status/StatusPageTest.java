package io.conduit.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class StatusPageTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "\"><img src=x onerror=alert(1)>";

    @Test
    void the_page_shows_the_last_verification_per_connector_and_no_button_unless_it_is_on() {
        StatusReport report = new StatusReport(Instant.parse("2026-11-22T10:05:00Z"), List.of(), List.of(), Map.of(), List.of());
        Map<String, Object> last = Map.of("time", "2026-11-22T09:00:00Z", "intact", false, "checked", 42, "unknown", 0,
                "connectors", Map.of("whatsapp-demo", Map.of("checked", 42, "problems", 1, "findings", 0, "intact", false)));
        String html = StatusPage.render(report, Map.of(), last, null, "/observe", 7);
        assertThat(html).contains("Last verification 2026-11-22T09:00:00Z", "NOT intact", "42 copies checked",
                "<tr data-connector=\"whatsapp-demo\">").doesNotContain("<form method=\"post\"");
        assertThat(StatusPage.render(report, Map.of(), null, "t0k\"en", "/observe", 7))
                .contains("has not been verified yet").contains("value=\"t0k&quot;en\"");
    }

    @Test
    void every_third_party_value_is_escaped_so_no_markup_gets_through() {
        ConnectorActivity activity = new ConnectorActivity();
        activity.accept("{\"type\":\"run\",\"time\":\"2026-11-22T10:00:00Z\",\"end\":\"2026-11-22T10:00:00Z\",\"items\":3,"
                + "\"archived\":2,\"duplicates\":1,\"quarantined\":0,\"balanced\":true}");
        Map<String, StatusReport.Custodian> custodians = new TreeMap<>();
        custodians.put("a'b@example.com", new StatusReport.Custodian(null, null));
        StatusReport report = new StatusReport(Instant.parse("2026-11-22T10:05:00Z"),
                List.of(new StatusReport.ConnectorStatus(SCRIPT, "whatsapp-export-source", "0 0/15 * * * ?", activity, 1,
                        List.of(new StatusReport.Count("bad line <b>3</b> & more \u202Egnp.exe", 1)))),
                List.of(new StatusReport.Count(IMG, 4)), custodians,
                List.of(new StatusReport.Alert("overdue", SCRIPT, "last run " + IMG)));

        String html = StatusPage.render(report, "/observe", 7);

        assertThat(html).doesNotContain("<script", "<img", "<b>3", "\u202E", "a'b@");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
                "bad line &lt;b&gt;3&lt;/b&gt; &amp; more \uFFFDgnp.exe", "a&#39;b@example.com");
        assertThat(html).as("the download link's path segment is URL-encoded, then escaped")
                .contains("action=\"/observe/status/log/%3Cscript%3Ealert%281%29%3C%2Fscript%3E.csv\"");
        assertThat(html).contains("data-connector=\"&lt;script&gt;alert(1)&lt;/script&gt;\"");
    }

    @Test
    void a_row_shows_the_counts_whether_they_balance_and_the_default_download_range() {
        ConnectorActivity activity = new ConnectorActivity();
        activity.accept("{\"type\":\"run\",\"time\":\"2026-11-22T10:00:00Z\",\"end\":\"2026-11-22T10:00:00Z\",\"items\":3,"
                + "\"archived\":1,\"duplicates\":1,\"quarantined\":1,\"balanced\":true}");
        StatusReport report = new StatusReport(Instant.parse("2026-11-22T10:05:00Z"),
                List.of(new StatusReport.ConnectorStatus("wa", "whatsapp-export-source", "0 0/15 * * * ?", activity, 1,
                        List.of())), List.of(), Map.of(), List.of());

        String html = StatusPage.render(report, "/observe", 7);

        assertThat(html).contains("<td class=\"n items\">3</td>", "<td class=\"n archived\">1</td>",
                "<td class=\"n duplicates\">1</td>", "<td class=\"n quarantined\">1</td>",
                "<td class=\"balanced\"><span class=\"ok\">yes</span>", "name=\"from\" value=\"2026-11-16\"",
                "name=\"to\" value=\"2026-11-22\"", "2026-11-22 10:00:00 UTC", "<li class=\"ok\">none</li>");
    }

    @Test
    void each_connector_has_a_chart_of_the_last_30_days_with_the_days_without_items_marked() {
        ConnectorActivity activity = new ConnectorActivity();
        activity.accept(item("2026-11-22T09:00:00Z", "2026-11-22T08:00:00Z"));
        activity.accept(item("2026-11-22T09:00:01Z", "2026-11-22T08:30:00Z"));
        activity.accept(item("2026-11-22T09:00:02Z", "2026-11-21T23:59:59Z"));
        activity.accept(item("2026-11-22T09:00:03Z", "2026-10-01T12:00:00Z"));
        StatusReport report = new StatusReport(Instant.parse("2026-11-22T10:05:00Z"),
                List.of(new StatusReport.ConnectorStatus("wa", "whatsapp-export-source", null, activity, 0, List.of())),
                List.of(), Map.of("alice@example.com", new StatusReport.Custodian(Instant.parse("2026-11-22T08:30:00Z"),
                        Instant.parse("2026-11-22T09:00:03Z"))), List.of());

        String html = StatusPage.render(report, "/observe", 7);

        String figure = html.substring(html.indexOf("<figure data-connector=\"wa\">"), html.indexOf("</figure>"));
        assertThat(figure).contains("data-days=\"30\"", "data-total=\"3\"", "from 2026-10-24 to 2026-11-22",
                "data-day=\"2026-11-22\" data-items=\"2\"", "data-day=\"2026-11-21\" data-items=\"1\"",
                "<title>2026-11-22: 2 items</title>", "<title>2026-11-20: 0 items</title>");
        assertThat(figure.split("class=\"gap\"", -1)).as("28 days without items").hasSize(29);
        assertThat(figure).as("the October item is outside the window").doesNotContain("2026-10-01");
        assertThat(html).contains("<td class=\"newest\">2026-11-22 08:30:00 UTC</td>",
                "<td class=\"last-copy\">2026-11-22 09:00:03 UTC</td>");
    }

    private static String item(String logTime, String itemTime) {
        return "{\"type\":\"item\",\"time\":\"" + logTime + "\",\"itemTime\":\"" + itemTime
                + "\",\"copies\":[{\"mailbox\":\"alice@example.com\"}]}";
    }

    @Test
    void escape_replaces_markup_characters_controls_and_bidi_overrides() {
        assertThat(Html.escape("a<b>&\"'")).isEqualTo("a&lt;b&gt;&amp;&quot;&#39;");
        assertThat(Html.escape("x\u0000y\u001bz\u2066w\u202Ev")).isEqualTo("x\uFFFDy\uFFFDz\uFFFDw\uFFFDv");
        assertThat(Html.escape("line\ttab\nnew")).isEqualTo("line\ttab\nnew");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.pathSegment("a b/../c?d")).isEqualTo("a%20b%2F..%2Fc%3Fd");
    }
}

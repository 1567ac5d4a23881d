package io.conduit.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.conduit.state.log.ConnectorLog;
import io.conduit.state.ConnectorRun;
import io.conduit.state.Quarantine;
import io.conduit.store.StoredCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusReportTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:31:30Z");
    private static final String EVERY_15_MINUTES = "0 0/15 * * * ?";

    @TempDir
    Path state;

    @Test
    void totals_balance_over_every_run_the_connector_log_recorded() {
        try (ConnectorLog log = new ConnectorLog(state)) {
            ConnectorRun first = new ConnectorRun("wa", "a.txt");
            for (int i = 0; i < 5; i++) {
                first.itemRead();
            }
            first.itemArchived(2, false);
            first.itemArchived(1, true);
            first.itemDuplicate();
            first.itemQuarantined();
            first.itemQuarantined();
            log.finish(first);
            ConnectorRun second = new ConnectorRun("wa", "b.txt");
            second.itemRead();
            second.itemDuplicate();
            log.finish(second);
        }

        StatusReport report = StatusReport.build(inputs(Map.of("wa", connector(EVERY_15_MINUTES)), Set.of()), Instant.now());

        ConnectorActivity a = row(report, "wa").activity();
        assertThat(a.runs()).isEqualTo(2);
        assertThat(a.items()).isEqualTo(6);
        assertThat(a.archived()).isEqualTo(2);
        assertThat(a.copies()).isEqualTo(3);
        assertThat(a.duplicates()).isEqualTo(2);
        assertThat(a.quarantined()).isEqualTo(2);
        assertThat(a.items()).isEqualTo(a.archived() + a.duplicates() + a.quarantined());
        assertThat(a.balanced()).isTrue();
        assertThat(report.totals()).containsEntry("items", 6L).containsEntry("archived", 2L);
        assertThat(report.alerts()).extracting(StatusReport.Alert::kind).doesNotContain("unbalanced", "overdue");
    }

    @Test
    void a_run_that_does_not_balance_is_an_alert_and_marks_the_connector() throws Exception {
        append("wa", run("2026-11-22T10:30:10Z", 5, 3, 1, 0, false));

        StatusReport report = StatusReport.build(inputs(Map.of("wa", connector(EVERY_15_MINUTES)), Set.of()), NOW);

        assertThat(row(report, "wa").activity().balanced()).isFalse();
        assertThat(row(report, "wa").activity().lastSuccess()).isNull();
        assertThat(report.alerts()).extracting(StatusReport.Alert::kind, StatusReport.Alert::subject)
                .contains(org.assertj.core.groups.Tuple.tuple("unbalanced", "wa"),
                        org.assertj.core.groups.Tuple.tuple("overdue", "wa"));
    }

    @Test
    void a_connector_is_overdue_once_two_fire_times_after_its_last_success_have_passed() throws Exception {
        append("late", run("2026-11-22T10:00:05Z", 1, 1, 0, 0, true));
        append("on-time", run("2026-11-22T10:15:03Z", 1, 1, 0, 0, true));

        StatusReport report = StatusReport.build(inputs(Map.of("late", connector(EVERY_15_MINUTES),
                "on-time", connector(EVERY_15_MINUTES)), Set.of()), NOW);

        // late: fires at 10:15 and 10:30 passed (+60 s grace = 10:31) before 10:31:30; on-time: 10:30 and 10:45
        assertThat(report.alerts()).filteredOn(a -> a.kind().equals("overdue"))
                .extracting(StatusReport.Alert::subject).containsExactly("late");
        assertThat(ScheduleCheck.deadline(EVERY_15_MINUTES, Instant.parse("2026-11-22T10:00:05Z"), ZoneOffset.UTC,
                Duration.ofMinutes(1))).isEqualTo(Instant.parse("2026-11-22T10:31:00Z"));
        assertThat(ScheduleCheck.overdue(EVERY_15_MINUTES, Instant.parse("2026-11-22T10:00:05Z"),
                Instant.parse("2026-11-22T10:30:59Z"), ZoneOffset.UTC, Duration.ofMinutes(1))).isFalse();
    }

    @Test
    void a_failed_poll_after_the_last_success_is_the_last_run_and_does_not_reset_the_success() throws Exception {
        append("sql", run("2026-11-22T10:15:02Z", 4, 4, 0, 0, true));
        append("sql", "{\"type\":\"poll-failed\",\"time\":\"2026-11-22T10:30:01Z\",\"connector\":\"sql\",\"error\":\"connection refused\"}");

        ConnectorActivity a = row(StatusReport.build(inputs(Map.of("sql", connector(EVERY_15_MINUTES)), Set.of()), NOW),
                "sql").activity();

        assertThat(a.lastRun()).isEqualTo(Instant.parse("2026-11-22T10:30:01Z"));
        assertThat(a.lastRunOk()).isFalse();
        assertThat(a.lastSuccess()).isEqualTo(Instant.parse("2026-11-22T10:15:02Z"));
        assertThat(a.pollFailures()).isEqualTo(1);
        assertThat(a.lastPollError()).isEqualTo("connection refused");
    }

    @Test
    void an_invalid_cron_is_an_alert_naming_the_connector() {
        StatusReport report = StatusReport.build(inputs(Map.of("bad", connector("every minute")), Set.of()), NOW);

        assertThat(report.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("invalid-schedule");
            assertThat(a.subject()).isEqualTo("bad");
            assertThat(a.message()).contains("every minute");
        });
    }

    @Test
    void a_mapped_custodian_without_items_for_the_configured_days_is_a_gap_alert() throws Exception {
        append("wa", item("2026-11-14T09:00:00Z", "old@example.com"));
        append("wa", item("2026-11-20T09:00:00Z", "recent@example.com"));
        append("wa", item("2026-11-10T09:00:00Z", "recent@example.com"));

        StatusReport report = StatusReport.build(inputs(Map.of(),
                Set.of("old@example.com", "recent@example.com", "never@example.com")), NOW);

        assertThat(report.custodians().get("recent@example.com").lastCopy()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(report.custodians().get("old@example.com").lastCopy()).isEqualTo(Instant.parse("2026-11-14T09:00:00Z"));
        assertThat(report.custodians().get("never@example.com")).isEqualTo(new StatusReport.Custodian(null, null));
        assertThat(report.alerts()).filteredOn(a -> a.kind().equals("custodian-gap"))
                .extracting(StatusReport.Alert::subject).containsExactly("never@example.com", "old@example.com");
        assertThat(report.alerts()).filteredOn(a -> a.subject().equals("old@example.com"))
                .singleElement().extracting(StatusReport.Alert::message).asString().contains("8 days (limit 7)");
    }

    @Test
    void each_custodian_shows_the_newest_item_it_holds_and_each_connector_its_items_per_day() {
        try (ConnectorLog log = new ConnectorLog(state)) {
            log.archived("wa", "a.txt:1", "i1", Instant.parse("2026-11-20T23:30:00Z"), "<1@x>",
                    List.of(copy("alice@example.com")), List.of());
            log.archived("wa", "a.txt:2", "i2", Instant.parse("2026-11-18T08:00:00Z"), "<2@x>",
                    List.of(copy("alice@example.com"), copy("bob@example.com")), List.of());
            log.archived("wa", "a.txt:3", "i3", Instant.parse("2026-11-20T01:00:00Z"), "<3@x>",
                    List.of(copy("bob@example.com")), List.of());
        }

        StatusReport report = StatusReport.build(inputs(Map.of("wa", connector(null)),
                Set.of("alice@example.com", "bob@example.com")), NOW);

        assertThat(report.custodians().get("alice@example.com").newestItem()).isEqualTo(Instant.parse("2026-11-20T23:30:00Z"));
        assertThat(report.custodians().get("bob@example.com").newestItem()).isEqualTo(Instant.parse("2026-11-20T01:00:00Z"));
        assertThat(report.custodians().get("bob@example.com").lastCopy()).as("written just now").isAfter(NOW);
        assertThat(row(report, "wa").activity().itemsPerDay()).containsExactly(
                Map.entry(java.time.LocalDate.parse("2026-11-18"), 1L), Map.entry(java.time.LocalDate.parse("2026-11-20"), 2L));
    }

    private static io.conduit.store.StoredCopy copy(String mailbox) {
        return new io.conduit.store.StoredCopy(mailbox, "WhatsApp Archiver", mailbox + "/cur/1");
    }

    @Test
    void quarantine_entries_are_counted_per_connector_with_their_most_frequent_reasons() {
        Quarantine quarantine = new Quarantine(state);
        quarantine.put("wa", "line 3", "export-input", new IllegalArgumentException("impossible date 31/02/24"));
        quarantine.put("wa", "line 9", "export-input", new IllegalArgumentException("impossible date 31/02/24"));
        quarantine.put("wa", "b.zip", "export-input", new IllegalStateException("ZIP entry ../x escapes the export"));
        quarantine.put("other", "x", "archive", new IllegalStateException("store down"));

        StatusReport report = StatusReport.build(inputs(Map.of("wa", connector(null)), Set.of()), NOW);

        StatusReport.ConnectorStatus wa = row(report, "wa");
        assertThat(wa.quarantine()).isEqualTo(3);
        assertThat(wa.reasons()).containsExactly(new StatusReport.Count("impossible date 31/02/24", 2),
                new StatusReport.Count("ZIP entry ../x escapes the export", 1));
    }

    @Test
    void the_most_frequent_unmapped_identifiers_are_counted_over_all_connectors() {
        try (ConnectorLog log = new ConnectorLog(state)) {
            StoredCopy copy = new StoredCopy("catch-all@example.com", "Inbox", "c1");
            log.archived("wa", "a.txt:1", "i1", "<m1@x>", List.of(copy), List.of("+447700900123", "Priya"));
            log.archived("wa", "a.txt:2", "i2", "<m2@x>", List.of(copy), List.of("+447700900123"));
            log.archived("signal", "s.json:1", "i3", "<m3@x>", List.of(copy), List.of("+447700900123", "Zed"));
            log.archived("signal", "s.json:2", "i4", "<m4@x>", List.of(copy), List.of());
        }

        StatusReport report = StatusReport.build(inputs(Map.of(), Set.of()), NOW);

        assertThat(report.unmapped()).containsExactly(new StatusReport.Count("+447700900123", 3),
                new StatusReport.Count("Priya", 1), new StatusReport.Count("Zed", 1));
        assertThat(report.connectors()).extracting(StatusReport.ConnectorStatus::id)
                .as("connectors known only from their logs (imports) are listed too").containsExactly("signal", "wa");
        assertThat(row(report, "wa").template()).isNull();
    }

    @Test
    void a_log_line_cut_short_by_a_crash_is_counted_and_skipped() throws Exception {
        append("wa", run("2026-11-22T10:15:02Z", 2, 2, 0, 0, true));
        append("wa", "{\"type\":\"item\",\"time\":\"2026-11-22T10:1");

        ConnectorActivity a = row(StatusReport.build(inputs(Map.of("wa", connector(null)), Set.of()), NOW), "wa").activity();

        assertThat(a.unreadableLines()).isEqualTo(1);
        assertThat(a.items()).isEqualTo(2);
        assertThat(a.balanced()).isTrue();
    }

    private StatusReport.Inputs inputs(Map<String, Map<String, String>> connectors, Set<String> custodians) {
        return new StatusReport.Inputs(state, connectors, custodians, 7, Duration.ofMinutes(1), ZoneOffset.UTC);
    }

    private static Map<String, String> connector(String cron) {
        Map<String, String> params = new java.util.HashMap<>();
        params.put("template-id", "whatsapp-export-source");
        if (cron != null) {
            params.put("cron", cron);
        }
        return params;
    }

    private static StatusReport.ConnectorStatus row(StatusReport report, String id) {
        return report.connectors().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static String run(String end, int items, int archived, int duplicates, int quarantined, boolean balanced) {
        return "{\"type\":\"run\",\"time\":\"" + end + "\",\"connector\":\"x\",\"input\":\"a.txt\",\"start\":\"" + end
                + "\",\"end\":\"" + end + "\",\"items\":" + items + ",\"archived\":" + archived + ",\"copies\":" + archived
                + ",\"duplicates\":" + duplicates + ",\"quarantined\":" + quarantined + ",\"catchAll\":0,\"partial\":0,"
                + "\"balanced\":" + balanced + "}";
    }

    private static String item(String time, String mailbox) {
        return "{\"type\":\"item\",\"time\":\"" + time + "\",\"connector\":\"wa\",\"itemId\":\"i\",\"source\":\"a.txt:1\","
                + "\"messageId\":\"<m@x>\",\"copies\":[{\"mailbox\":\"" + mailbox + "\",\"folder\":\"F\",\"correlationId\":\"c\"}]}";
    }

    private void append(String connector, String line) throws Exception {
        Path file = new ConnectorLog(state).file(connector);
        Files.createDirectories(file.getParent());
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

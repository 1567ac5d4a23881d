package io.conduit.status;

import static io.conduit.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.conduit.mapping.MailboxResolver;
import io.conduit.mapping.UserMapping;
import io.conduit.model.Participant;
import io.conduit.state.log.ConnectorLog;
import io.conduit.state.ConnectorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page's user mapping section (issue 11, point 3): rows that no run matched, over every connector's runs
 * recorded with the current mapping file, and unmapped identifiers that nearly match a row.
 */
class MappingStatusTest {

    @TempDir
    Path dir;

    private static Participant handle(String name, String handle) {
        return new Participant(name, null, null, handle);
    }

    private void route(ConnectorLog log, MailboxResolver resolver, String connector, Participant sender,
                       Participant recipient) {
        ConnectorRun run = new ConnectorRun(connector, "input");
        run.itemRead();
        MailboxResolver.Routing routing = resolver.route(item("1", sender, List.of(recipient), "hi"), run.mappingUsage());
        log.archived(connector, "input:1", "1", "<1@x>", List.of(), routing.unmapped());
        run.itemArchived(1, routing.catchAll());
        log.finish(run);
    }

    @Test
    void lists_rows_no_connector_matched_and_near_misses_and_raises_an_alert() throws Exception {
        Path csv = Files.writeString(dir.resolve("mapping.csv"), """
                identifier,mailbox,display name
                UOF82F39AE,ops@corp.example
                +447700900123,alice@corp.example
                twitter-desk,desk@corp.example
                1964312974236991488,milan@corp.example
                """);
        UserMapping mapping = UserMapping.load(csv, "GB");
        MailboxResolver resolver = new MailboxResolver(mapping, Set.of(), "catch-all@corp.example");
        Path state = dir.resolve("state");
        try (ConnectorLog log = new ConnectorLog(state)) {
            route(log, resolver, "slack", handle("Ops", "slack:UOF82F39AE"), handle("Bob", "slack:U0BOBBY01"));
            route(log, resolver, "sms", new Participant(null, "+447700900123", null, null),
                    new Participant(null, "+15550001111", null, null));
            route(log, resolver, "x", handle("@milahu104", "twitter:1964312974236991488"), handle("Twitter Desk", "x"));
        }

        StatusReport report = StatusReport.build(new StatusReport.Inputs(state, Map.of(), mapping.mailboxes(), 7,
                Duration.ofMinutes(1), ZoneOffset.UTC, mapping), Instant.parse("2026-12-05T10:00:00Z"));

        StatusReport.MappingStatus m = report.mapping();
        assertThat(m.runsSeen()).isTrue();
        assertThat(m.rows()).isEqualTo(4);
        assertThat(m.unmatched()).containsExactly("line 4 `twitter-desk`", "line 5 `1964312974236991488`");
        assertThat(m.nearMisses()).extracting(StatusReport.NearMissRow::identifier, StatusReport.NearMissRow::row)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("twitter:1964312974236991488",
                        "line 5 `1964312974236991488`"));
        assertThat(report.alerts()).extracting(StatusReport.Alert::kind).contains("mapping-near-miss");

        String page = StatusPage.render(report, "/observe", 7);
        assertThat(page).contains("<ul id=\"mapping-unmatched\"><li>line 4 `twitter-desk`</li>")
                .contains("<table id=\"mapping-near-misses\">")
                .contains("<td>twitter:1964312974236991488</td><td>line 5 `1964312974236991488`</td>");
    }

    @Test
    void near_misses_are_also_found_among_unmapped_identifiers_of_runs_without_a_mapping_report() throws Exception {
        Path csv = Files.writeString(dir.resolve("mapping.csv"), "carol smith,carol@corp.example\n");
        UserMapping mapping = UserMapping.load(csv, "GB");
        Path state = dir.resolve("state");
        try (ConnectorLog log = new ConnectorLog(state)) {
            log.archived("wa", "chat.txt:3", "3", "<3@x>", List.of(), List.of("Carol Smith"));
        }

        StatusReport report = StatusReport.build(new StatusReport.Inputs(state, Map.of(), mapping.mailboxes(), 7,
                Duration.ofMinutes(1), ZoneOffset.UTC, mapping), Instant.parse("2026-12-05T10:00:00Z"));

        assertThat(report.mapping().runsSeen()).isFalse();
        assertThat(report.mapping().nearMisses()).extracting(StatusReport.NearMissRow::reason)
                .containsExactly("differs in case (handles and names are compared exactly)");
        assertThat(StatusPage.render(report, "/observe", 7)).contains("No run in the connector logs has used this file yet.");
    }
}

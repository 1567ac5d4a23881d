package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import io.conduit.source.slack.SlackExports;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, points 3 and 5 through the real routes: a Slack workspace mapped by bare user ids, the end-of-run mapping
 * report, a {@code profile.email} that is not an email, one synthetic address per person across SMS, MMS and calls,
 * and the mapping's display name in the headers. The Slack fixture follows Slack's "How to read Slack data exports"
 * (https://slack.com/help/articles/220556107); the SMS one SyncTech's "Fields in the XML backup files".
 */
class MappingAndIdentityImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private List<String> run(int expectedExit, String... args) {
        return ImportRun.lines(tmp, expectedExit, args);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(List<String> lines) throws Exception {
        return JSON.readValue(lines.get(lines.size() - 1), Map.class);
    }

    private Path slackWorkspace() throws Exception {
        return SlackExports.zip(tmp.resolve("ops-export.zip"), "", Map.of(
                "users.json", """
                        [{"id": "UOF82F39AE", "name": "opsdesk", "real_name": "Ops Desk",
                          "profile": {"real_name": "Ops Desk", "email": "TQ2NR0wy2HFezy 3d"}},
                         {"id": "U0BOBBY01", "name": "bob", "real_name": "Bob Stone",
                          "profile": {"real_name": "Bob Stone", "email": "bob@partner.example"}}]""",
                "channels.json", """
                        [{"id": "C0OPS", "name": "ops", "members": ["UOF82F39AE", "U0BOBBY01"]}]""",
                "ops/2024-03-01.json", """
                        [{"type": "message", "user": "U0BOBBY01", "text": "ticket 42 is done", "ts": "1709290800.000100"},
                         {"type": "message", "user": "UOF82F39AE", "text": "thanks, closing", "ts": "1709290860.000200"}]"""));
    }

    @Test
    void a_workspace_mapped_by_bare_slack_ids_reaches_the_custodian_and_the_run_reports_what_did_not_match()
            throws Exception {
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), """
                identifier,mailbox,display name
                UOF82F39AE,ops@corp.example,Ops Desk (custodian)
                u0bobby01,bob@corp.example
                +44 7700 900999,nobody@corp.example
                """);

        List<String> out = run(0, "import", "slack", slackWorkspace().toString(), "--mapping", mapping.toString());

        assertThat(summary(out)).containsEntry("items", 2).containsEntry("archived", 2)
                .containsEntry("mappingRowsUnmatched", 2).containsEntry("mappingNearMisses", 1);
        List<MimeMessage> ops = Maildirs.messages(tmp.resolve("archive"), "ops@corp.example", "Slack Archiver");
        assertThat(ops).hasSize(2);
        assertThat(Maildirs.messages(tmp.resolve("archive"), "compliance@example.com", "Inbox")).isEmpty();
        assertThat(ops).allSatisfy(m -> assertThat(header(m, ConduitHeaders.PARTICIPANTS))
                .contains("handle:slack:UOF82F39AE -> ops@corp.example").doesNotContain("tq2nr0wy2hfezy"));
        assertThat(ops).anySatisfy(m -> assertThat(header(m, "From")).isEqualTo("\"Ops Desk (custodian)\" <ops@corp.example>"));
        assertThat(out).contains(
                "user mapping: 1 of 3 rows matched a participant; 2 matched nothing: line 3 `u0bobby01`, line 4 `+44 7700 900999`",
                "user mapping: near miss: `slack:U0BOBBY01` nearly matches line 3 `u0bobby01`: the same id without the "
                        + "source prefix `slack:` (write `slack:U0BOBBY01`), and differs in case (handles and names are "
                        + "compared exactly)");

        List<String> log = Files.readAllLines(tmp.resolve("state/connector-log/slack-import.jsonl"));
        JsonNode run = JSON.readTree(log.get(log.size() - 1));
        assertThat(run.path("type").asText()).isEqualTo("run");
        assertThat(run.path("mapping").path("rowsUnmatched").asInt()).isEqualTo(2);
        assertThat(run.path("mapping").path("matchedLines").asText()).isEqualTo("2");
        assertThat(run.path("mapping").path("nearMisses").get(0).path("identifier").asText()).isEqualTo("slack:U0BOBBY01");
    }

    @Test
    void sms_mms_and_calls_of_one_number_share_one_synthetic_address_and_the_mapped_name_wins() throws Exception {
        Path backup = Files.writeString(tmp.resolve("sms-20210101.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <smses count="4">
                  <sms address="+1 555-123-4567" date="1609459200000" type="1" body="hi from alice" contact_name="Alice Smith" />
                  <sms address="+15550001111" date="1609459300000" type="1" body="hi from bob" contact_name="Bob Stone" />
                  <mms date="1609462800000" msg_box="1" address="+15550001111" m_id="m1" sub="null" contact_name="Bob Stone">
                    <parts><part seq="0" ct="text/plain" text="an mms from bob" /></parts>
                    <addrs><addr address="+15550001111" type="137" /><addr address="+15559876543" type="151" /></addrs>
                  </mms>
                  <call number="(555) 000-1111" duration="60" date="1609466400000" type="1" presentation="1" contact_name="Bob Stone" />
                </smses>
                """);
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), """
                +15551234567,alice@corp.example,Alice Archer (desk)
                """);

        List<String> out = run(0, "import", "sms", backup.toString(), "--mapping", mapping.toString(),
                "--owner", "+15559876543", "--default-region", "US");

        assertThat(summary(out)).containsEntry("items", 4).containsEntry("archived", 4);
        List<MimeMessage> bob = Maildirs.messages(tmp.resolve("archive"), "compliance@example.com", "Inbox");
        assertThat(bob).extracting(m -> header(m, ConduitHeaders.MESSAGE_CLASS))
                .containsExactlyInAnyOrder("IPM.NOTE.SMS.Message", "IPM.NOTE.MMS.Message", "IPM.NOTE.Phone.Call");
        assertThat(bob).extracting(m -> m.getFrom()[0].toString())
                .containsOnly("Bob Stone <sms.15550001111@unmapped.invalid>");
        assertThat(bob).allSatisfy(m -> assertThat(header(m, "To")).contains("sms.15559876543@unmapped.invalid"));
        MimeMessage alice = Maildirs.messages(tmp.resolve("archive"), "alice@corp.example", "SMS Archiver").get(0);
        assertThat(alice.getFrom()[0].toString()).isEqualTo("\"Alice Archer (desk)\" <alice@corp.example>");
    }
}

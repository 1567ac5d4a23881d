package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import io.conduit.source.slack.SlackExports;
import io.conduit.test.Mails;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code import slack} through the real routes on fixture exports (no real Slack export is among the shared samples;
 * the fixtures follow Slack's "How to read Slack data exports", https://slack.com/help/articles/220556107).
 */
class SlackImportTest {

    @TempDir
    Path tmp;

    private Map<String, Object> run(int expectedExit, String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString(),
                "--catch-all", "compliance@example.com", "--mailbox-domain", "example.com"));
        assertThat(cli.execute(all.toArray(String[]::new))).as(out.toString()).isEqualTo(expectedExit);
        String[] lines = out.toString().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(lines[lines.length - 1], Map.class);
        return summary;
    }

    @Test
    void an_export_archives_every_message_into_each_members_mailbox_and_a_rerun_is_all_duplicates() throws Exception {
        Path zip = SlackExports.clean(tmp.resolve("acme-slack-export.zip"));

        Map<String, Object> first = run(0, "import", "slack", zip.toString());
        Map<String, Object> again = run(0, "import", "slack", zip.toString());

        assertThat(first).containsEntry("items", 13).containsEntry("archived", 13).containsEntry("quarantined", 0);
        // Alice is in every conversation, Bob in all but #deal-team (1), Carol in all but #random and the DM (2)
        assertThat(first).containsEntry("copies", 13 + 12 + 11);
        List<MimeMessage> alice = Maildirs.messages(tmp.resolve("archive"), "alice@example.com", "Slack Archiver");
        assertThat(alice).hasSize(13)
                .allMatch(m -> header(m, ConduitHeaders.MESSAGE_CLASS).startsWith("IPM.NOTE.Slack."))
                .anyMatch(m -> header(m, ConduitHeaders.MESSAGE_CLASS).equals("IPM.NOTE.Slack.SystemEvent"))
                .anyMatch(m -> "direct".equals(header(m, ConduitHeaders.CONVERSATION_TYPE)))
                .anyMatch(m -> "group".equals(header(m, ConduitHeaders.CONVERSATION_TYPE)))
                .anyMatch(m -> "channel".equals(header(m, ConduitHeaders.CONVERSATION_TYPE)));
        assertThat(alice.stream().map(Mails::body).toList())
                .anyMatch(b -> b.contains("[file: Q4-deck.pdf (482133 bytes, application/pdf)"))
                .anyMatch(b -> b.contains("[reaction :thumbsup:"));
        assertThat(Maildirs.messages(tmp.resolve("archive"), "carol@example.com", "Slack Archiver")).hasSize(11);
        assertThat(again).containsEntry("items", 13).containsEntry("duplicates", 13).containsEntry("archived", 0);
        System.out.printf("fixture acme-slack-export.zip: %s%n", first);
    }

    @Test
    void malformed_day_files_are_quarantined_and_every_other_message_is_archived() throws Exception {
        Path zip = SlackExports.withMalformedDays(tmp.resolve("acme-slack-export.zip"));

        Map<String, Object> summary = run(ImportCommand.EXIT_QUARANTINED, "import", "slack", zip.toString());

        // a day file cut off mid-message: its rest is unread, so the whole ZIP is also quarantined and the run does
        // not balance; every other message is archived
        assertThat(summary).containsEntry("items", 18).containsEntry("archived", 15).containsEntry("quarantined", 3)
                .containsEntry("unread", 1).containsEntry("duplicates", 0);
        try (Stream<Path> files = Files.walk(tmp.resolve("state"))) {
            String quarantine = String.join("\n", files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains("quarantine")).map(SlackImportTest::read).toList());
            assertThat(quarantine).contains("random/2024-01-16.json[1]").contains("general/2024-01-17.json[0]");
        }
    }

    @Test
    void a_zip_with_a_traversal_entry_is_quarantined_whole_and_nothing_is_archived() throws Exception {
        Path zip = SlackExports.zip(tmp.resolve("evil.zip"), "", Map.of("general/../../../evil.json", "[]"),
                SlackExports.EXPORT);

        Map<String, Object> summary = run(ImportCommand.EXIT_QUARANTINED, "import", "slack", zip.toString());

        assertThat(summary).containsEntry("archived", 0).containsEntry("quarantined", 1);
        assertThat(Files.exists(tmp.resolve("archive")) ? Maildirs.countAll(tmp.resolve("archive")) : 0L).isZero();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (Exception e) {
            return "";
        }
    }
}

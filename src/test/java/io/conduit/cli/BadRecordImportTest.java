package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.conduit.Maildirs;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad record in the middle of a file (issue 11, point 2): the reader goes on past it wherever the format allows
 * (a character XML forbids is repaired and noted; a JSON element nested too deep is skipped; a CSV row over the cap is
 * skipped to the next line); where it cannot (an entity the XML parser refuses), the whole file is quarantined, the
 * run counts one {@code unread} entry, does not balance and exits 2, and the input's checkpoint is not marked done.
 */
class BadRecordImportTest {

    static final Path DIR = Path.of("src/test/resources/io/conduit/badrecords");

    @TempDir
    Path tmp;

    @Test
    void a_control_character_reference_in_an_sms_body_is_repaired_noted_and_every_record_is_read() throws Exception {
        Map<String, Object> summary = ImportRun.run(tmp, ExitCodes.OK, "import", "sms",
                DIR.resolve("sms-control-character.xml").toString(), "--owner", "+447700900001");

        assertThat(summary).containsEntry("items", 3).containsEntry("archived", 3).containsEntry("quarantined", 0)
                .containsEntry("unread", 0);
        List<MimeMessage> copies = Maildirs.all(tmp.resolve("archive"));
        assertThat(copies).hasSize(3);
        assertThat(Files.readString(tmp.resolve("state/checkpoints/sms-import.json"))).containsPattern("\"done\"\\s*:\\s*\"true\"");
        assertThat(copies).filteredOn(m -> body(m).contains("Sent it")).singleElement().satisfies(m ->
                assertThat(body(m)).contains("Sent it\u240bcheck page 2")
                        .contains("[Conduit repaired this record before reading it: &#11; (a character XML 1.0 "
                                + "forbids) shown as \u240b]"));
    }

    @Test
    void an_entity_the_parser_refuses_quarantines_the_whole_file_and_the_run_does_not_balance() throws Exception {
        Path file = DIR.resolve("sms-xxe.xml");
        List<String> out = ImportRun.lines(tmp, ExitCodes.QUARANTINED, "import", "sms", file.toString(),
                "--owner", "+447700900001");

        Map<String, Object> summary = ImportRun.summary(out);
        assertThat(summary).containsEntry("items", 1).containsEntry("archived", 1).containsEntry("unread", 1);
        assertThat(out).anyMatch(l -> l.contains("sms-xxe.xml") && l.contains("NOT READ TO ITS END"));
        // the whole original file is kept in quarantine, for a retry once it is fixed
        try (Stream<Path> files = Files.walk(tmp.resolve("state/quarantine"))) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".json")))
                    .anySatisfy(p -> assertThat(p).hasSameBinaryContentAs(file));
        }
        // the connector log's run line says so
        try (Stream<Path> logs = Files.list(tmp.resolve("state/connector-log"))) {
            String log = Files.readString(logs.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow());
            assertThat(log).contains("\"unread\":1").contains("\"balanced\":false");
        }
        // the input's checkpoint is not marked done (a control-character file's is)
        Path checkpoint = tmp.resolve("state/checkpoints/sms-import.json");
        assertThat(!Files.exists(checkpoint) || !Files.readString(checkpoint).matches("(?s).*\"done\"\\s*:\\s*\"true\".*"))
                .as("checkpoint not done").isTrue();
        // nothing from the entity's target reached the archive
        List<MimeMessage> copies = Maildirs.all(tmp.resolve("archive"));
        assertThat(copies).hasSize(1).allSatisfy(m -> assertThat(body(m)).doesNotContain("root:"));
    }

    @Test
    void a_telegram_message_nested_past_the_limit_is_quarantined_and_the_next_messages_are_read() throws Exception {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        Path file = Files.writeString(tmp.resolve("result.json"), """
                {"name": "Deal desk", "type": "personal_chat", "id": 42, "messages": [
                 {"id": 1, "type": "message", "date": "2024-03-01T09:00:00", "date_unixtime": "1709283600",
                  "from": "Alice Smith", "from_id": "user2000002", "text": "first"},
                 {"id": 2, "type": "message", "date": "2024-03-01T09:01:00", "date_unixtime": "1709283660",
                  "from": "Alice Smith", "from_id": "user2000002", "text": %s},
                 {"id": 3, "type": "message", "date": "2024-03-01T09:02:00", "date_unixtime": "1709283720",
                  "from": "Alice Smith", "from_id": "user2000002", "text": "third"}
                ]}
                """.formatted(deep));

        Map<String, Object> summary = ImportRun.run(tmp, ExitCodes.QUARANTINED, "import", "telegram", file.toString(),
                "--owner", "+447700900001");

        assertThat(summary).containsEntry("items", 3).containsEntry("archived", 2).containsEntry("quarantined", 1)
                .containsEntry("unread", 0);
    }

    @Test
    void a_csv_row_over_the_cap_is_quarantined_and_reading_goes_on_at_the_next_line() throws Exception {
        String header = "conversation_id,platform,conversation_type,message_type,message_id,sender,recipients,timestamp,"
                + "subject,body,attachment_path\n";
        String row = "chat-1,SMS,direct,Message,%s,+447700900001,+447700900123,2024-03-01T09:0%d:00Z,,%s,\n";
        Path file = tmp.resolve("drop.csv");
        try (var w = Files.newBufferedWriter(file)) {
            w.write(header);
            w.write(row.formatted("m1", 1, "first"));
            w.write(row.formatted("m2", 2, "x".repeat(9 << 20)));
            w.write(row.formatted("m3", 3, "third"));
        }

        Map<String, Object> summary = ImportRun.run(tmp, ExitCodes.QUARANTINED, "import", "csv", file.toString());

        assertThat(summary).containsEntry("items", 3).containsEntry("archived", 2).containsEntry("quarantined", 1)
                .containsEntry("unread", 0);
        // the quarantined row keeps its line as read (capped), not an empty record
        try (Stream<Path> files = Files.walk(tmp.resolve("state/quarantine"))) {
            assertThat(files.filter(Files::isRegularFile).map(BadRecordImportTest::read))
                    .anyMatch(text -> text.contains("chat-1,SMS,direct,Message,m2,+447700900001"));
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String body(MimeMessage m) {
        try {
            Object content = m.getContent();
            if (content instanceof jakarta.mail.Multipart mp) {
                return String.valueOf(mp.getBodyPart(0).getContent());
            }
            return String.valueOf(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

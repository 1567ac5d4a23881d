package io.conduit.cli;

import io.conduit.model.Text;
import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.conduit.Maildirs;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.mime.ConduitHeaders;
import io.conduit.mime.ConversationThread;
import io.conduit.model.ArchiveItem;
import io.conduit.source.SourceRecords;
import io.conduit.source.whatsapp.WhatsAppExportReader;
import io.conduit.source.whatsapp.WhatsAppSettings;
import io.conduit.state.idempotency.ArchivedItemRepository;
import io.conduit.state.transcript.FileTranscriptStore;
import io.conduit.state.transcript.TranscriptStore;
import io.conduit.test.Mails;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, point 9: {@code --transcripts daily} archives one email per conversation and day, re-issues a day that
 * gets late items as a new version that supersedes the old, and keeps the counts exact across re-runs and crashes.
 */
class TranscriptImportTest {

    private static final String DANIEL = "daniel.reed@example.com";
    private static final String FOLDER = "WhatsApp Archiver";

    @TempDir
    Path tmp;

    private Map<String, Object> importChat(int exit, Path chat, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("import", "whatsapp", chat.toString(), "--transcripts", "daily",
                "--mapping", "demo/mapping.csv", "--default-region", "GB", "--zone", "Europe/London",
                "--owner", "+44 7700 900001"));
        args.addAll(List.of(extra));
        return ImportRun.run(tmp, exit, args.toArray(String[]::new));
    }

    private Path chat(String text) throws Exception {
        Path chat = tmp.resolve("in").resolve("WhatsApp Chat with Priya Shah.txt");
        Files.createDirectories(chat.getParent());
        Files.writeString(chat, text, StandardCharsets.UTF_8);
        return chat;
    }

    private static final String DAY_ONE = """
            14/11/2026, 08:02 - Daniel Reed: Morning Priya, are you still looking at the 2031 gilts?
            14/11/2026, 08:05 - Priya Shah: Morning! Yes. What's the offer on 50m?
            14/11/2026, 08:06 - Daniel Reed: 98.42 firm for 10 minutes
            """;

    @Test
    void a_group_chat_day_becomes_one_transcript_with_its_messages_in_order_and_its_attachment() throws Exception {
        Path zip = Path.of("demo/whatsapp/WhatsApp Chat - Rates Desk.zip");

        Map<String, Object> first = importChat(0, zip);
        Map<String, Object> again = importChat(0, zip);

        assertThat(first).containsEntry("items", 11).containsEntry("archived", 11).containsEntry("quarantined", 0)
                .containsEntry("copies", 3); // one transcript into Daniel's, Sofia's and Tom's mailboxes
        assertThat(again).containsEntry("items", 11).containsEntry("duplicates", 11).containsEntry("archived", 0);
        for (String custodian : List.of(DANIEL, "sofia.marin@example.com", "tom.okafor@example.com")) {
            List<MimeMessage> all = Maildirs.messages(tmp.resolve("archive"), custodian, FOLDER);
            assertThat(all).as(custodian).hasSize(1);
        }
        MimeMessage transcript = Maildirs.messages(tmp.resolve("archive"), DANIEL, FOLDER).get(0);
        assertThat(header(transcript, ConduitHeaders.MESSAGE_CLASS)).isEqualTo("IPM.NOTE.WhatsApp.Transcript");
        assertThat(header(transcript, "Subject")).isEqualTo("[WhatsApp] Rates Desk \u2014 2026-11-16");
        assertThat(header(transcript, "References")).isEqualTo(ConversationThread.rootMessageId("whatsapp-import",
                header(transcript, ConduitHeaders.CONVERSATION_ID), java.time.LocalDate.of(2026, 11, 16)));
        String body = Mails.body(transcript);
        assertThat(body).contains("11 item(s), version 1");
        assertThat(body.indexOf("Desk call at 8:30")).isLessThan(body.indexOf("steepener quote"));
        assertThat(body.indexOf("steepener quote")).isLessThan(body.indexOf("Filled 20m at 1.12"));
        assertThat(body).contains("[Attachment: 00000005-DOCUMENT-2026-11-16-08-01-05.pdf, 488 bytes]");
        MimeMultipart parts = (MimeMultipart) Mails.content(transcript);
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("00000005-DOCUMENT-2026-11-16-08-01-05.pdf");
    }

    @Test
    void the_encryption_notice_opening_a_day_neither_sends_the_transcript_nor_is_among_its_recipients() throws Exception {
        Map<String, Object> summary = importChat(0, chat("14/11/2026, 08:01 - Messages and calls are end-to-end "
                + "encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n" + DAY_ONE));

        assertThat(summary).containsEntry("items", 4).containsEntry("archived", 4).containsEntry("copies", 1);
        MimeMessage transcript = Maildirs.messages(tmp.resolve("archive"), DANIEL, FOLDER).get(0);
        assertThat(header(transcript, "From")).contains("Daniel Reed").doesNotContain("WhatsApp chat");
        assertThat(header(transcript, "To")).contains("Priya Shah").doesNotContain("WhatsApp chat");
        assertThat(Mails.body(transcript)).contains("4 item(s), version 1").contains("end-to-end encrypted");
    }

    @Test
    void a_late_item_reissues_its_day_as_a_new_version_that_supersedes_the_old() throws Exception {
        Map<String, Object> first = importChat(0, chat(DAY_ONE));
        Map<String, Object> later = importChat(0, chat(DAY_ONE + """
                14/11/2026, 08:09 - Priya Shah: Ok, done at 98.42 for 50m.
                15/11/2026, 17:48 - Priya Shah: Thanks Daniel
                """));

        assertThat(first).containsEntry("items", 3).containsEntry("archived", 3).containsEntry("copies", 1);
        assertThat(later).containsEntry("items", 5).containsEntry("duplicates", 3).containsEntry("archived", 2)
                .containsEntry("copies", 2); // the 14th re-issued, the 15th new
        List<MimeMessage> all = Maildirs.messages(tmp.resolve("archive"), DANIEL, FOLDER);
        assertThat(all).hasSize(3);
        MimeMessage v1 = all.stream().filter(m -> Mails.body(m).contains("version 1") && Mails.body(m).contains("2026-11-14"))
                .findFirst().orElseThrow();
        MimeMessage v2 = all.stream().filter(m -> Mails.body(m).contains("version 2")).findFirst().orElseThrow();
        String v1Id = header(v1, "Message-ID");
        assertThat(header(v2, ConduitHeaders.SUPERSEDES)).isEqualTo(v1Id);
        assertThat(header(v2, "References")).endsWith(" " + v1Id).startsWith(header(v1, "References"));
        assertThat(header(v2, "In-Reply-To")).isEqualTo(v1Id);
        assertThat(Mails.body(v2)).contains("4 item(s), version 2").contains("98.42 firm").contains("done at 98.42")
                .doesNotContain("Thanks Daniel");
        assertThat(Mails.body(v1)).doesNotContain("done at 98.42");
    }

    @Test
    void a_day_a_crashed_run_left_pending_is_issued_once_on_the_next_start_and_the_rerun_counts_every_item() throws Exception {
        Path chat = chat(DAY_ONE);
        // a run that stopped abruptly: all three items kept for the transcript, only the first two keys recorded
        List<ArchiveItem> items = new ArrayList<>();
        try (SourceRecords records = WhatsAppExportReader.open(chat,
                new WhatsAppSettings("whatsapp-import", ZoneId.of("Europe/London"), "+44 7700 900001", "GB"))) {
            records.forEachRemaining(r -> items.add(((ArchiveItem) r).withZone(ZoneId.of("Europe/London"))));
        }
        Path state = tmp.resolve("state");
        TranscriptStore store = new FileTranscriptStore(state);
        for (ArchiveItem item : items) {
            store.stage(new TranscriptStore.Day("whatsapp-import", item.conversationId(), ConversationThread.day(item)),
                    FOLDER, item);
        }
        ArchivedItemRepository keys = new ArchivedItemRepository(state.resolve("archived-items.txt").toFile());
        keys.start();
        keys.add(Text.sha256(items.get(0).idempotencyKey()));
        keys.add(Text.sha256(items.get(1).idempotencyKey()));
        keys.stop();

        Map<String, Object> rerun = importChat(0, chat);
        Map<String, Object> again = importChat(0, chat);

        // the start issued the day (3 items) before the run read the file; the run's unrecorded item is in it
        assertThat(rerun).containsEntry("items", 3).containsEntry("duplicates", 2).containsEntry("archived", 1)
                .containsEntry("quarantined", 0);
        assertThat(again).containsEntry("duplicates", 3);
        List<MimeMessage> all = Maildirs.messages(tmp.resolve("archive"), DANIEL, FOLDER);
        assertThat(all).hasSize(1);
        assertThat(Mails.body(all.get(0))).contains("3 item(s), version 1");
        assertThat(header(all.get(0), "Message-ID")).isEqualTo(ArchiveItemToMime.messageId(
                io.conduit.pipeline.TranscriptBuilder.build(ConversationThread.day(items.get(0)), items, 1, null)));
    }

    @Test
    void a_transcript_that_cannot_be_stored_quarantines_its_items_and_the_counts_balance() throws Exception {
        Path archive = tmp.resolve("archive");
        Files.createDirectories(archive.resolve(DANIEL));
        Files.writeString(archive.resolve(DANIEL).resolve("." + FOLDER), "not a folder");

        Map<String, Object> summary = importChat(ImportCommand.EXIT_QUARANTINED, chat(DAY_ONE));

        assertThat(summary).containsEntry("items", 3).containsEntry("archived", 0).containsEntry("quarantined", 3);
        assertThat(new io.conduit.state.Quarantine(tmp.resolve("state")).list()).hasSize(1)
                .allMatch(r -> r.source().startsWith("transcript of 3 item(s)"));
    }
}

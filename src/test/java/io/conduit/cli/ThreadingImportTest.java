package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.conduit.Maildirs;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.mime.ConduitHeaders;
import io.conduit.source.slack.SlackExports;
import io.conduit.test.Mails;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, points 7 and 8: the emails of one chat form one thread per conversation day (the same subject whoever
 * sent, {@code References} to the day's root, Outlook's {@code Thread-Topic} and {@code Thread-Index}), replies name
 * their parent, and {@code Date:} carries the connector zone's offset with the local time in the footer.
 */
class ThreadingImportTest {

    @TempDir
    Path tmp;

    private List<MimeMessage> messages(String mailbox, String folder) throws Exception {
        return Maildirs.messages(tmp.resolve("archive"), mailbox, folder);
    }

    private static MimeMessage withBody(List<MimeMessage> all, String text) {
        return all.stream().filter(m -> Mails.body(m).contains(text)).findFirst().orElseThrow();
    }

    private static String messageId(MimeMessage m) {
        return header(m, "Message-ID");
    }

    @Test
    void a_direct_chat_day_is_one_thread_with_one_subject_whoever_sends() throws Exception {
        Path chat = tmp.resolve("WhatsApp Chat with Priya Shah.txt");
        Files.writeString(chat, """
                14/11/2026, 08:01 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
                14/11/2026, 08:02 - Daniel Reed: Morning Priya, are you still looking at the 2031 gilts?
                14/11/2026, 08:05 - Priya Shah: Morning! Yes. What's the offer on 50m?
                14/11/2026, 08:06 - Daniel Reed: 98.42 firm for 10 minutes
                14/11/2026, 23:30 - Priya Shah: Late one: confirm tomorrow
                15/11/2026, 09:00 - Daniel Reed: Confirmed
                """, StandardCharsets.UTF_8);

        ImportRun.run(tmp, 0, "import", "whatsapp", chat.toString(), "--owner", "Daniel Reed", "--zone",
                "America/New_York", "--mapping", mapping().toString());

        List<MimeMessage> all = messages("daniel.reed@example.com", "WhatsApp Archiver");
        assertThat(all).hasSize(6); // the encryption notice too: same subject, same thread
        List<MimeMessage> day14 = all.stream().filter(m -> !Mails.body(m).contains("Confirmed")).toList();
        // 23:30 in New York is 04:30 UTC on the 15th: the conversation day is the one the participants saw
        assertThat(day14).extracting(m -> header(m, "Subject")).containsOnly("[WhatsApp] Daniel Reed, Priya Shah \u2014 2026-11-14");
        assertThat(day14).extracting(m -> header(m, "Thread-Topic")).containsOnly("[WhatsApp] Daniel Reed, Priya Shah \u2014 2026-11-14");
        String root = header(day14.get(0), "References");
        assertThat(root).startsWith("<thread.").endsWith("@conduit.invalid>");
        assertThat(day14).extracting(m -> header(m, "References")).containsOnly(root);
        assertThat(day14).extracting(m -> header(m, "In-Reply-To")).containsOnly(root);
        MimeMessage nextDay = withBody(all, "Confirmed");
        assertThat(header(nextDay, "Subject")).endsWith("2026-11-15");
        assertThat(header(nextDay, "References")).isNotEqualTo(root);
        // Thread-Index: the same 22-byte conversation header for the day, one 5-byte response level per message
        List<byte[]> indexes = day14.stream().map(m -> Base64.getDecoder().decode(header(m, "Thread-Index"))).toList();
        assertThat(indexes).allMatch(b -> b.length == 27 && b[0] == 1);
        assertThat(indexes).extracting(b -> Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b, 22))).containsOnly(
                Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(indexes.get(0), 22)));

        MimeMessage late = withBody(all, "Late one");
        assertThat(header(late, "Date")).startsWith("Sat, 14 Nov 2026 23:30:00 -0500");
        assertThat(late.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-11-15T04:30:00Z"));
        assertThat(Mails.body(late)).contains("Sent: 2026-11-15T04:30:00Z (UTC)")
                .contains("Local time: 2026-11-14 23:30:00 -05:00 (America/New_York, EST)");
    }

    @Test
    void a_slack_thread_reply_answers_its_parents_message_id() throws Exception {
        Path zip = SlackExports.clean(tmp.resolve("acme-slack-export.zip"));

        ImportRun.run(tmp, 0, "import", "slack", zip.toString(), "--mailbox-domain", "example.com");

        List<MimeMessage> alice = messages("alice@example.com", "Slack Archiver");
        MimeMessage reply = withBody(alice, "Looks good");
        MimeMessage parent = alice.stream().filter(m -> header(m, ConduitHeaders.ITEM_ID).endsWith(":1705309200.000200"))
                .findFirst().orElseThrow();
        assertThat(header(reply, "In-Reply-To")).isEqualTo(messageId(parent));
        assertThat(header(reply, "References")).isEqualTo(header(parent, "References") + " " + messageId(parent));
    }

    @Test
    void a_telegram_reply_answers_the_message_it_quotes() throws Exception {
        Path export = Path.of("src/test/resources/io/conduit/source/telegram/single-chat/result.json");

        ImportRun.run(tmp, 0, "import", "telegram", export.toString(), "--owner", "+44 7700 900123");

        List<MimeMessage> all = messages("compliance@example.com", "Inbox");
        MimeMessage reply = withBody(all, "[in reply to message 101]");
        MimeMessage parent = all.stream().filter(m -> header(m, ConduitHeaders.ITEM_ID).equals("101")).findFirst().orElseThrow();
        assertThat(header(reply, "In-Reply-To")).isEqualTo(messageId(parent));
    }

    @Test
    void a_reply_tweet_answers_the_tweet_it_replies_to() throws Exception {
        Path tweets = Path.of("src/test/resources/io/conduit/source/twitter/archive/tweets.js");

        ImportRun.run(tmp, 0, "import", "twitter", tweets.toString());

        List<MimeMessage> all = messages("alice.owner@example.com", "X Archiver");
        MimeMessage reply = withBody(all, "In reply to tweet 1600000000000000000");
        assertThat(header(reply, "In-Reply-To")).isEqualTo(ArchiveItemToMime.messageId("twitter-import",
                header(reply, ConduitHeaders.CONVERSATION_ID), "1600000000000000000", 1));
    }

    private Path mapping() throws Exception {
        Path csv = tmp.resolve("mapping.csv");
        Files.writeString(csv, "identifier,mailbox,display name\nDaniel Reed,daniel.reed@example.com,Daniel Reed\n");
        return csv;
    }
}

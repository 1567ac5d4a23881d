package io.conduit.store;

import io.conduit.test.MinimalImapServer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Without UIDPLUS (no APPENDUID) the correlation id falls back to the Message-ID. */
class ImapStoreNoUidPlusTest {

    @Test
    void correlationIdUsesTheMessageIdWhenTheServerReturnsNoAppendUid() throws Exception {
        try (MinimalImapServer server = new MinimalImapServer()) {
            ImapSettings settings = ImapSettings.fromUri("imap://localhost:" + server.port() + "?starttls=false",
                    "archive@example.com", null, "pw").withTimeouts(2_000, 5_000);
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setSubject("no uidplus");
            message.setText("body");
            StoredCopy copy;
            try (ImapStore store = new ImapStore(settings)) {
                copy = store.append("archive@example.com", "WhatsApp Archiver", message);
                store.append("archive@example.com", "WhatsApp Archiver", message);
                assertThat(store.loginCount()).isEqualTo(1);
            }
            String messageId = message.getMessageID();
            assertThat(messageId).startsWith("<").endsWith(">");
            assertThat(copy.correlationId()).isEqualTo("imap://archive%40example.com@localhost:" + server.port()
                    + "/WhatsApp%20Archiver;MESSAGE-ID="
                    + java.net.URLEncoder.encode(messageId, StandardCharsets.UTF_8).replace("+", "%20"));
            assertThat(server.appended()).hasSize(2);
            assertThat(new String(server.appended().get(0), StandardCharsets.UTF_8))
                    .contains("Message-ID: " + messageId, "no uidplus");
        }
    }
}

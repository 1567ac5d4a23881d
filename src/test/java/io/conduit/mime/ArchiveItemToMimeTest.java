package io.conduit.mime;

import io.conduit.model.Text;
import static io.conduit.TestItems.handle;
import static io.conduit.TestItems.item;
import static io.conduit.TestItems.phone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.conduit.mapping.MailboxResolver;
import io.conduit.mapping.UserMapping;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

class ArchiveItemToMimeTest {

    /** A body set from its UTF-8 bytes is written exactly as Angus Mail's {@code setText(text, "UTF-8")} writes it. */
    @Test
    void textFromBytesIsWrittenAsSetTextWritesIt() throws Exception {
        java.util.Random random = new java.util.Random(20261206);
        List<String> texts = new java.util.ArrayList<>(List.of("", "plain ascii\n", "héllo wörld 📈 price 98.5",
                "a\r\nb\nc\rd", "lone \uD800 surrogate and \uDC00", "trailing spaces   \nFrom the desk\n.\n",
                "Ελληνικά και кириллица целиком", "x".repeat(1200), "=3D and = at the end=", "\u0000\u0007\u001b[0m"));
        String alphabet = "abc XYZ 019 =.\r\n\t\u00e9\u00df\u4e2d\u0416\uD83D\uDCC8\uD800\u0000~";
        for (int n = 0; n < 300; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(1500); k > 0; k--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(b.toString());
        }
        for (String text : texts) {
            MimeMessage bySetText = fixedMessage();
            bySetText.setText(text, "UTF-8");
            MimeMessage byBytes = fixedMessage();
            ArchiveItemToMime.setText(byBytes, text);
            assertThat(written(byBytes)).as("text of %d chars", text.length()).isEqualTo(written(bySetText));
        }
    }

    private static MimeMessage fixedMessage() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<fixed@conduit.test>");
            }
        };
        m.setSentDate(java.util.Date.from(Instant.parse("2024-01-01T08:00:00Z")));
        return m;
    }

    private static byte[] written(MimeMessage m) throws Exception {
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private final MailboxResolver resolver = new MailboxResolver(UserMapping.empty(), Set.of("example.com"), "catch-all@example.com");
    private final ArchiveItemToMime transformer = new ArchiveItemToMime(resolver);

    @Test
    void writes_the_design_headers_and_a_deterministic_message_id() throws Exception {
        ArchiveItem item = item("42", new Participant("Alice", null, "alice@example.com", null),
                List.of(phone("+44 7700 900123", "+447700900123")), "Price: 98.42");
        MimeMessage msg = reparse(transformer.toMime(item, resolver.route(item)));

        assertThat(msg.getHeader(ConduitHeaders.MESSAGE_CLASS, null)).isEqualTo("IPM.NOTE.WhatsApp.Message");
        assertThat(msg.getHeader(ConduitHeaders.CONNECTOR, null)).isEqualTo("test-connector");
        assertThat(msg.getHeader(ConduitHeaders.ITEM_ID, null)).isEqualTo("42");
        assertThat(msg.getHeader(ConduitHeaders.CONVERSATION_TYPE, null)).isEqualTo("group");
        assertThat(msg.getHeader(ConduitHeaders.SOURCE_SHA256, null)).isEqualTo("ab".repeat(32));
        assertThat(msg.getHeader(ConduitHeaders.UNMAPPED)).isNull();
        assertThat(((InternetAddress) msg.getFrom()[0]).getAddress()).isEqualTo("alice@example.com");
        assertThat(((InternetAddress) msg.getRecipients(Message.RecipientType.TO)[0]).getAddress())
                .isEqualTo("whatsapp.447700900123@unmapped.invalid");
        assertThat(msg.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-11-20T09:30:00Z"));
        assertThat(msg.getSubject()).isEqualTo("[WhatsApp] Desk \u2014 2026-11-20");
        assertThat(msg.getMessageID()).isEqualTo(ArchiveItemToMime.messageId(item))
                .isEqualTo(ArchiveItemToMime.messageId(item("42", handle("x"), List.of(handle("y")), "other body")))
                .matches("<[0-9a-f]{64}@conduit\\.invalid>");
        assertThat((String) msg.getContent()).startsWith("Price: 98.42\n").contains("Source: chat.txt:42");
    }

    @Test
    void catch_all_copies_name_the_unmapped_identifiers() throws Exception {
        ArchiveItem item = item("1", handle("Stranger"), List.of(phone("X", "+33612345678")), "hello");
        MimeMessage msg = reparse(transformer.toMime(item, resolver.route(item)));
        assertThat(msg.getHeader(ConduitHeaders.UNMAPPED, null)).isEqualTo("Stranger, +33612345678");
    }

    @Test
    void header_injection_in_names_and_subjects_is_neutralised() throws Exception {
        String evil = "Mallory\r\nBcc: victim@example.com\r\n\u0000X-Evil: 1 =?UTF-8?B?QmNjOiB4?=";
        ArchiveItem base = item("7", handle(evil), List.of(handle("Bob")), "body");
        ArchiveItem item = new ArchiveItem(base.source(), base.event(), base.connectorId(), evil, evil,
                base.conversationType(), base.itemId(), 1, base.sender(), base.recipients(), base.timestamp(),
                evil + " subject", "body", Set.of(), List.of(), null, evil);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        transformer.toMime(item, resolver.route(item)).writeTo(raw);
        String text = raw.toString(StandardCharsets.US_ASCII);
        assertThat(text).doesNotContain("\r\nBcc:").doesNotContain("\r\nX-Evil:").doesNotContain("\u0000");
        MimeMessage msg = reparse(item);
        assertThat(msg.getHeader("Bcc")).isNull();
        assertThat(msg.getHeader("X-Evil")).isNull();
        String conversation = MimeUtility.decodeText(msg.getHeader(ConduitHeaders.CONVERSATION_ID, null));
        assertThat(conversation).startsWith("Mallory Bcc: victim@example.com X-Evil: 1")
                .as("an encoded word in the input is shown as text, not decoded").doesNotContain("Bcc: x")
                .contains("=\u200b?UTF-8?B?QmNjOiB4?=");
        assertThat(((InternetAddress) msg.getFrom()[0]).getPersonal()).doesNotContain("Bcc: x").doesNotContain("\n");
        assertThat(msg.getSubject()).doesNotContain("Bcc: x");
    }

    @Test
    void very_long_values_are_capped() throws Exception {
        ArchiveItem item = item("8", handle("A".repeat(100_000)), List.of(handle("Bob")), "body");
        MimeMessage msg = reparse(item);
        assertThat(MimeUtility.decodeText(msg.getHeader(ConduitHeaders.PARTICIPANTS, null)).length())
                .isLessThanOrEqualTo(HeaderValues.MAX_CHARS + 1);
    }

    @Test
    void attachments_keep_their_name_rfc2231_encoded_and_their_sha256() throws Exception {
        byte[] pdf = "%PDF-1.4 tiny".getBytes(StandardCharsets.US_ASCII);
        ArchiveItem base = item("9", handle("Alice"), List.of(handle("Bob")), "see attached");
        ArchiveItem item = new ArchiveItem(base.source(), base.event(), base.connectorId(), base.conversationId(),
                base.conversationName(), ConversationType.DIRECT, "9", 1, base.sender(), base.recipients(), base.timestamp(),
                null, base.body(), Set.of(ItemEvent.EDITED), List.of(new Attachment("../../Prévisions Q4.pdf", "application/pdf",
                pdf.length, null, () -> new ByteArrayInputStream(pdf))), null, "chat.zip!_chat.txt:3");
        MimeMessage msg = reparse(item);
        MimeMultipart mixed = (MimeMultipart) msg.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat((String) mixed.getBodyPart(0).getContent()).contains("see attached").contains("[Edited:");
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("Prévisions Q4.pdf");
        assertThat(mixed.getBodyPart(1).getHeader("Content-Disposition")[0]).contains("filename*=");
        assertThat(mixed.getBodyPart(1).getDescription())
                .isEqualTo("SHA-256 " + Text.sha256("%PDF-1.4 tiny"));
        assertThat(mixed.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(pdf);
        assertThat(msg.getSubject()).isEqualTo("[WhatsApp] Alice, Bob \u2014 2026-11-20");
    }

    @Test
    void mandatory_properties_are_refused_by_name() {
        assertThatThrownBy(() -> ArchiveItemValidator.validate(item("1", null, List.of(handle("b")), "x")))
                .isInstanceOf(MissingPropertyException.class).hasMessageContaining("FROM").hasMessageContaining("chat.txt:1");
        assertThatThrownBy(() -> ArchiveItemValidator.validate(item("2", handle("a"), List.of(), "x")))
                .isInstanceOf(MissingPropertyException.class).hasMessageContaining("property TO");
        ArchiveItem base = item("3", handle("a"), List.of(handle("b")), "x");
        assertThatThrownBy(() -> ArchiveItemValidator.validate(new ArchiveItem(base.source(), base.event(), base.connectorId(),
                base.conversationId(), base.conversationName(), base.conversationType(), "3", 1, base.sender(), base.recipients(),
                null, null, "x", null, null, null, "chat.txt:3")))
                .isInstanceOf(MissingPropertyException.class).hasMessageContaining("DATE");
        assertThatThrownBy(() -> ArchiveItemValidator.validate(new ArchiveItem(base.source(), " ", base.connectorId(),
                base.conversationId(), base.conversationName(), base.conversationType(), "3", 1, base.sender(), base.recipients(),
                base.timestamp(), null, "x", null, null, null, "chat.txt:4")))
                .isInstanceOf(MissingPropertyException.class).hasMessageContaining("MESSAGECLASS");
    }

    private MimeMessage reparse(ArchiveItem item) throws Exception {
        return reparse(transformer.toMime(item, resolver.route(item)));
    }

    private static MimeMessage reparse(MimeMessage msg) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        msg.writeTo(out);
        return new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(out.toByteArray()));
    }
}

package io.conduit.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.conduit.mime.ArchiveItemToMime;
import io.conduit.mime.ConduitHeaders;
import io.conduit.model.ItemEvent;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/**
 * One archived email read back for an export, from the headers {@link ArchiveItemToMime} writes: provenance
 * ({@code X-Conduit-*}), {@code From}/{@code To}, {@code Date} with its offset, the thread headers, the text before the
 * footer ({@code "\n-- \n"}) and the attachments (kept in a spool folder, not in memory).
 *
 * @param connectorId      {@code X-Conduit-Connector}
 * @param conversationId   {@code X-Conduit-Conversation-Id}
 * @param conversationType {@code X-Conduit-Conversation-Type}: direct, group or channel
 * @param conversationName the footer's {@code Conversation:} line, else the subject
 * @param source           {@code X-Conduit-Source}
 * @param messageClass     {@code X-Conduit-Message-Class}
 * @param itemId           {@code X-Conduit-Item-Id}
 * @param messageId        {@code Message-ID}
 * @param inReplyTo        {@code In-Reply-To}, or {@code null}
 * @param subject          {@code Subject}, decoded
 * @param time             {@code Date} with the offset it was written with
 * @param from             the sender's address
 * @param to               the recipients' addresses
 * @param identifiers      {@code X-Conduit-Participants} entries (sender first, then recipients), each the
 *                         participant's source identifiers
 * @param text             the message text, without the footer
 * @param deleted          true when the body carries the deletion marker
 * @param attachments      the attachments, spooled
 */
public record ArchivedCopy(String connectorId, String conversationId, String conversationType, String conversationName,
                           String source, String messageClass, String itemId, String messageId, String inReplyTo,
                           String subject, OffsetDateTime time, InternetAddress from, List<InternetAddress> to,
                           List<String> identifiers, String text, boolean deleted, List<SpooledFile> attachments) {

    /**
     * An attachment kept in the spool folder.
     *
     * @param name its file name as the email gave it
     * @param path where it is spooled
     * @param size bytes
     */
    public record SpooledFile(String name, Path path, long size) {
    }

    /** A trailing RFC 5322 comment such as {@code (CET)} after a date. */
    private static final java.util.regex.Pattern COMMENT = java.util.regex.Pattern.compile("\\s*\\([^)]*\\)\\s*$");

    /** True when the email is a message-level copy Conduit wrote (it has a connector and a conversation). */
    public static boolean isConduitCopy(MimeMessage m) throws MessagingException {
        return m.getHeader(ConduitHeaders.CONNECTOR, null) != null && m.getHeader(ConduitHeaders.CONVERSATION_ID, null) != null;
    }

    /**
     * Reads an email written by Conduit.
     *
     * @param spool folder the attachments are copied into
     * @throws MessagingException when a header or part cannot be read
     * @throws IOException        when an attachment cannot be spooled
     */
    public static ArchivedCopy of(MimeMessage m, Path spool) throws MessagingException, IOException {
        String text;
        List<SpooledFile> files = new ArrayList<>();
        Object content = m.getContent();
        if (content instanceof MimeMultipart mp) {
            text = String.valueOf(mp.getBodyPart(0).getContent());
            for (int i = 1; i < mp.getCount(); i++) {
                Part part = mp.getBodyPart(i);
                if (part.getFileName() == null) {
                    continue; // an "attachment omitted" note
                }
                Path file = Files.createTempFile(spool, "att-", ".bin");
                try (InputStream in = part.getInputStream()) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                files.add(new SpooledFile(MimeUtility.decodeText(part.getFileName()), file, Files.size(file)));
            }
        } else {
            text = String.valueOf(content);
        }
        text = text.replace("\r\n", "\n");
        int footer = text.lastIndexOf("\n-- \n");
        String message = footer < 0 ? text : text.substring(0, footer);
        String tail = footer < 0 ? "" : text.substring(footer);
        String conversationName = null;
        for (String line : tail.split("\n")) {
            if (line.startsWith("Conversation: ")) {
                conversationName = line.substring("Conversation: ".length()).replaceFirst("\\s*\\((direct|group|channel)\\)$", "");
            }
        }
        List<InternetAddress> to = new ArrayList<>();
        Address[] recipients = m.getRecipients(jakarta.mail.Message.RecipientType.TO);
        for (Address a : recipients == null ? new Address[0] : recipients) {
            to.add((InternetAddress) a);
        }
        List<String> identifiers = new ArrayList<>();
        String participants = header(m, ConduitHeaders.PARTICIPANTS);
        if (participants != null) {
            for (String entry : participants.split("; ")) {
                int arrow = entry.lastIndexOf(" -> ");
                identifiers.add(arrow < 0 ? entry : entry.substring(0, arrow));
            }
        }
        String subject = m.getSubject();
        return new ArchivedCopy(header(m, ConduitHeaders.CONNECTOR), header(m, ConduitHeaders.CONVERSATION_ID),
                header(m, ConduitHeaders.CONVERSATION_TYPE), conversationName != null ? conversationName : subject,
                header(m, ConduitHeaders.SOURCE), header(m, ConduitHeaders.MESSAGE_CLASS), header(m, ConduitHeaders.ITEM_ID),
                m.getMessageID(), m.getHeader("In-Reply-To", null), subject, time(m),
                (InternetAddress) m.getFrom()[0], to, identifiers, message.strip(),
                message.contains(ArchiveItemToMime.eventNote(ItemEvent.DELETED)), files);
    }

    /** The {@code Date} header with its own offset (RFC 5322, as {@link DateTimeFormatter#RFC_1123_DATE_TIME} reads it). */
    static OffsetDateTime time(MimeMessage m) throws MessagingException {
        String date = m.getHeader("Date", null);
        if (date != null) {
            try {
                return OffsetDateTime.parse(COMMENT.matcher(date.strip()).replaceFirst(""), DateTimeFormatter.RFC_1123_DATE_TIME);
            } catch (DateTimeParseException e) {
                // fall back to Angus Mail's reading, in UTC
            }
        }
        java.util.Date sent = m.getSentDate();
        if (sent == null) {
            throw new MessagingException("email " + m.getMessageID() + " has no readable Date header");
        }
        return sent.toInstant().atOffset(ZoneOffset.UTC);
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        String v = m.getHeader(name, null);
        try {
            return v == null ? null : MimeUtility.decodeText(MimeUtility.unfold(v));
        } catch (java.io.UnsupportedEncodingException e) {
            return v;
        }
    }
}

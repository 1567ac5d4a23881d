package io.conduit.mime;

import io.conduit.model.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import io.conduit.mapping.MailboxResolver;
import io.conduit.mapping.UserMapping;
import io.conduit.model.Attachment;
import io.conduit.model.ArchiveItem;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The transformer: turns a validated {@link ArchiveItem} into an RFC 5322 / MIME message with Angus Mail, with the
 * {@link ConduitHeaders provenance headers} (docs/email.md).
 *
 * <p>Every third-party value goes through {@link HeaderValues} (control characters stripped, RFC 2047 encoded) or an
 * {@link InternetAddress} with an encoded personal name; file names are RFC 2231 encoded by Angus Mail. Attachment
 * content is streamed from the source when the message is written, not held in memory.
 */
public final class ArchiveItemToMime {

    /** Domain of the deterministic {@code Message-ID}s. */
    public static final String MESSAGE_ID_DOMAIN = "conduit.invalid";
    /** Domain of synthetic addresses for participants that map to no mailbox. */
    public static final String UNMAPPED_DOMAIN = "unmapped.invalid";

    /**
     * Jakarta Mail 2.1 looks its {@code StreamProvider} up with a {@link java.util.ServiceLoader} scan of the class
     * path on every encoder it creates (a quarter of the CPU of an import); naming Angus Mail's provider in the
     * system property that {@code FactoryFinder} reads first skips the scan.
     */
    static {
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final MailboxResolver resolver;
    private final Session session;

    public ArchiveItemToMime(MailboxResolver resolver) {
        this.resolver = resolver;
        Properties props = new Properties();
        props.setProperty("mail.mime.encodeparameters", "true");
        props.setProperty("mail.mime.allowutf8", "false");
        this.session = Session.getInstance(props);
    }

    /**
     * The deterministic {@code Message-ID} of an item: the same (connector, conversation, item id, version) always
     * gives the same id, so a copy can be found again by IMAP SEARCH.
     *
     * @return {@code <64 hex chars@conduit.invalid>}
     */
    public static String messageId(ArchiveItem item) {
        return messageId(item.connectorId(), item.conversationId(), item.itemId(), item.version());
    }

    /**
     * The deterministic {@code Message-ID} of version {@code version} of an item, for a reply's {@code In-Reply-To}
     * to its parent (see {@link ArchiveItem#idempotencyKey()} for the key it hashes).
     *
     * @return {@code <64 hex chars@conduit.invalid>}
     */
    public static String messageId(String connectorId, String conversationId, String itemId, int version) {
        return "<" + Text.sha256(connectorId + '|' + conversationId + '|' + itemId + '|' + version) + "@"
                + MESSAGE_ID_DOMAIN + ">";
    }

    /**
     * Builds the email.
     *
     * @param item    a validated item (see {@link ArchiveItemValidator})
     * @param routing where its copies go; on a catch-all routing the {@code X-Conduit-Unmapped} header is written
     * @return the message, ready to be written once per copy
     * @throws MessagingException when Angus Mail refuses a value
     * @throws IOException        when an attachment cannot be read to compute its SHA-256
     */
    public MimeMessage toMime(ArchiveItem item, MailboxResolver.Routing routing) throws MessagingException, IOException {
        return toMime(item, routing, Long.MAX_VALUE).message();
    }

    /**
     * The email of an item, and the attachments left out of it.
     *
     * @param message the email
     * @param omitted attachments left out because the item was over the maximum item size; each is named, with its
     *                size and SHA-256, in a text part of the email. Non-empty means the item is archived partially.
     */
    public record Built(MimeMessage message, List<Attachment> omitted) {
    }

    /**
     * Builds the email within a maximum size: while the estimated size (body, attachments base64-encoded, headers)
     * is over {@code maxItemBytes}, the largest attachment is left out and replaced by a {@code text/plain} part that
     * names the file, its size and its SHA-256, so that the item is archived partially rather than refused.
     *
     * @param maxItemBytes maximum size of the email in bytes
     * @see #toMime(ArchiveItem, MailboxResolver.Routing)
     */
    public Built toMime(ArchiveItem item, MailboxResolver.Routing routing, long maxItemBytes)
            throws MessagingException, IOException {
        String messageId = messageId(item);
        MimeMessage msg = new HashedMimeMessage(session, messageId);
        msg.setFrom(address(item, item.sender()));
        List<InternetAddress> to = new ArrayList<>();
        for (Participant p : item.recipients()) {
            to.add(address(item, p));
        }
        msg.setRecipients(jakarta.mail.Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
        msg.setHeader("Date", LocalTimes.dateHeader(item.timestamp(), item.zoneOrUtc()));
        String subject = HeaderValues.clean(item.subject() != null ? item.subject() : subject(item));
        msg.setHeader("Subject", HeaderValues.encodeClean("Subject", subject)); // as setSubject(subject, "UTF-8")
        ConversationThread thread = ConversationThread.of(item);
        msg.setHeader("In-Reply-To", thread.inReplyTo());
        msg.setHeader("References", thread.references());
        header(msg, "Thread-Topic", subject);
        msg.setHeader("Thread-Index", thread.threadIndex());
        if (item.supersedes() != null) {
            msg.setHeader(ConduitHeaders.SUPERSEDES, item.supersedes());
        }

        header(msg, ConduitHeaders.MESSAGE_CLASS, item.messageClass());
        // Exchange sets the message class from MIME only through Content-Class ([MS-OXCMAIL] 2.2.3.2.15): a value
        // urn:content-class:custom.<rest> gives PidTagMessageClass IPM.Note.Custom.<rest>
        msg.setHeader(ConduitHeaders.CONTENT_CLASS, contentClass(item));
        header(msg, ConduitHeaders.SOURCE, item.source());
        header(msg, ConduitHeaders.CONNECTOR, item.connectorId());
        header(msg, ConduitHeaders.CONVERSATION_ID, item.conversationId());
        header(msg, ConduitHeaders.CONVERSATION_TYPE,
                item.conversationType() == null ? "direct" : item.conversationType().name().toLowerCase(Locale.ROOT));
        header(msg, ConduitHeaders.ITEM_ID, item.itemId());
        header(msg, ConduitHeaders.PARTICIPANTS, participants(item));
        if (item.sourceSha256() != null) {
            header(msg, ConduitHeaders.SOURCE_SHA256, item.sourceSha256());
        }
        if (item.sourceRef() != null) {
            header(msg, ConduitHeaders.SOURCE_REF, item.sourceRef());
        }
        if (routing.catchAll()) {
            header(msg, ConduitHeaders.UNMAPPED, String.join(", ", routing.unmapped()));
        }

        List<Attachment> kept = new ArrayList<>(item.attachments());
        List<Attachment> omitted = new ArrayList<>();
        long estimate = estimatedBytes(item.body(), kept);
        while (estimate > maxItemBytes && !kept.isEmpty()) {
            Attachment largest = kept.stream().max(java.util.Comparator.comparingLong(Attachment::size)).orElseThrow();
            kept.remove(largest);
            omitted.add(largest);
            estimate = estimatedBytes(item.body(), kept);
        }
        String text = body(item);
        if (kept.isEmpty() && omitted.isEmpty()) {
            setText(msg, text);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart textPart = new MimeBodyPart();
            setText(textPart, text);
            mixed.addBodyPart(textPart);
            for (Attachment a : kept) {
                mixed.addBodyPart(attachmentPart(a));
            }
            for (Attachment a : omitted) {
                MimeBodyPart note = new MimeBodyPart();
                setText(note, "Attachment omitted: " + safeFileName(a.fileName()) + ", " + a.size() + " bytes, SHA-256 "
                        + (a.sha256() != null ? a.sha256() : sha256(a)) + ". The item is over the maximum item size of "
                        + maxItemBytes + " bytes, so it is archived without this file; the file stays in the source.\n");
                note.setDescription("Omitted attachment");
                mixed.addBodyPart(note);
            }
            msg.setContent(mixed);
        }
        msg.saveChanges();
        return new Built(msg, List.copyOf(omitted));
    }

    /**
     * Sets {@code text} as the part's {@code text/plain; charset=UTF-8} content, the same bytes and headers as
     * {@code setText(text, "UTF-8")}, from the UTF-8 bytes: writing it needs no data content handler, which Jakarta
     * Activation looks up (a class loaded by name) on every write of a {@code String} content.
     */
    static void setText(jakarta.mail.internet.MimePart part, String text) throws MessagingException {
        part.setDataHandler(new DataHandler(new jakarta.mail.util.ByteArrayDataSource(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8), TEXT_PLAIN_UTF8)));
    }

    private static final String TEXT_PLAIN_UTF8 = "text/plain; charset=UTF-8";

    /**
     * The {@code Content-Class} of an item: {@code urn:content-class:custom.<Source>.<Event>}, the source and event
     * reduced to letters, digits, dots and dashes (they come from Conduit's sources, never from message content).
     */
    static String contentClass(ArchiveItem item) {
        return "urn:content-class:custom." + token(item.source()) + "." + token(item.event());
    }

    private static final java.util.regex.Pattern NOT_TOKEN = java.util.regex.Pattern.compile("[^A-Za-z0-9.-]");

    private static String token(String s) {
        return s == null || s.isBlank() ? "Item" : NOT_TOKEN.matcher(s).replaceAll("");
    }

    /** Size of the email estimated from its body and attachments (base64: 4/3), plus 16 KiB for headers and parts. */
    private static long estimatedBytes(String body, List<Attachment> attachments) {
        long bytes = 16 * 1024 + (long) body.length() * 3;
        for (Attachment a : attachments) {
            bytes += Math.max(a.size(), 0) / 3 * 4 + 1024;
        }
        return bytes;
    }

    /**
     * The address of a participant: the custodian mailbox with the mapping's display name (third column) when mapped,
     * whatever name the source gave; else the source's name on a {@link SyntheticAddresses synthetic address}.
     */
    private InternetAddress address(ArchiveItem item, Participant p) throws MessagingException {
        Optional<UserMapping.Entry> mapped = resolver.resolve(p);
        String mappedName = mapped.map(UserMapping.Entry::displayName).orElse(null);
        String personal = HeaderValues.clean(mappedName != null ? mappedName
                : p.displayName() != null ? p.displayName() : p.primaryIdentifier());
        String addr = mapped.map(UserMapping.Entry::mailbox).orElseGet(() -> SyntheticAddresses.of(item.source(), p));
        try {
            InternetAddress ia = new InternetAddress(addr, personal.isEmpty() ? null : personal, "UTF-8");
            ia.validate();
            return ia;
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 unsupported", e);
        }
    }

    private String participants(ArchiveItem item) {
        StringBuilder sb = new StringBuilder();
        for (Participant p : item.participants()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(p.describe()).append(" -> ")
                    .append(resolver.resolve(p).map(UserMapping.Entry::mailbox).orElse("unmapped"));
        }
        return sb.toString();
    }

    /**
     * The generated subject, the same for every item of a conversation's day whoever sent it:
     * {@code [WhatsApp] Alice, Bob — 2026-11-20}, the day in the participants' zone; a group or channel by its name, a
     * direct chat by its participants' names in alphabetical order.
     */
    static String subject(ArchiveItem item) {
        String who;
        if (item.conversationType() != null && item.conversationType() != io.conduit.model.ConversationType.DIRECT
                && item.conversationName() != null) {
            who = item.conversationName();
        } else {
            java.util.SortedSet<String> names = new java.util.TreeSet<>(
                    java.util.Comparator.comparing((String n) -> n.toLowerCase(Locale.ROOT)).thenComparing(n -> n));
            // a system line addressed to both people of a direct chat comes from the chat itself (WhatsApp's
            // encryption notice, from "WhatsApp chat <name>"): its subject names the two people, as their messages do
            boolean fromTheChat = ArchiveItem.SYSTEM_EVENT.equals(item.event()) && item.recipients().size() >= 2
                    && item.recipients().stream().noneMatch(r -> r.sameAs(item.sender()));
            for (Participant p : fromTheChat ? item.recipients() : item.participants()) {
                names.add(p.displayName() != null ? p.displayName() : p.primaryIdentifier());
            }
            who = String.join(", ", names);
        }
        return "[" + item.source() + "] " + who + " \u2014 " + ConversationThread.day(item);
    }

    /** The plain-text body: the message, its events written out, and a provenance block. */
    static String body(ArchiveItem item) {
        StringBuilder sb = new StringBuilder(item.body().length() + 256);
        sb.append(item.body());
        if (!item.body().isEmpty() && !item.body().endsWith("\n")) {
            sb.append('\n');
        }
        for (ItemEvent e : item.events()) {
            sb.append(eventNote(e)).append('\n');
        }
        sb.append("\n-- \n");
        sb.append("Conversation: ").append(HeaderValues.clean(item.conversationName())).append(" (")
                .append(item.conversationType() == null ? "direct" : item.conversationType().name().toLowerCase(Locale.ROOT))
                .append(")\n");
        sb.append("From: ").append(HeaderValues.clean(item.sender().displayName()))
                .append(" [").append(HeaderValues.clean(item.sender().describe())).append("]\n");
        sb.append("Sent: ").append(item.timestamp()).append(" (UTC)\n");
        if (item.zone() != null) {
            sb.append("Local time: ").append(LocalTimes.describe(item.timestamp(), item.zone())).append('\n');
        }
        sb.append("Message class: ").append(item.messageClass()).append('\n');
        if (item.sourceRef() != null) {
            sb.append("Source: ").append(HeaderValues.clean(item.sourceRef())).append('\n');
        }
        for (Attachment a : item.attachments()) {
            sb.append("Attachment: ").append(HeaderValues.clean(a.fileName())).append(" (").append(a.size()).append(" bytes)\n");
        }
        return sb.toString();
    }

    /** How the body writes out an event, e.g. {@code [Deleted: the sender deleted this message; ...]}. */
    public static String eventNote(ItemEvent e) {
        return switch (e) {
            case DELETED -> "[Deleted: the sender deleted this message; the export keeps only this marker]";
            case EDITED -> "[Edited: the message was edited after sending; this is the last version]";
            case MEDIA_OMITTED -> "[Media omitted: the export did not include the file]";
        };
    }

    private static MimeBodyPart attachmentPart(Attachment a) throws MessagingException, IOException {
        String sha = a.sha256() != null ? a.sha256() : sha256(a);
        String name = safeFileName(a.fileName());
        MimeBodyPart part = new MimeBodyPart();
        String type = a.mediaType() == null || a.mediaType().isBlank() ? "application/octet-stream" : a.mediaType();
        part.setDataHandler(new DataHandler(new AttachmentDataSource(a, type, name)));
        part.setFileName(name);
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        part.setHeader("Content-Transfer-Encoding", "base64");
        part.setHeader("Content-Description", "SHA-256 " + sha);
        return part;
    }

    /** The last path segment with control and path characters removed; {@code attachment} if nothing is left. */
    static String safeFileName(String fileName) {
        String s = fileName == null ? "" : fileName.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        s = HeaderValues.clean(s).replace("\"", "'");
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        return s.isBlank() ? "attachment" : s;
    }

    private static String sha256(Attachment a) throws IOException {
        try (InputStream in = new DigestInputStream(a.content().open(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void header(MimeMessage msg, String name, String value) throws MessagingException {
        msg.setHeader(name, HeaderValues.encode(name, value));
    }

    private record AttachmentDataSource(Attachment attachment, String type, String name) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            return attachment.content().open();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("attachments are read-only");
        }

        @Override
        public String getContentType() {
            return type;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}

package io.conduit.export;

import io.conduit.model.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.mime.HeaderValues;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Writes one Relativity Short Message Format 2.0 file for one conversation and day of a custodian's mailbox.
 *
 * <p>Following Relativity's "Creating an RSMF file" (help.relativity.com, Relativity Short Message Format): an RFC 5322
 * message with the {@code .rsmf} extension, the {@code X-RSMF-Version} header (here the first header), and exactly one
 * attachment, base64, {@code Content-Disposition: attachment; filename="rsmf.zip"}, holding {@code rsmf_manifest.json}
 * and the events' attachments. The optional headers of the RSMF field reference: {@code X-RSMF-Generator},
 * {@code X-RSMF-BeginDate}, {@code X-RSMF-EndDate} (ISO 8601), {@code X-RSMF-EventCount}, and the 2.0 ones
 * {@code X-RSMF-Application}, {@code X-RSMF-Custodian}, {@code X-RSMF-Participants}, {@code X-RSMF-AttachmentCount},
 * {@code X-RSMF-EventCollectionID}. The manifest follows Relativity's published schema
 * ({@code relativitydev/rsmf-validator-samples}, {@code RSMFManifestSchema/rsmf_schema_2_0_0.json}): participants
 * (one per address of the emails, the source identifiers in {@code account_id}), one conversation (type
 * {@code direct} or {@code channel}, the custodian when the mailbox is a participant) and one event per email
 * ({@code message}, or {@code unknown} for a system event), with its parent when it answers another event of the
 * file, {@code deleted}, {@code direction} relative to the custodian and its attachments.
 */
public final class RsmfWriter {

    /** RSMF specification version written. */
    public static final String VERSION = "2.0.0";
    /** {@code X-RSMF-Generator}. */
    public static final String GENERATOR = "Conduit 0.1.0";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final String UNMAPPED = "@" + ArchiveItemToMime.UNMAPPED_DOMAIN;

    private RsmfWriter() {
    }

    /**
     * What was written.
     *
     * @param file        the {@code .rsmf} file
     * @param events      events in its manifest
     * @param attachments attachments in its {@code rsmf.zip}
     */
    public record Written(Path file, int events, int attachments) {
    }

    /**
     * Writes {@code <out>/<source>-<conversation hash>-<day>.rsmf}.
     *
     * @param mailbox the custodian mailbox the copies were read from
     * @param day     the conversation day (in the copies' own offset)
     * @param copies  the day's emails of one conversation, at least one
     * @throws IOException        when the file cannot be written
     * @throws MessagingException when Angus Mail refuses a value
     */
    public static Written write(Path out, String mailbox, LocalDate day, List<ArchivedCopy> copies)
            throws IOException, MessagingException {
        List<ArchivedCopy> events = new ArrayList<>(copies);
        events.sort(Comparator.comparing(ArchivedCopy::time));
        ArchivedCopy first = events.get(0);
        ArchivedCopy last = events.get(events.size() - 1);

        Map<String, Map<String, Object>> participants = new LinkedHashMap<>();
        Map<String, String> idOfMessage = new HashMap<>();
        for (ArchivedCopy c : events) {
            participant(participants, c.from(), c.identifiers().isEmpty() ? null : c.identifiers().get(0));
            for (int i = 0; i < c.to().size(); i++) {
                participant(participants, c.to().get(i), i + 1 < c.identifiers().size() ? c.identifiers().get(i + 1) : null);
            }
        }
        String custodian = participants.containsKey(mailbox.toLowerCase(Locale.ROOT))
                ? (String) participants.get(mailbox.toLowerCase(Locale.ROOT)).get("id") : null;

        Map<String, Object> conversation = new LinkedHashMap<>();
        conversation.put("id", "C1");
        conversation.put("display", Text.clean(last.conversationName()));
        conversation.put("platform", first.source().toLowerCase(Locale.ROOT));
        conversation.put("type", "direct".equals(first.conversationType()) ? "direct" : "channel");
        conversation.put("participants", participants.values().stream().map(p -> p.get("id")).toList());
        if (custodian != null) {
            conversation.put("custodian", custodian);
        }
        conversation.put("custom", List.of(custom("Conduit connector", first.connectorId()),
                custom("Conduit conversation id", first.conversationId())));

        List<Map<String, Object>> manifestEvents = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> zipNames = new HashSet<>();
        Map<String, Path> zipFiles = new LinkedHashMap<>();
        for (ArchivedCopy c : events) {
            String id = c.itemId();
            for (int n = 2; !ids.add(id); n++) {
                id = c.itemId() + "#" + n; // another version of the same item
            }
            idOfMessage.put(c.messageId(), id);
        }
        for (ArchivedCopy c : events) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", idOfMessage.get(c.messageId()));
            e.put("type", c.messageClass() != null && c.messageClass().endsWith(".SystemEvent") ? "unknown" : "message");
            String parent = c.inReplyTo() == null ? null : idOfMessage.get(c.inReplyTo().strip());
            if (parent != null && !parent.equals(e.get("id"))) {
                e.put("parent", parent);
            }
            e.put("body", c.text());
            e.put("participant", participants.get(key(c.from())).get("id"));
            e.put("conversation", "C1");
            e.put("timestamp", ISO.format(c.time()));
            e.put("deleted", c.deleted());
            if (custodian != null) {
                e.put("direction", custodian.equals(participants.get(key(c.from())).get("id")) ? "outgoing" : "incoming");
            }
            List<Map<String, Object>> attachments = new ArrayList<>();
            for (ArchivedCopy.SpooledFile f : c.attachments()) {
                String name = zipName(f.name(), zipNames);
                zipFiles.put(name, f.path());
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", name);
                a.put("display", Text.clean(f.name()));
                a.put("size", f.size());
                attachments.add(a);
            }
            if (!attachments.isEmpty()) {
                e.put("attachments", attachments);
            }
            e.put("custom", List.of(custom("Message-ID", c.messageId()), custom("Message class", c.messageClass())));
            manifestEvents.add(e);
        }
        String collection = Text.sha256(first.connectorId() + '|' + first.conversationId()).substring(0, 32);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("version", VERSION);
        manifest.put("participants", new ArrayList<>(participants.values()));
        manifest.put("conversations", List.of(conversation));
        manifest.put("events", manifestEvents);
        manifest.put("eventcollectionid", collection);

        Files.createDirectories(out);
        Path file = out.resolve(first.source().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-"
                + collection.substring(0, 12) + "-" + day + ".rsmf");
        Path zip = Files.createTempFile(out, ".rsmf-", ".zip"); // streamed from disk, not held in memory
        try {
            zip(zip, JSON.writeValueAsBytes(manifest), zipFiles);
            MimeMessage eml = eml(mailbox, first, last, participants, events, zip, zipFiles.size(), collection);
            try (OutputStream o = Files.newOutputStream(file)) {
                eml.writeTo(o);
            }
        } finally {
            Files.deleteIfExists(zip);
        }
        return new Written(file, manifestEvents.size(), zipFiles.size());
    }

    private static MimeMessage eml(String mailbox, ArchivedCopy first, ArchivedCopy last,
                                   Map<String, Map<String, Object>> participants, List<ArchivedCopy> events, Path zip,
                                   int attachmentCount, String collection) throws MessagingException {
        // headers parsed from this one line, so X-RSMF-Version comes first and the others follow in the order set
        InternetHeaders versionFirst = new InternetHeaders(new ByteArrayInputStream(("X-RSMF-Version: " + VERSION + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        MimeMessage msg = new MimeMessage(Session.getInstance(new Properties())) {
            {
                this.headers = versionFirst;
            }

            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<rsmf." + collection + "." + first.time().toLocalDate() + "@"
                        + ArchiveItemToMime.MESSAGE_ID_DOMAIN + ">");
            }
        };
        msg.setHeader("X-RSMF-Generator", GENERATOR);
        msg.setHeader("X-RSMF-BeginDate", ISO.format(first.time()));
        msg.setHeader("X-RSMF-EndDate", ISO.format(last.time()));
        msg.setHeader("X-RSMF-EventCount", Integer.toString(events.size()));
        msg.setHeader("X-RSMF-Application", HeaderValues.encode("X-RSMF-Application", first.source()));
        msg.setHeader("X-RSMF-Custodian", HeaderValues.encode("X-RSMF-Custodian", mailbox));
        List<String> names = participants.values().stream().map(p -> String.valueOf(p.get("display"))).toList();
        msg.setHeader("X-RSMF-Participants", HeaderValues.encode("X-RSMF-Participants", String.join(", ", names)));
        msg.setHeader("X-RSMF-AttachmentCount", Integer.toString(attachmentCount));
        msg.setHeader("X-RSMF-EventCollectionID", collection);
        msg.setFrom(first.from());
        List<InternetAddress> to = new ArrayList<>();
        for (ArchivedCopy c : events) {
            for (InternetAddress a : c.to()) {
                if (to.stream().noneMatch(t -> key(t).equals(key(a))) && !key(a).equals(key(first.from()))) {
                    to.add(a);
                }
            }
        }
        msg.setRecipients(jakarta.mail.Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
        msg.setSubject(Text.clean(first.subject()), "UTF-8");
        msg.setSentDate(java.util.Date.from(first.time().toInstant()));
        StringBuilder preview = new StringBuilder();
        preview.append(Text.clean(last.conversationName())).append('\n').append(String.join(", ", names))
                .append("\n\n");
        for (ArchivedCopy c : events) {
            String who = c.from().getPersonal() != null ? c.from().getPersonal() : c.from().getAddress();
            preview.append('[').append(ISO.format(c.time())).append("] ").append(Text.clean(who)).append(": ")
                    .append(c.text()).append('\n');
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(preview.toString(), "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new jakarta.activation.FileDataSource(zip.toFile()) {
            @Override
            public String getContentType() {
                return "application/zip";
            }
        }));
        attachment.setFileName("rsmf.zip");
        attachment.setDisposition(MimeBodyPart.ATTACHMENT);
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        mixed.addBodyPart(attachment);
        msg.setContent(mixed);
        msg.saveChanges();
        return msg;
    }

    private static void zip(Path target, byte[] manifest, Map<String, Path> files) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(target)))) {
            zip.putNextEntry(new ZipEntry("rsmf_manifest.json"));
            zip.write(manifest);
            zip.closeEntry();
            for (Map.Entry<String, Path> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                try (InputStream in = Files.newInputStream(f.getValue())) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }

    private static void participant(Map<String, Map<String, Object>> participants, InternetAddress address,
                                    String identifiers) {
        participants.computeIfAbsent(key(address), k -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", "P" + (participants.size() + 1));
            p.put("display", Text.clean(address.getPersonal() != null ? address.getPersonal() : address.getAddress()));
            if (!k.endsWith(UNMAPPED)) {
                p.put("email", k);
            }
            p.put("account_id", identifiers != null && !identifiers.isBlank() ? Text.clean(identifiers) : k);
            return p;
        });
    }

    private static String key(InternetAddress a) {
        return a.getAddress().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> custom(String name, String value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("value", value == null || value.isEmpty() ? "-" : Text.clean(value));
        return c;
    }

    /** A unique, path-free entry name for an attachment in {@code rsmf.zip}. */
    private static String zipName(String name, Set<String> taken) {
        String base = name == null ? "attachment" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._ -]", "_");
        while (base.startsWith(".")) {
            base = base.substring(1);
        }
        if (base.isBlank()) {
            base = "attachment";
        }
        String candidate = base;
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = n + "-" + base;
        }
        return candidate;
    }

    /** The conversation day of a copy: its date in the offset its {@code Date} header was written with. */
    static LocalDate day(OffsetDateTime time) {
        return time.toLocalDate();
    }
}

package io.conduit.source.csv;

import io.conduit.model.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.conduit.mapping.PhoneNumbers;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.support.Digests;
import io.conduit.source.support.QueuedSourceRecords;
import io.conduit.source.SourceSettings;
import io.conduit.source.csv.DelimitedColumns.Column;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of one delimited text file, read lazily: each element is an {@link ArchiveItem} or a
 * {@link RejectedRecord} naming {@code file:line} (the first line of the row, also for quoted fields spanning lines);
 * only the current row is held in memory. Blank lines are skipped. Not thread-safe.
 *
 * <p>A row becomes an item of message class {@code IPM.NOTE.<platform>.<message_type>}, both reduced to a token of
 * their ASCII letters and digits ({@code "Microsoft Teams"} -> {@code MicrosoftTeams}, {@code sms-mt} -> {@code smsmt},
 * at most {@value #MAX_TOKEN_CHARS} chars). The item id is {@code message_id}, the conversation id and name are
 * {@code conversation_id}. A row is rejected (quarantined) when it has another number of fields than the header, a
 * required value is blank, platform or message type has no letter or digit, {@code conversation_type} is not
 * {@code direct}, {@code group} or {@code channel}, the timestamp does not parse, no recipient remains besides the
 * sender, or an attachment path is refused.
 */
public final class DelimitedTextRecords extends QueuedSourceRecords {

    /** Source of the rejected records (the quarantine's source column). */
    public static final String SOURCE = "DelimitedText";
    /** Longest message-class token kept from {@code platform} or {@code message_type}. */
    static final int MAX_TOKEN_CHARS = 40;
    /** Longest {@code conversation_id} or {@code message_id}, in chars. */
    static final int MAX_ID_CHARS = 512;
    /** Parse failures in a row, without a record read between them, after which the file is given up. */
    static final int MAX_CONSECUTIVE_FAILURES = 100;
    /** Longest raw row kept in a rejected record, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    private CSVParser parser;
    private Iterator<CSVRecord> rows;
    /** Lines before the current parser's first line (it is replaced after a row over the cap). */
    private long lineOffset;
    private DelimitedTextReader.BoundedReader bounded;
    private final java.nio.file.Path file;
    private final DelimitedColumns columns;
    private final DelimitedTextOptions options;
    private final String fileName;
    private final AttachmentPaths attachments;
    private final SourceSettings settings;
    private String malformedRef;
    private String malformed;
    private int failures;

    DelimitedTextRecords(CSVParser parser, Iterator<CSVRecord> rows, DelimitedTextReader.BoundedReader bounded,
                         DelimitedColumns columns, DelimitedTextOptions options, java.nio.file.Path file,
                         AttachmentPaths attachments, SourceSettings settings) {
        this.parser = parser;
        this.rows = rows;
        this.bounded = bounded;
        this.columns = columns;
        this.options = options;
        this.file = file;
        this.fileName = file.getFileName().toString();
        this.attachments = attachments;
        this.settings = settings;
    }

    @Override
    protected void step() {
        long line = lineOffset + parser.getCurrentLineNumber() + 1;
        bounded.restart();
        CSVRecord row;
        try {
            if (!rows.hasNext()) {
                flushMalformed(null);
                finish();
                return;
            }
            row = rows.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            flushMalformed(null);
            String ref = fileName + ":" + line;
            if (bounded.exceeded()) {
                StringBuilder head = new StringBuilder();
                boolean more = resynchronise(line, head);
                // the quarantine keeps the row's line as read (its first MAX_RAW_CHARS chars), for a person to see
                emit(reject(ref, "a row is longer than " + DelimitedTextReader.MAX_RECORD_CHARS + " chars (a quote that "
                        + "never closes?); reading goes on at the next line", head.toString()));
                if (!more) {
                    finish();
                }
            } else if (++failures > MAX_CONSECUTIVE_FAILURES) {
                emit(new UnreadRest(SOURCE, settings.connectorId(), ref, ref + ": the file cannot be "
                        + "parsed further (" + clean(message(e)) + " on " + MAX_CONSECUTIVE_FAILURES
                        + " rows in a row); the rest of it is unread"));
                finish();
            } else {
                malformedRef = ref;
                malformed = "malformed delimited text (" + clean(message(e)) + ")";
            }
            return;
        }
        failures = 0;
        if (malformed != null) {
            // Commons CSV stops at the bad character: the rest of the failed row comes back as a record of its own
            flushMalformed(row);
            return;
        }
        if (row.size() == 0 || row.size() == 1 && row.get(0).isBlank() && columns.width() > 1) {
            return; // a blank line
        }
        String ref = fileName + ":" + line;
        try {
            emit(item(row, ref));
        } catch (IllegalArgumentException | DateTimeException e) {
            emit(reject(ref, e.getMessage(), raw(row)));
        }
    }

    /** Emits the pending malformed row, with the rest of it that Commons CSV read as a record of its own, if any. */
    private void flushMalformed(CSVRecord rest) {
        if (malformed != null) {
            emit(reject(malformedRef, malformed, rest == null ? null
                    : "(the rest of the row after the malformed field:) " + raw(rest)));
            malformed = null;
        }
    }

    private RejectedRecord reject(String ref, String reason, String raw) {
        return new RejectedRecord(SOURCE, settings.connectorId(), ref, ref + ": " + reason, raw);
    }

    private ArchiveItem item(CSVRecord row, String ref) {
        if (row.size() != columns.width()) {
            throw new IllegalArgumentException("the row has " + row.size() + " fields, the header row "
                    + columns.width() + " (a delimiter or quote out of place?)");
        }
        String platform = token(row, Column.PLATFORM);
        String messageType = token(row, Column.MESSAGE_TYPE);
        String conversation = id(row, Column.CONVERSATION_ID);
        String messageId = id(row, Column.MESSAGE_ID);
        Participant sender = party(required(row, Column.SENDER), Column.SENDER);
        List<Participant> recipients = new ArrayList<>();
        for (String r : required(row, Column.RECIPIENTS).split(";")) {
            if (!r.isBlank()) {
                Participant p = party(r, Column.RECIPIENTS);
                if (!p.sameAs(sender) && recipients.stream().noneMatch(p::sameAs)) {
                    recipients.add(p);
                }
            }
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("recipients names no one besides the sender");
        }
        String time = required(row, Column.TIMESTAMP);
        Instant timestamp;
        try {
            timestamp = options.timestamp().parse(time);
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("timestamp '" + clean(time) + "' does not match the timestamp pattern ("
                    + clean(e.getMessage()) + ")");
        }
        ConversationType type = conversationType(columns.get(row, Column.CONVERSATION_TYPE), recipients.size());
        List<Attachment> files = new ArrayList<>();
        for (String path : columns.get(row, Column.ATTACHMENT_PATH).split(";")) {
            if (!path.isBlank()) {
                try {
                    files.add(attachments.resolve(path));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("attachment_path '" + clean(path) + "' " + e.getMessage());
                }
            }
        }
        String subject = columns.get(row, Column.SUBJECT);
        return new ArchiveItem(platform, messageType, settings.connectorId(), conversation, conversation, type,
                messageId, 1, sender, recipients, timestamp, subject.isBlank() ? null : subject,
                columns.get(row, Column.BODY), Set.of(), files, Digests.ofFields(row.values()), ref);
    }

    /**
     * The message-class token of a column: its ASCII letters and digits, in order, at most {@value #MAX_TOKEN_CHARS}.
     *
     * @throws IllegalArgumentException when the value is blank or has no ASCII letter or digit
     */
    static String token(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < MAX_TOKEN_CHARS; i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private String token(CSVRecord row, Column column) {
        String value = required(row, column);
        String token = token(value);
        if (token.isEmpty()) {
            throw new IllegalArgumentException(column.header() + " '" + clean(value)
                    + "' has no ASCII letter or digit for the message class");
        }
        return token;
    }

    private String id(CSVRecord row, Column column) {
        String value = required(row, column).strip();
        if (value.length() > MAX_ID_CHARS || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(column.header() + " '" + clean(value) + "' is longer than "
                    + MAX_ID_CHARS + " chars or holds control characters");
        }
        return value;
    }

    private String required(CSVRecord row, Column column) {
        String value = columns.get(row, column);
        if (value.isBlank()) {
            throw new IllegalArgumentException(column.header() + " is blank");
        }
        return value;
    }

    private static ConversationType conversationType(String value, int recipients) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "" -> recipients > 1 ? ConversationType.GROUP : ConversationType.DIRECT;
            case "direct" -> ConversationType.DIRECT;
            case "group" -> ConversationType.GROUP;
            case "channel" -> ConversationType.CHANNEL;
            default -> throw new IllegalArgumentException("conversation_type '" + clean(value)
                    + "' is not direct, group or channel");
        };
    }

    /** A participant from an identifier: an E.164 phone number, an email address, or else a handle as written. */
    private Participant party(String identifier, Column column) {
        String id = PhoneNumbers.stripMarks(identifier).strip();
        if (id.isEmpty()) {
            throw new IllegalArgumentException(column.header() + " has an empty identifier");
        }
        if (PhoneNumbers.looksLikePhoneNumber(id)) {
            String e164 = PhoneNumbers.toE164(id, settings.defaultRegion());
            if (e164 != null) {
                return new Participant(id, e164, null, null);
            }
        }
        if (io.conduit.mapping.EmailAddresses.isEmail(id)) {
            return new Participant(null, null, id, null);
        }
        return Participant.ofHandle(id);
    }

    /**
     * Goes on at the line after the one where a row over the cap started: the file is opened again and a new parser
     * reads on from that line with the same columns, so that rows a quote that never closes swallowed are read too.
     */
    private boolean resynchronise(long badLine, StringBuilder head) {
        try {
            parser.close();
            DelimitedTextReader.BoundedReader fresh = DelimitedTextReader.reader(java.nio.file.Files.newInputStream(file),
                    options);
            if (!fresh.skipLines(badLine, head, MAX_RAW_CHARS)) {
                fresh.close();
                return false;
            }
            bounded = fresh;
            lineOffset = badLine;
            parser = CSVParser.builder().setReader(fresh).setFormat(options.csvFormat()).get();
            rows = parser.iterator();
            return true;
        } catch (IOException | UncheckedIOException e) {
            emit(new UnreadRest(SOURCE, settings.connectorId(), fileName + ":" + badLine, fileName + ":" + badLine
                    + ": the file could not be read past a row over the cap (" + clean(e.getMessage())
                    + "); the rest of it is unread"));
            finish();
            return false;
        }
    }

    /** Closes the parser reading now (after a resynchronisation, not the first one). */
    @Override
    public void close() throws IOException {
        finish();
        parser.close();
    }

    private String raw(CSVRecord row) {
        String raw = options.csvFormat().format((Object[]) row.values());
        return raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
    }

    private static String message(RuntimeException e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        return String.valueOf(cause.getMessage());
    }

    /** Third-party text made safe for a reason: control characters removed, at most 200 chars. */
    private static String clean(String value) {
        String c = Text.clean(value);
        return c.length() > 200 ? c.substring(0, 200) + "\u2026" : c;
    }
}

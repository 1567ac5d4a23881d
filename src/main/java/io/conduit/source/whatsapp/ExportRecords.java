package io.conduit.source.whatsapp;

import io.conduit.source.support.QueuedSourceRecords;
import io.conduit.source.support.OrdinalWindow;
import io.conduit.source.support.Digests;
import io.conduit.source.support.MessageLines;
import io.conduit.source.support.LineReader;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.model.Text;
import io.conduit.model.UnreadRest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records of one export, read lazily: each element is an {@link ArchiveItem} or a {@link RejectedRecord}, in file
 * order. Only the current message is held in memory.
 *
 * <p>Close it when done; attachments of a ZIP export stay readable afterwards (they reopen the archive). Not
 * thread-safe.
 */
public final class ExportRecords extends QueuedSourceRecords {

    /** Source name written to every item. */
    public static final String SOURCE = "WhatsApp";
    /** Longest line kept, in chars; longer lines reject their record. */
    public static final int MAX_LINE_CHARS = 1 << 20;
    /** Longest message kept, in chars; longer messages are rejected. */
    public static final int MAX_MESSAGE_CHARS = 16 << 20;
    /** Most raw text copied into a {@link RejectedRecord}, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    /** Event of the item that carries the export's files no line names. */
    static final String UNREFERENCED_MEDIA = "unreferenced media";
    /** Any {@code <label: file>} marker, for a label the phrasings do not list; accepted only if the file exists. */
    private static final Pattern ANY_IOS_ATTACHED = Pattern.compile("<[^<>:]{1,40}: ([^<>]{1,255})>");
    private static final WhatsAppPhrasings PHRASES = WhatsAppPhrasings.INSTANCE;

    private final ExportInput input;
    private final LineReader reader;
    private final WhatsAppSettings settings;
    private final ExportScan scan;
    private final DateOrder order;
    private final ChatParticipants people;
    private final String chatName;
    private final OrdinalWindow ordinals = new OrdinalWindow();
    private MessageLines<HeaderLine> pending;
    private Instant lastTimestamp;

    ExportRecords(ExportInput input, LineReader reader, WhatsAppSettings settings, ExportScan scan) {
        this.input = input;
        this.reader = reader;
        this.settings = settings;
        this.scan = scan;
        this.order = scan.order();
        this.chatName = input.chatName();
        this.people = new ChatParticipants(scan.senders, scan.members, scan.joinLater, settings.owner(),
                settings.defaultRegion(), chatName, scan.groupHint);
    }

    /** The chat's name, also its conversation id. */
    public String conversationName() {
        return chatName;
    }

    /** Everyone in the chat as the first pass found them (senders, owner, counterpart). */
    public List<Participant> participants() {
        return List.copyOf(people.all());
    }



    /** Closes the chat text and the archive; attachments already handed out reopen the archive on demand. */
    @Override
    public void close() throws IOException {
        finish();
        try {
            reader.close();
        } finally {
            input.close();
        }
    }

    @Override
    protected void step() {
        LineReader.Line line;
        try {
            line = reader.next();
        } catch (IOException e) {
            flush();
            emit(new UnreadRest(SOURCE, settings.connectorId(), input.refPrefix(), input.refPrefix()
                    + ": the export could not be read further (" + Text.clean(e.getMessage()) + ")"));
            finish();
            return;
        }
        if (line == null) {
            flush();
            unreferencedMedia();
            finish();
            return;
        }
        String text = line.number() == 1 && line.text().startsWith("\uFEFF") ? line.text().substring(1) : line.text();
        HeaderLine header = HeaderLine.parse(text);
        if (header != null) {
            flush();
            pending = new MessageLines<>(line.number(), header, text, null, MAX_RAW_CHARS, MAX_MESSAGE_CHARS);
        } else if (pending == null) {
            pending = new MessageLines<>(line.number(), null, text, text, MAX_RAW_CHARS, MAX_MESSAGE_CHARS);
        } else {
            pending.append(text);
        }
        if (line.tooLong()) {
            pending.reject("line " + line.number() + " is longer than " + MAX_LINE_CHARS + " chars");
        }
    }

    private void flush() {
        MessageLines<HeaderLine> p = pending;
        pending = null;
        if (p == null) {
            return;
        }
        String ref = input.refPrefix() + ":" + p.firstLine();
        if (p.header() == null && p.rejectReason() == null) {
            if (!p.text().isBlank()) {
                emit(new RejectedRecord(SOURCE, settings.connectorId(), ref,
                        ref + ": text before the first message", p.raw()));
            }
            return;
        }
        if (p.rejectReason() != null) {
            emit(new RejectedRecord(SOURCE, settings.connectorId(), ref, ref + ": " + p.rejectReason(),
                    p.raw()));
            return;
        }
        Instant timestamp;
        try {
            timestamp = p.header().toLocalDateTime(order).atZone(settings.zone()).toInstant();
        } catch (DateTimeException e) {
            emit(new RejectedRecord(SOURCE, settings.connectorId(), ref,
                    ref + ": invalid date or time in the message header (" + e.getMessage() + ")",
                    p.raw()));
            return;
        }
        lastTimestamp = timestamp;
        emit(item(p, timestamp, ref));
    }

    /**
     * Every file of a ZIP export is accounted for: the ones no line named are archived as attachments of one
     * SystemEvent item, dated at the last message, whose body lists and counts them.
     */
    private void unreferencedMedia() {
        List<Attachment> files = input.unreferencedMedia();
        if (files.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder();
        body.append(files.size()).append(files.size() == 1 ? " file" : " files")
                .append(" in the export that no message names (" + UNREFERENCED_MEDIA + "):");
        List<String> names = new ArrayList<>();
        for (Attachment a : files) {
            body.append('\n').append(a.fileName());
            names.add(a.fileName());
        }
        Instant at = lastTimestamp != null ? lastTimestamp : Instant.EPOCH;
        String ref = input.refPrefix() + ":" + UNREFERENCED_MEDIA.replace(' ', '-');
        String itemId = Digests.ofFields(chatName, UNREFERENCED_MEDIA, String.join("\n", names));
        MessageDigest digest = Digests.sha256();
        digest.update(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
        emit(new ArchiveItem(SOURCE, ArchiveItem.SYSTEM_EVENT, settings.connectorId(), chatName, chatName,
                people.type(), itemId, 1, people.chat(), people.present(), at, null, body.toString(),
                EnumSet.noneOf(ItemEvent.class), files, Digests.hex(digest), ref));
    }

    private ArchiveItem item(MessageLines<HeaderLine> p, Instant timestamp, String ref) {
        LineContent content = LineContent.of(p.header(), chatName);
        String author = content.author(scan.senders);
        String firstText = author != null ? content.text : content.systemText(p.header());
        String text = p.text().isEmpty() ? firstText : firstText + p.text();
        String firstLine = MarkedText.strip(firstLineOf(firstText)).strip();

        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        String event = "Message";
        Participant sender;
        if (author != null) {
            sender = people.sender(author);
        } else if (content.candidate == null && PHRASES.isYouDeleted(firstLine)) {
            sender = people.you();
        } else {
            event = ArchiveItem.SYSTEM_EVENT;
            sender = people.chat();
        }
        String body = text;
        List<Attachment> attachments = new ArrayList<>();
        WhatsAppPhrasings.Membership membership = null;
        if (event.equals("Message")) {
            people.wrote(sender);
            if (PHRASES.isDeleted(firstLine)) {
                events.add(ItemEvent.DELETED);
            }
            Matcher edited = PHRASES.edited(body);
            if (edited.find()) {
                events.add(ItemEvent.EDITED);
                body = body.substring(0, edited.start());
            }
            if (PHRASES.isMediaOmitted(firstLine)) {
                events.add(ItemEvent.MEDIA_OMITTED);
            }
            String file = PHRASES.attachedFile(firstLine);
            boolean markerOnly = file != null && PHRASES.isAttachmentOnly(firstLine);
            if (file == null) {
                Matcher any = ANY_IOS_ATTACHED.matcher(firstLine);
                if (any.find() && input.hasMedia(any.group(1).strip())) {
                    file = any.group(1).strip();
                    markerOnly = any.start() == 0 && any.end() == firstLine.length();
                }
            }
            if (file != null) {
                Attachment a = input.attachment(file);
                if (a == null) {
                    events.add(ItemEvent.MEDIA_OMITTED);
                } else {
                    attachments.add(a);
                    if (markerOnly) {
                        int nl = body.indexOf('\n');
                        body = nl < 0 ? "" : body.substring(nl + 1);
                    }
                }
            }
        } else {
            membership = PHRASES.membership(MarkedText.strip(firstLine));
            if (membership != null && membership.change() == WhatsAppPhrasings.Change.JOINED) {
                people.apply(membership);
                membership = null;
            }
        }
        String authorKey = author != null ? author : event.equals("Message") ? "You" : "";
        long epoch = timestamp.getEpochSecond();
        String key = Digests.ofFields(Long.toString(epoch), authorKey, text);
        int ordinal = ordinals.next(epoch, key);
        String itemId = Digests.ofFields(chatName, Long.toString(epoch), authorKey, text, Integer.toString(ordinal));
        List<Participant> recipients = event.equals(ArchiveItem.SYSTEM_EVENT) ? people.present()
                : people.except(sender);
        if (membership != null) {
            people.apply(membership);
        }
        return new ArchiveItem(SOURCE, event, settings.connectorId(), chatName, chatName, people.type(), itemId, 1,
                sender, recipients, timestamp, null, body, events, attachments, Digests.hex(p.digest()), ref);
    }

    private static String firstLineOf(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The message being assembled: its header, continuation text, raw-text hash and a capped raw copy. */
}

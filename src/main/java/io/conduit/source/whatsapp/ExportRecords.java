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

    static final Pattern MEDIA_OMITTED = Pattern.compile(
            "<Media omitted>|(?:.*\\s)?(?:image|video|audio|sticker|document|GIF|Contact card) omitted"
                    + "|<Medien ausgeschlossen>|(?:.*\\s)?(?:Bild|Video|Audio|Sticker|Dokument|GIF|Kontaktkarte) weggelassen");
    /**
     * iOS's attachment marker in any language: {@code <attached: NAME>}, {@code <Anhang: NAME>}, ... (a word or two,
     * a colon, the file name). Whether it is one is decided by the name: a file of the export, or a name shaped like
     * WhatsApp's media names.
     */
    static final Pattern IOS_ATTACHED = Pattern.compile("<[^<>:]{1,40}: ([^<>]+)>");
    /** Android's attachment marker in any language: {@code NAME (file attached)}, {@code NAME (Datei angehängt)}, ... */
    static final Pattern ANDROID_ATTACHED = Pattern.compile("(.+?\\.\\w{1,5}) \\([^()]{1,40}\\)");
    /** WhatsApp's own media file names: {@code IMG-20200620-WA0001.jpg}, {@code 00000012-PHOTO-2020-06-20-10-15-02.jpg}. */
    static final Pattern MEDIA_NAME = Pattern.compile(
            "(?:IMG|VID|AUD|PTT|DOC|STK|PHOTO|VIDEO|AUDIO)-[\\w-]+\\.\\w{1,5}|\\d{8}-[A-Z]+-[\\w-]+\\.\\w{1,5}");
    private static final Pattern EDITED = Pattern.compile(
            "[\\p{Cf}\\s]*<(?:This message was edited|Diese Nachricht wurde bearbeitet)\\.?>[\\p{Cf}\\s]*$");
    /** "This message was deleted" as the exports write it (English; German). */
    static final java.util.Set<String> DELETED = java.util.Set.of("This message was deleted",
            "This message was deleted.", "Diese Nachricht wurde gelöscht", "Diese Nachricht wurde gelöscht.");
    /** "You deleted this message" (English; German). */
    static final java.util.Set<String> YOU_DELETED = java.util.Set.of("You deleted this message",
            "You deleted this message.", "Du hast diese Nachricht gelöscht", "Du hast diese Nachricht gelöscht.");

    private final ExportInput input;
    private final LineReader reader;
    private final WhatsAppSettings settings;
    private final ExportScan scan;
    private final DateOrder order;
    private final ChatParticipants people;
    private final String chatName;
    private final OrdinalWindow ordinals = new OrdinalWindow();
    private MessageLines<HeaderLine> pending;
    /** Media files of the export that a line named (attached), to account for the others at the end. */
    private final java.util.Set<String> referenced = new java.util.HashSet<>();
    private Instant lastTimestamp;

    ExportRecords(ExportInput input, LineReader reader, WhatsAppSettings settings, ExportScan scan) {
        this.input = input;
        this.reader = reader;
        this.settings = settings;
        this.scan = scan;
        this.order = scan.order();
        this.chatName = input.chatName();
        this.people = new ChatParticipants(everyone(scan), settings.owner(), settings.defaultRegion(), chatName,
                scan.groupHint);
        scan.membership.start();
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
        emit(item(p, timestamp, ref));
    }

    private ArchiveItem item(MessageLines<HeaderLine> p, Instant timestamp, String ref) {
        LineContent content = LineContent.of(p.header());
        String author = content.author(scan.senders);
        String firstText = author != null ? content.text : content.systemText(p.header());
        String text = p.text().isEmpty() ? firstText : firstText + p.text();
        String firstLine = MarkedText.strip(firstLineOf(firstText)).strip();

        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        String event = "Message";
        Participant sender;
        boolean markedLine = !firstText.isEmpty() && firstText.charAt(0) == '\u200e';
        if (author != null && markedLine && !isMediaMarker(firstLine) && !DELETED.contains(firstLine)
                && !YOU_DELETED.contains(firstLine) && !MEDIA_OMITTED.matcher(firstLine).matches()) {
            // U+200E before the text: WhatsApp's "system or media line" mark; not media, so a system line written
            // under the chat's name (the end-to-end notice of an iOS export in any language)
            author = null;
        }
        if (author != null) {
            sender = people.sender(author);
        } else if (content.candidate == null && YOU_DELETED.contains(firstLine)) {
            sender = people.you();
        } else {
            event = "SystemEvent";
            sender = people.chat();
        }
        String body = text;
        List<Attachment> attachments = new ArrayList<>();
        if (event.equals("Message")) {
            if (DELETED.contains(firstLine) || YOU_DELETED.contains(firstLine)) {
                events.add(ItemEvent.DELETED);
            }
            Matcher edited = EDITED.matcher(body);
            if (edited.find()) {
                events.add(ItemEvent.EDITED);
                body = body.substring(0, edited.start());
            }
            if (MEDIA_OMITTED.matcher(firstLine).matches()) {
                events.add(ItemEvent.MEDIA_OMITTED);
            }
            Matcher ios = IOS_ATTACHED.matcher(firstLine);
            Matcher android = ANDROID_ATTACHED.matcher(firstLine);
            String file = ios.find() ? ios.group(1).strip() : android.matches() ? android.group(1).strip() : null;
            if (file != null && !input.mediaNames().contains(file) && !MEDIA_NAME.matcher(file).matches()) {
                file = null; // text that only looks like a marker: neither a file of the export nor a media name
            }
            if (file != null) {
                Attachment a = input.attachment(file);
                if (a == null) {
                    events.add(ItemEvent.MEDIA_OMITTED);
                    body = body + "\n[media not in the export: " + file + "]";
                } else {
                    referenced.add(file);
                    attachments.add(a);
                    boolean markerOnly = ios.find(0) && ios.start() == 0 && ios.end() == firstLine.length()
                            || android.matches();
                    if (markerOnly) {
                        int nl = body.indexOf('\n');
                        body = nl < 0 ? "" : body.substring(nl + 1);
                    }
                }
            }
        }
        String authorKey = author != null ? author : event.equals("Message") ? "You" : "";
        long epoch = timestamp.getEpochSecond();
        String key = Digests.ofFields(Long.toString(epoch), authorKey, text);
        int ordinal = ordinals.next(epoch, key);
        String itemId = Digests.ofFields(chatName, Long.toString(epoch), authorKey, text, Integer.toString(ordinal));
        List<Participant> recipients = recipients(event, author, sender, firstLine);
        lastTimestamp = timestamp;
        return new ArchiveItem(SOURCE, event, settings.connectorId(), chatName, chatName, people.type(), itemId, 1,
                sender, recipients, timestamp, null, body, events, attachments, Digests.hex(p.digest()), ref);
    }

    /** Everyone the export names as a chat member: the senders, then the people system lines added or removed. */
    private static java.util.Collection<String> everyone(ExportScan scan) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(scan.senders);
        scan.membership.named().stream().filter(n -> !n.equals("You")).forEach(all::add);
        return all;
    }

    /**
     * Who sees an item: in a group whose system lines track membership, the members at that line (a system line that
     * adds or removes someone also goes to them); otherwise everyone in the chat but the sender.
     */
    private List<Participant> recipients(String event, String author, Participant sender, String firstLine) {
        GroupMembership membership = scan.membership;
        if (people.type() != io.conduit.model.ConversationType.GROUP || !membership.tracked()) {
            return event.equals("SystemEvent") ? people.all() : people.except(sender);
        }
        if (event.equals("SystemEvent")) {
            List<GroupMembership.Change> changes = GroupMembership.changes(firstLine);
            java.util.Set<String> changed = new java.util.HashSet<>();
            changes.forEach(c -> changed.add(c.name()));
            List<Participant> before = people.members(n -> membership.isMember(n) || changed.contains(n), null);
            membership.apply(changes);
            return before;
        }
        if (author != null) {
            membership.writes(author);
        }
        return people.members(membership::isMember, sender);
    }

    /** True when the line is an attachment marker naming a file of the export or a WhatsApp media name. */
    private boolean isMediaMarker(String firstLine) {
        Matcher ios = IOS_ATTACHED.matcher(firstLine);
        Matcher android = ANDROID_ATTACHED.matcher(firstLine);
        String file = ios.find() ? ios.group(1).strip() : android.matches() ? android.group(1).strip() : null;
        return file != null && (input.mediaNames().contains(file) || MEDIA_NAME.matcher(file).matches());
    }

    /**
     * Every media file of the export that no line named: one SystemEvent "unreferenced media" item each, with the file
     * attached, so that nothing in the ZIP goes unaccounted.
     */
    private void unreferencedMedia() {
        for (String name : input.mediaNames()) {
            if (referenced.contains(name)) {
                continue;
            }
            Attachment a = input.attachment(name);
            String ref = input.refPrefix().replaceFirst("![^!]*$", "") + "!" + name;
            Instant at = lastTimestamp != null ? lastTimestamp : Instant.EPOCH;
            String body = "Unreferenced media: " + name + " is in the export, but no message names it.";
            String itemId = Digests.ofFields(chatName, "unreferenced-media", name);
            emit(new ArchiveItem(SOURCE, "SystemEvent", settings.connectorId(), chatName, chatName, people.type(),
                    itemId, 1, people.chat(), people.all(), at, null, body, EnumSet.noneOf(ItemEvent.class),
                    a == null ? List.of() : List.of(a), Digests.ofRaw(ref), ref));
        }
    }

    private static String firstLineOf(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The message being assembled: its header, continuation text, raw-text hash and a capped raw copy. */
}

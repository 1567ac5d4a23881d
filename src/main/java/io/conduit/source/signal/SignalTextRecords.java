package io.conduit.source.signal;

import io.conduit.source.support.OrdinalWindow;
import io.conduit.source.support.QueuedSourceRecords;
import io.conduit.source.support.Digests;
import io.conduit.source.support.MessageLines;
import io.conduit.source.support.LineReader;
import io.conduit.mapping.PhoneNumbers;
import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.SourceSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of one Signal text export, read lazily: each element is an {@link ArchiveItem} or a
 * {@link RejectedRecord}, in file order; only the current message is held in memory. Not thread-safe.
 */
public final class SignalTextRecords extends QueuedSourceRecords {

    /** Longest message kept, in chars; longer messages are rejected. */
    public static final int MAX_MESSAGE_CHARS = 16 << 20;

    private final LineReader reader;
    private final String fileName;
    private final String conversation;
    private final SourceSettings settings;
    private final Map<String, Participant> people = new LinkedHashMap<>();
    private final Participant owner;
    private final ConversationType type;
    private final OrdinalWindow ordinals = new OrdinalWindow();
    private MessageLines<TextHeader> pending;

    SignalTextRecords(LineReader reader, String fileName, String conversation, SourceSettings settings,
                      Set<String> senders) {
        super(reader);
        this.reader = reader;
        this.fileName = fileName;
        this.conversation = conversation;
        this.settings = settings;
        for (String s : senders) {
            people.put(s, person(s));
        }
        Participant o = settings.owner() == null ? null : person(settings.owner());
        this.owner = o == null || people.values().stream().anyMatch(o::sameAs) ? null : o;
        this.type = people.size() + (owner == null ? 0 : 1) > 2 ? ConversationType.GROUP : ConversationType.DIRECT;
    }

    /** The conversation id and name: the file's base name. */
    public String conversationName() {
        return conversation;
    }

    /** Everyone in the chat: the senders the first pass found, then the owner when not among them. */
    public List<Participant> participants() {
        List<Participant> all = new ArrayList<>(people.values());
        if (owner != null) {
            all.add(owner);
        }
        return all;
    }

    @Override
    protected void step() {
        LineReader.Line line;
        try {
            line = reader.next();
        } catch (IOException e) {
            flush();
            emit(new UnreadRest(SignalJsonReader.SOURCE, settings.connectorId(), fileName,
                    fileName + ": the file could not be read further: " + Escapes.of(e.getMessage())));
            finish();
            return;
        }
        if (line == null) {
            flush();
            finish();
            return;
        }
        String text = SignalTextReader.stripBom(line);
        TextHeader header = TextHeader.parse(text);
        if (header != null) {
            flush();
            pending = new MessageLines<>(line.number(), header, text, header.text(), SignalJsonRecords.MAX_RAW_CHARS,
                    MAX_MESSAGE_CHARS);
        } else if (pending == null) {
            pending = new MessageLines<>(line.number(), null, text, text, SignalJsonRecords.MAX_RAW_CHARS,
                    MAX_MESSAGE_CHARS);
        } else {
            pending.append(text);
        }
        if (line.tooLong()) {
            pending.reject("line " + line.number() + " is longer than " + SignalJsonRecords.MAX_LINE_CHARS
                    + " chars");
        }
    }

    private void flush() {
        MessageLines<TextHeader> p = pending;
        pending = null;
        if (p == null) {
            return;
        }
        String ref = fileName + ":" + p.firstLine();
        if (p.header() == null) {
            if (!p.text().isBlank()) {
                emit(reject(ref, "text before the first message", p));
            }
            return;
        }
        if (p.rejectReason() != null) {
            emit(reject(ref, p.rejectReason(), p));
            return;
        }
        Instant ts;
        try {
            ts = p.header().localDateTime().atZone(settings.zone()).toInstant();
        } catch (DateTimeException e) {
            emit(reject(ref, "invalid date or time in the message header (" + Escapes.of(e.getMessage())
                    + ")", p));
            return;
        }
        String author = p.header().author();
        Participant sender = people.containsKey(author) ? people.get(author) : person(author);
        List<Participant> recipients = new ArrayList<>();
        for (Participant q : participants()) {
            if (!q.sameAs(sender)) {
                recipients.add(q);
            }
        }
        String body = p.text();
        long epoch = ts.getEpochSecond();
        String key = Digests.ofFields(Long.toString(epoch), author, body);
        int ordinal = ordinals.next(epoch, key);
        String itemId = Digests.ofFields(conversation, Long.toString(epoch), author, body, Integer.toString(ordinal));
        emit(new ArchiveItem(SignalJsonReader.SOURCE, "Message", settings.connectorId(), conversation,
                conversation, type, itemId, 1, sender, recipients, ts, null, body, Set.of(), List.of(),
                Digests.hex(p.digest()), ref));
    }

    private RejectedRecord reject(String ref, String reason, MessageLines<TextHeader> p) {
        return new RejectedRecord(SignalJsonReader.SOURCE, settings.connectorId(), ref, ref + ": " + reason,
                p.raw());
    }

    private Participant person(String name) {
        String phone = PhoneNumbers.toE164(name, settings.defaultRegion());
        if (phone != null) {
            return new Participant(name, phone, null, null);
        }
        if (io.conduit.mapping.EmailAddresses.isEmail(name)) {
            return new Participant(null, null, name, null);
        }
        return Participant.ofHandle(name);
    }

    /** The message being assembled: header, text, raw-text hash and a capped raw copy. */
}

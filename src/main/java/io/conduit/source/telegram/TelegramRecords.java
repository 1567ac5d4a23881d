package io.conduit.source.telegram;

import static io.conduit.source.support.JsonFields.text;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.mapping.PhoneNumbers;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.support.JsonFields;
import io.conduit.source.support.QueuedSourceRecords;
import io.conduit.source.SourceSettings;

/**
 * The records of one Telegram Desktop export, read lazily with a Jackson {@link JsonParser}: only one message is held
 * as a tree at a time, so a full-account export of several GB reads in little heap.
 *
 * <p>The parser walks the root object; {@code name}/{@code type}/{@code id}/{@code messages} at the root are a
 * single-chat export, {@code chats.list[]} and {@code left_chats.list[]} hold the chats of a full-account export, and
 * {@code personal_information} (written before the chats) names the owner. Everything else is skipped unread. Not
 * thread-safe; close it when done (this closes the stream).
 */
final class TelegramRecords extends QueuedSourceRecords {

    /** What the parser stands in. */
    private enum Kind { ROOT, CHATS, LIST, CHAT, MESSAGES }

    /** One level of the walk; {@code chat} collects the chat fields of a ROOT or CHAT frame. */
    private static final class Frame {
        final Kind kind;
        final String path;
        String name;
        String type;
        String id;
        int index;

        Frame(Kind kind, String path) {
            this.kind = kind;
            this.path = path;
        }
    }

    private final JsonParser parser;
    private final String fileName;
    private final SourceSettings settings;
    private final TelegramMessages messages;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private Participant owner;
    private final java.util.List<String> notes;
    private TelegramChat chat;
    private Map<String, Integer> occurrences = new HashMap<>();
    private boolean sawMessages;
    private long read;

    TelegramRecords(JsonParser parser, String fileName, SourceSettings settings, TelegramMessages messages) {
        super(parser);
        this.parser = parser;
        this.fileName = fileName;
        this.settings = settings;
        this.messages = messages;
        this.owner = configuredOwner(settings);
        this.notes = new java.util.ArrayList<>();
        stack.push(new Frame(Kind.ROOT, ""));
    }

    /** The owner from {@code personal_information} once read, else the configured owner, else {@code null}. */
    Participant owner() {
        return owner;
    }

    /**
     * Sets the owner that a first pass inferred (a personal chat exported without an owner), and says so on the run's
     * line.
     */
    void inferredOwner(Participant inferred) {
        if (owner == null) {
            owner = inferred;
            notes.add("owner inferred: " + (inferred.displayName() == null ? "" : inferred.displayName() + " ")
                    + "(" + inferred.handle() + "), the sender of this personal chat who is not its peer; set the "
                    + "owner to be sure");
        }
    }

    @Override
    public java.util.List<String> notes() {
        return java.util.List.copyOf(notes);
    }

    /** Messages read so far (items and rejected records). */
    long messagesRead() {
        return read;
    }

    @Override
    protected void step() {
        try {
            advance();
        } catch (IOException e) {
            finish();
            String ref = fileName + ":" + parser.currentLocation().getLineNr();
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            emit(new UnreadRest(TelegramExportReader.SOURCE, settings.connectorId(), ref,
                    ref + ": the export could not be read further after " + read + " messages (" + what + ")"));
        }
    }

    private void advance() throws IOException {
        Frame top = stack.peek();
        JsonToken token = parser.nextToken();
        if (top == null || token == null) {
            end();
            return;
        }
        switch (top.kind) {
            case ROOT, CHAT -> chatField(top, token);
            case CHATS -> {
                if (token == JsonToken.END_OBJECT) {
                    stack.pop();
                    return;
                }
                String field = parser.currentName();
                if (parser.nextToken() == JsonToken.START_ARRAY && "list".equals(field)) {
                    stack.push(new Frame(Kind.LIST, top.path + ".list"));
                } else {
                    skipValue();
                }
            }
            case LIST -> {
                if (token == JsonToken.END_ARRAY) {
                    stack.pop();
                } else if (token == JsonToken.START_OBJECT) {
                    stack.push(new Frame(Kind.CHAT, top.path + "[" + top.index++ + "]"));
                } else {
                    String ref = fileName + ":" + parser.currentLocation().getLineNr();
                    String raw = token.isStructStart() ? parser.readValueAsTree().toString() : parser.getText();
                    emit(messages.reject(ref, top.path + "[" + top.index++ + "] is not a chat object", raw));
                }
            }
            case MESSAGES -> message(top, token);
        }
    }

    /** A token inside a chat object (or the root, which is one in a single-chat export). */
    private void chatField(Frame frame, JsonToken token) throws IOException {
        if (token == JsonToken.END_OBJECT) {
            stack.pop();
            if (frame.kind == Kind.ROOT) {
                end();
            }
            return;
        }
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
            case "name" -> frame.name = scalar(value);
            case "type" -> frame.type = scalar(value);
            case "id" -> frame.id = scalar(value);
            case "messages" -> {
                if (value != JsonToken.START_ARRAY) {
                    String ref = fileName + ":" + parser.currentLocation().getLineNr();
                    String raw = value.isStructStart() ? parser.readValueAsTree().toString() : parser.getText();
                    emit(messages.reject(ref, chatPath(frame) + ".messages is not an array", raw));
                    return;
                }
                sawMessages = true;
                chat = new TelegramChat(frame.name, frame.type, frame.id, fileName);
                occurrences = new HashMap<>();
                stack.push(new Frame(Kind.MESSAGES, chatPath(frame) + "messages"));
            }
            case "personal_information" -> {
                if (frame.kind == Kind.ROOT && value == JsonToken.START_OBJECT) {
                    Participant p = personalInformation(parser.readValueAsTree());
                    owner = p != null ? p : owner;
                } else {
                    skipValue();
                }
            }
            case "chats", "left_chats" -> {
                if (frame.kind == Kind.ROOT && value == JsonToken.START_OBJECT) {
                    stack.push(new Frame(Kind.CHATS, field));
                } else {
                    skipValue();
                }
            }
            default -> skipValue();
        }
    }

    private void message(Frame frame, JsonToken token) throws IOException {
        if (token == JsonToken.END_ARRAY) {
            stack.pop();
            return;
        }
        int i = frame.index++;
        String where = frame.path + "[" + i + "]" + (chat.name() != null ? " of chat '" + oneLine(chat.name()) + "'" : "");
        String ref = fileName + ":" + parser.currentLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
            String raw = token.isStructStart() ? parser.readValueAsTree().toString() : parser.getText();
            read++;
            emit(messages.reject(ref, where + " is not a message object", raw));
            return;
        }
        JsonNode msg = JsonFields.readRecord(parser);
        read++;
        if (msg == null) {
            emit(messages.reject(ref, where + " nests deeper than " + JsonFields.MAX_RECORD_DEPTH
                    + " levels: skipped, the next message is read", null));
            return;
        }
        emit(messages.map(msg, chat, owner, msg.toString(), ref, where, occurrences));
    }

    private void end() {
        finish();
        if (!sawMessages) {
            emit(new RejectedRecord(TelegramExportReader.SOURCE, settings.connectorId(), fileName, fileName
                    + ": not a Telegram Desktop export (no messages array at the root and no chats.list[].messages)",
                    null));
        }
    }

    private String chatPath(Frame frame) {
        return frame.kind == Kind.ROOT ? "" : frame.path + ".";
    }

    private String scalar(JsonToken value) throws IOException {
        if (value.isStructStart()) {
            parser.skipChildren();
            return null;
        }
        String s = value == JsonToken.VALUE_NULL ? null : parser.getText();
        return s == null || s.isBlank() ? null : s;
    }

    private void skipValue() throws IOException {
        parser.skipChildren();
    }

    /**
     * The owner from {@code personal_information}: {@code user_id} as handle {@code user<id>} (the form of
     * {@code from_id}), first and last name, phone number as E.164; {@code null} when it names no one.
     */
    private Participant personalInformation(JsonNode info) {
        String userId = text(info, "user_id");
        String name = String.join(" ", java.util.stream.Stream.of(text(info, "first_name"), text(info, "last_name"))
                .filter(java.util.Objects::nonNull).toList());
        String phone = PhoneNumbers.toE164(text(info, "phone_number"), settings.defaultRegion());
        if (userId == null && name.isBlank() && phone == null) {
            return null;
        }
        return new Participant(name, phone, null, userId == null ? null : "user" + userId);
    }

    /**
     * The configured owner ({@code --owner}): a phone number (as E.164), an email address, or a Telegram handle such
     * as {@code user123456}; {@code null} when none is configured.
     */
    static Participant configuredOwner(SourceSettings settings) {
        String o = settings.owner();
        if (o == null || o.isBlank()) {
            return null;
        }
        if (PhoneNumbers.looksLikePhoneNumber(o)) {
            String e164 = PhoneNumbers.toE164(o, settings.defaultRegion());
            if (e164 != null) {
                return new Participant(null, e164, null, null);
            }
        }
        if (io.conduit.mapping.EmailAddresses.isEmail(o)) {
            return new Participant(null, null, o, null);
        }
        return new Participant(null, null, null, o);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("[\\p{Cntrl}']", " ");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }
}

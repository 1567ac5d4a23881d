package io.conduit.source.telegram;

import static io.conduit.source.support.JsonFields.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.support.Digests;
import io.conduit.source.support.JsonFields;
import io.conduit.source.SourceSettings;

/**
 * Turns one element of a Telegram Desktop chat's {@code messages} array into an {@link ArchiveItem} or a
 * {@link RejectedRecord}, following the fields Telegram Desktop's {@code export_output_json.cpp} writes.
 *
 * <p>{@code type: message} becomes event {@code Message}; {@code type: service} (group created, members invited or
 * removed, title changed, message pinned, call, ...; fields {@code actor}, {@code actor_id}, {@code action}) becomes
 * event {@code SystemEvent}, so that {@code IPM.NOTE.Telegram.SystemEvent} tells conversation events from messages in
 * the archive the same way WhatsApp's, Signal's and LivePerson's system events do. Any other type is rejected.
 */
final class TelegramMessages {

    /** Most raw JSON copied into a {@link RejectedRecord}, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    /** Fields of a service message already written as the sentence's subject, verb or header. */
    private static final Set<String> SERVICE_HANDLED = Set.of("id", "type", "date", "date_unixtime", "actor",
            "actor_id", "action", "text", "text_entities", "edited", "edited_unixtime");

    private final SourceSettings settings;
    private final TelegramMedia media;

    TelegramMessages(SourceSettings settings, TelegramMedia media) {
        this.settings = settings;
        this.media = media;
    }

    /**
     * Maps one message.
     *
     * @param msg         the message object
     * @param chat        the chat it belongs to
     * @param owner       the export's owner, or {@code null} when unknown
     * @param raw         the message's JSON as read, for the source hash
     * @param ref         {@code file:line}
     * @param where       the message's position for reasons, e.g. {@code chats.list[2].messages[15]}
     * @param occurrences per chat, how often a message without {@code id} has been seen with the same content
     * @param members     the chat's members so far, updated by this message ({@link TelegramMembers})
     */
    Object map(JsonNode msg, TelegramChat chat, Participant owner, String raw, String ref, String where,
               Map<String, Integer> occurrences, TelegramMembers members) {
        String type = text(msg, "type");
        boolean service = "service".equals(type);
        if (!service && !"message".equals(type)) {
            return reject(ref, where + " has type " + (type == null ? "(none)" : "'" + oneLine(type) + "'")
                    + ", not message or service", raw);
        }
        Instant ts = instant(msg, "date_unixtime", "date");
        if (ts == null) {
            return reject(ref, where + " has no valid date (date_unixtime as epoch seconds, or date as"
                    + " yyyy-MM-ddTHH:mm:ss)", raw);
        }
        JsonNode textNode = msg.get("text");
        if (textNode != null && !textNode.isNull() && !textNode.isTextual() && !textNode.isArray()) {
            return reject(ref, where + ": text is neither a string nor an array of entities", raw);
        }
        Participant sender = party(msg, service ? "actor" : "from", service ? "actor_id" : "from_id");
        if (sender == null) {
            if (!service) {
                return reject(ref, where + " names no sender (neither from nor from_id)", raw);
            }
            sender = chat.asParticipant();
        } else if (same(owner, sender)) {
            sender = merged(owner, sender);
        }
        String itemId = itemId(msg, ts, raw, occurrences);
        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        List<Attachment> files = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        String replyTo = text(msg, "reply_to_message_id");
        if (replyTo != null) {
            body.append("[in reply to message ").append(replyTo).append("]\n");
        }
        int version = 1;
        Instant edited = instant(msg, "edited_unixtime", "edited");
        if (edited != null) {
            events.add(ItemEvent.EDITED);
            version = (int) Math.max(2, Math.min(Integer.MAX_VALUE, edited.getEpochSecond() - ts.getEpochSecond() + 1));
        }
        if (service) {
            body.append(serviceText(msg, sender));
        } else {
            messageText(msg, body, events, files);
        }
        if (edited != null) {
            line(body, "[edited at " + edited + "; the export keeps only the last text]");
        }
        List<Participant> recipients = recipients(chat, sender, owner);
        if (chat.conversationType() == io.conduit.model.ConversationType.GROUP) {
            String action = service ? text(msg, "action") : null;
            members.seen(sender);
            members.added(action, msg, sender);
            for (Participant m : members.current()) {
                if (!same(m, sender) && !same(m, owner) && recipients.stream().noneMatch(r -> same(r, m))) {
                    recipients.add(recipients.size() - 1, m); // before the chat's own address, which stays last
                }
            }
            members.removed(action, msg);
        }
        return new ArchiveItem(TelegramExportReader.SOURCE, service ? ArchiveItem.SYSTEM_EVENT : "Message",
                settings.connectorId(), chat.conversationId(), chat.title(), chat.conversationType(), itemId, version,
                sender, recipients, ts, null, body.toString(), events, files, Digests.ofRaw(raw),
                ref).withInReplyTo(replyTo);
    }

    /**
     * The item id: the message's {@code id} within its chat; for a message without one, {@code h:} and a digest of
     * its date, sender and text, with {@code #n} appended for the n-th identical message of the chat.
     */
    private static String itemId(JsonNode msg, Instant ts, String raw, Map<String, Integer> occurrences) {
        String id = text(msg, "id");
        if (id != null) {
            return id;
        }
        String digest = Digests.ofFields(ts.toString(), text(msg, "from"), text(msg, "from_id"),
                String.valueOf(msg.get("text")), text(msg, "type")).substring(0, 24);
        int n = occurrences.merge(digest, 1, Integer::sum);
        return n == 1 ? "h:" + digest : "h:" + digest + "#" + n;
    }

    /**
     * Who else sees it: the owner when known and not the sender; the other person of a personal chat when not the
     * sender; the chat itself for groups and channels, or whenever no one else is known.
     */
    private static List<Participant> recipients(TelegramChat chat, Participant sender, Participant owner) {
        List<Participant> to = new ArrayList<>();
        if (owner != null && !same(owner, sender)) {
            to.add(owner);
        }
        Participant peer = chat.peer();
        if (peer != null) {
            if (!same(peer, sender) && !same(peer, owner)) {
                to.add(peer);
            }
        } else if (chat.conversationType() != io.conduit.model.ConversationType.DIRECT) {
            to.add(chat.asParticipant());
        }
        if (to.isEmpty()) {
            to.add(chat.asParticipant());
        }
        return to;
    }

    /** Text, forwarded/via/contact/location/poll notes and media of an ordinary message. */
    private void messageText(JsonNode msg, StringBuilder body, Set<ItemEvent> events, List<Attachment> files) {
        String forwarded = text(msg, "forwarded_from");
        if (forwarded != null) {
            body.append("[forwarded from ").append(forwarded).append("]\n");
        }
        String via = text(msg, "via_bot");
        if (via != null) {
            body.append("[via ").append(via).append("]\n");
        }
        body.append(plainText(msg.get("text")));
        JsonNode contact = msg.get("contact_information");
        if (contact != null && contact.isObject()) {
            line(body, "[contact: " + join(text(contact, "first_name"), text(contact, "last_name"))
                    + (text(contact, "phone_number") != null ? ", " + text(contact, "phone_number") : "") + "]");
        }
        JsonNode location = msg.get("location_information");
        if (location != null && location.isObject()) {
            line(body, "[location: " + text(location, "latitude") + ", " + text(location, "longitude") + "]");
        }
        JsonNode poll = msg.get("poll");
        if (poll != null && poll.isObject()) {
            StringBuilder p = new StringBuilder("[poll: " + text(poll, "question"));
            for (JsonNode a : poll.path("answers")) {
                p.append("\n  - ").append(text(a, "text")).append(" (").append(a.path("voters").asLong(0)).append(" votes)");
            }
            line(body, p.append("]").toString());
        }
        String signature = text(msg, "author");
        if (signature != null) {
            line(body, "[signed by " + signature + "]");
        }
        reactions(msg.get("reactions"), body);
        String sticker = text(msg, "sticker_emoji");
        if ("sticker".equals(text(msg, "media_type"))) {
            line(body, "[sticker" + (sticker != null ? " " + sticker : "") + "]");
        }
        for (String kind : List.of("photo", "file")) {
            String path = text(msg, kind);
            if (path == null) {
                continue;
            }
            String label = kind.equals("file") && text(msg, "media_type") != null ? text(msg, "media_type") : kind;
            TelegramMedia.Resolved r = media.resolve(label, path, kind.equals("file") ? text(msg, "file_name") : null,
                    kind.equals("file") ? text(msg, "mime_type") : null);
            if (r.attachment() != null) {
                files.add(r.attachment());
            } else {
                line(body, r.note());
                events.add(ItemEvent.MEDIA_OMITTED);
            }
        }
        if (msg.has("media_type") && text(msg, "file") == null && text(msg, "photo") == null
                && !"sticker".equals(text(msg, "media_type"))) {
            line(body, "[" + text(msg, "media_type") + " not included in the export]");
            events.add(ItemEvent.MEDIA_OMITTED);
        }
    }

    /**
     * The {@code reactions} array of newer Telegram Desktop exports ({@code [{"type":"emoji","count":2,"emoji":"👍",
     * "recent":[{"from":"Alice","from_id":"user1","date":"..."}]}]}) as one line per reaction, with who reacted when the
     * export names them.
     */
    private static void reactions(JsonNode reactions, StringBuilder body) {
        if (reactions == null || !reactions.isArray() || reactions.isEmpty()) {
            return;
        }
        line(body, "Reactions:");
        for (JsonNode r : reactions) {
            String what = text(r, "emoji") != null ? text(r, "emoji")
                    : text(r, "document_id") != null ? "custom emoji " + text(r, "document_id")
                    : text(r, "type") != null ? text(r, "type") : "?";
            StringBuilder sb = new StringBuilder("  ").append(what).append(" x").append(r.path("count").asLong(0));
            List<String> who = new ArrayList<>();
            for (JsonNode p : r.path("recent")) {
                String name = text(p, "from") != null ? text(p, "from") : text(p, "from_id");
                if (name != null) {
                    who.add(name + (text(p, "from_id") != null && text(p, "from") != null ? " (" + text(p, "from_id") + ")" : ""));
                }
            }
            if (!who.isEmpty()) {
                sb.append(": ").append(String.join(", ", who));
            }
            line(body, sb.toString());
        }
    }

    /**
     * A service message as a sentence ({@code Alice: invite_members}) followed by its other fields, one
     * {@code name: value} line each (members, title, message_id, duration_seconds, ...).
     */
    private static String serviceText(JsonNode msg, Participant actor) {
        String action = text(msg, "action");
        StringBuilder sb = new StringBuilder(actor.displayName() != null ? actor.displayName() : actor.primaryIdentifier())
                .append(": ").append(action != null ? action : "service message");
        String t = plainText(msg.get("text"));
        if (!t.isEmpty()) {
            sb.append("\ntext: ").append(t);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = msg.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (SERVICE_HANDLED.contains(f.getKey()) || f.getValue().isNull()) {
                continue;
            }
            JsonNode v = f.getValue();
            String value;
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(e -> parts.add(e.isValueNode() ? e.asText() : e.toString()));
                value = String.join(", ", parts);
            } else {
                value = v.isValueNode() ? v.asText() : v.toString();
            }
            sb.append('\n').append(f.getKey()).append(": ").append(value);
        }
        return sb.toString();
    }

    /**
     * The plain text of {@code text}: a string as is, or an array of strings and entities ({@code {"type":"bold",
     * "text":"..."}}) concatenated, a {@code text_link}'s {@code href} and a {@code mention_name}'s {@code user_id}
     * written after its text in parentheses.
     */
    static String plainText(JsonNode text) {
        if (text == null || text.isNull()) {
            return "";
        }
        if (!text.isArray()) {
            return text.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : text) {
            if (part.isTextual()) {
                sb.append(part.asText());
            } else if (part.isObject()) {
                String t = part.path("text").asText("");
                sb.append(t);
                String href = JsonFields.text(part, "href");
                if (href != null && !href.equals(t)) {
                    sb.append(" (").append(href).append(')');
                }
                String userId = JsonFields.text(part, "user_id");
                if (userId != null) {
                    sb.append(" (user").append(userId).append(')');
                }
            }
        }
        return sb.toString();
    }

    /** A party from a name field and an id field ({@code user123456}, {@code channel123}), or {@code null}. */
    private static Participant party(JsonNode msg, String nameField, String idField) {
        String name = text(msg, nameField);
        String id = text(msg, idField);
        return name == null && id == null ? null : new Participant(name, null, null, id);
    }

    /**
     * A time: the epoch-seconds field (Telegram Desktop 3.x and later write {@code date_unixtime} as a string of
     * digits), else the local-time field ({@code 2018-12-05T10:39:10}) in the connector's zone; {@code null} when both
     * are missing or invalid.
     */
    private Instant instant(JsonNode msg, String unixField, String localField) {
        String unix = text(msg, unixField);
        if (unix != null && unix.strip().matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(unix.strip()));
        }
        String local = text(msg, localField);
        if (local == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(local.strip()).atZone(settings.zone()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The owner with the name and handle the message gives where the owner has none. */
    private static Participant merged(Participant owner, Participant sender) {
        return new Participant(owner.displayName() != null ? owner.displayName() : sender.displayName(),
                owner.phone(), owner.email(), owner.handle() != null ? owner.handle() : sender.handle());
    }

    /** True when both name the same party, whichever of them carries more identifiers. */
    static boolean same(Participant a, Participant b) {
        return a != null && b != null && (a.sameAs(b) || b.sameAs(a));
    }

    RejectedRecord reject(String ref, String reason, String raw) {
        return new RejectedRecord(TelegramExportReader.SOURCE, settings.connectorId(), ref, ref + ": " + reason,
                JsonFields.capped(raw, MAX_RAW_CHARS));
    }

    private static String join(String a, String b) {
        return a == null ? String.valueOf(b) : b == null ? a : a + " " + b;
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    private static void line(StringBuilder sb, String s) {
        if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        sb.append(s);
    }
}

package io.conduit.source.twitter;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.support.Digests;

/**
 * Turns one element of a {@code dmConversation.messages[]} array into {@code DirectMessage} items
 * ({@code IPM.NOTE.Twitter.DirectMessage}): a message, one item per reaction to it, or a conversation event.
 *
 * <p>Format: X archive {@code data/direct-messages.js} and {@code data/direct-messages-group.js}: each message
 * element has one key: {@code messageCreate} ({@code id}, {@code senderId}, {@code recipientId} (one-to-one only),
 * {@code createdAt} (ISO 8601), {@code text}, {@code urls[]} ({@code url}, {@code expanded}), {@code mediaUrls[]},
 * {@code reactions[]} ({@code senderId}, {@code reactionKey}, {@code eventId}, {@code createdAt}),
 * {@code editHistory[]}), or, in group conversations, {@code joinConversation} ({@code initiatingUserId},
 * {@code participantsSnapshot}), {@code participantsJoin} ({@code initiatingUserId}, {@code userIds}),
 * {@code participantsLeave} ({@code userIds}) and {@code conversationNameUpdate} ({@code initiatingUserId},
 * {@code name}), each with {@code createdAt}.
 *
 * <p>Ids: a message's item id is its {@code id}; an edited message (non-empty {@code editHistory}) is version
 * 1 + the number of edits, its body keeps the current text and every earlier one, so a later archive with another
 * edit adds a new version. A reaction is item {@code reaction:<eventId>}; an event is
 * {@code <kind>:<createdAt>:<user ids>}. Participants are {@code twitter:<user id>} handles; the owner also has the
 * email of {@code account.js}.
 */
final class DirectMessageMapper {

    /** Event kinds of a group conversation, as the archive names them. */
    static final Set<String> EVENT_KINDS = Set.of("joinConversation", "participantsJoin", "participantsLeave",
            "conversationNameUpdate");

    /** Most characters of the reacted-to message quoted in a reaction's body. */
    static final int EXCERPT_CHARS = 200;

    private final String connectorId;
    private final TwitterOwner owner;
    private final MediaFiles files;

    /** @param files the archive's media files, attached to the messages they belong to */
    DirectMessageMapper(String connectorId, TwitterOwner owner, MediaFiles files) {
        this.connectorId = connectorId;
        this.owner = owner;
        this.files = files;
    }

    /**
     * A conversation being read.
     *
     * @param id     {@code conversationId}: {@code <user id>-<user id>} one-to-one, a number for a group
     * @param group  true for {@code direct-messages-group.js}
     * @param name   the group's latest name, or {@code null}
     * @param people every user id seen in the conversation (participants, senders, reactors), in first-seen order
     */
    record Conversation(String id, boolean group, String name, Set<String> people) {

        static Conversation of(String id, boolean group, Map<String, GroupScan.Group> groups) {
            Set<String> people = new LinkedHashSet<>();
            String name = null;
            GroupScan.Group g = groups.get(id);
            if (g != null) {
                people.addAll(g.people());
                name = g.name();
            }
            if (!group) {
                for (String s : id.split("-")) {
                    if (JsonText.isId(s)) {
                        people.add(s);
                    }
                }
            }
            return new Conversation(id, group, name, people);
        }

        String title() {
            return name != null ? name : (group ? "X group DM " : "X DM ") + id;
        }
    }

    /**
     * The items of one message element.
     *
     * @param c       the conversation
     * @param element the element, e.g. {@code {"messageCreate":{...}}}
     * @param ref     source reference of the element, {@code <file>#[<i>]/messages[<j>]}
     * @return the items, at least one
     * @throws IllegalArgumentException with the reason when the element is not one the format describes, or lacks an
     *                                  id, a sender or a valid time
     */
    List<Object> map(Conversation c, JsonNode element, String ref) {
        if (element == null || !element.isObject() || element.size() != 1) {
            throw new IllegalArgumentException("message element is not an object with one key");
        }
        String kind = element.fieldNames().next();
        JsonNode m = element.get(kind);
        if (!m.isObject()) {
            throw new IllegalArgumentException(kind + " is not an object");
        }
        if (kind.equals("messageCreate")) {
            return message(c, m, ref, element);
        }
        if (EVENT_KINDS.contains(kind)) {
            return List.of(event(c, kind, m, ref, element));
        }
        throw new IllegalArgumentException("unknown direct message element kind " + JsonText.quoted(kind));
    }

    private List<Object> message(Conversation c, JsonNode m, String ref, JsonNode raw) {
        String id = JsonText.of(m, "id");
        if (!JsonText.isId(id)) {
            throw new IllegalArgumentException("messageCreate has no numeric id");
        }
        String senderId = JsonText.of(m, "senderId");
        if (!JsonText.isId(senderId)) {
            throw new IllegalArgumentException("message " + id + " has no numeric senderId");
        }
        Instant time = time(m, "message " + id);
        Participant sender = TwitterOwner.user(owner, senderId, null);
        List<Participant> recipients = new ArrayList<>();
        String recipientId = JsonText.of(m, "recipientId");
        if (JsonText.isId(recipientId)) {
            TwitterOwner.addRecipient(recipients, sender, TwitterOwner.user(owner, recipientId, null));
        }
        for (String p : c.people()) {
            TwitterOwner.addRecipient(recipients, sender, TwitterOwner.user(owner, p, null));
        }
        if (owner != null && owner.accountId() != null) {
            TwitterOwner.addRecipient(recipients, sender, owner.participant());
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("message " + id + " has no recipient (no recipientId, and no other "
                    + "participant of conversation " + c.id() + " is known)");
        }
        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        StringBuilder body = new StringBuilder(m.hasNonNull("text") ? m.get("text").asText() : "");
        body.append('\n');
        for (JsonNode u : JsonText.array(m, "urls")) {
            String expanded = JsonText.of(u, "expanded");
            String url = JsonText.of(u, "url");
            if (expanded != null || url != null) {
                body.append("\nLink: ").append(url != null && expanded != null ? url + " -> " + expanded
                        : expanded != null ? expanded : url);
            }
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode u : JsonText.array(m, "mediaUrls")) {
            if (!u.isContainerNode() && !u.asText().isBlank()) {
                urls.add(u.asText().strip());
            }
        }
        List<Attachment> attachments = files.of(id);
        if (MediaFiles.describe(body, urls, attachments)) {
            events.add(ItemEvent.MEDIA_OMITTED);
        }
        JsonNode history = m.get("editHistory");
        int edits = history != null && history.isArray() ? history.size() : 0;
        if (edits > 0) {
            events.add(ItemEvent.EDITED);
            body.append("\nEdited ").append(edits).append(edits == 1 ? " time" : " times")
                    .append("; edit history as the archive lists it:");
            int n = 0;
            for (JsonNode h : history) {
                body.append("\n[").append(++n).append("] ").append(describe(h));
            }
        }
        JsonNode reactions = m.get("reactions");
        int reactionCount = reactions != null && reactions.isArray() ? reactions.size() : 0;
        if (reactionCount > 0) {
            body.append("\nReactions: ").append(reactionCount).append(" (each archived as its own item)");
        }
        String title = c.title();
        List<Object> items = new ArrayList<>();
        items.add(new ArchiveItem(TwitterArchiveReader.SOURCE, "DirectMessage", connectorId, c.id(), title, type(c), id,
                1 + edits, sender, recipients, time, null, body.toString(), events, attachments,
                Digests.ofRaw(raw.toString()), ref + "/" + id));
        int r = 0;
        String text = m.hasNonNull("text") ? m.get("text").asText() : "";
        for (JsonNode reaction : JsonText.array(m, "reactions")) {
            String reactionRef = ref + "/" + id + "/reactions[" + r++ + "]";
            try {
                items.add(reaction(c, id, text, reaction, reactionRef));
            } catch (IllegalArgumentException e) {
                // a bad reaction is quarantined on its own: the message and the other reactions are archived
                items.add(new RejectedRecord(TwitterArchiveReader.SOURCE, connectorId, reactionRef,
                        reactionRef + ": " + e.getMessage(), reaction.toString()));
            }
        }
        return items;
    }

    private ArchiveItem reaction(Conversation c, String messageId, String text, JsonNode r, String ref) {
        String senderId = JsonText.of(r, "senderId");
        if (!JsonText.isId(senderId)) {
            throw new IllegalArgumentException("reaction to message " + messageId + " has no numeric senderId");
        }
        Instant time = time(r, "reaction to message " + messageId);
        String key = JsonText.of(r, "reactionKey");
        String eventId = JsonText.of(r, "eventId");
        String itemId = "reaction:" + (eventId != null ? eventId : messageId + ":" + senderId + ":" + key);
        Participant sender = TwitterOwner.user(owner, senderId, null);
        String body = "Reacted " + (key == null ? "(no reaction key)" : key) + " to message " + messageId
                + (text.isEmpty() ? "" : ": \"" + (text.length() > EXCERPT_CHARS
                ? text.substring(0, EXCERPT_CHARS) + "..." : text) + "\"");
        return new ArchiveItem(TwitterArchiveReader.SOURCE, "DirectMessage", connectorId, c.id(), c.title(), type(c),
                itemId, 1, sender, others(c, sender), time, "Reaction " + (key == null ? "" : key) + " to message "
                + messageId, body, Set.of(), List.of(), Digests.ofRaw(r.toString()), ref);
    }

    private ArchiveItem event(Conversation c, String kind, JsonNode e, String ref, JsonNode raw) {
        Instant time = time(e, kind);
        String initiator = JsonText.of(e, "initiatingUserId");
        List<String> users = new ArrayList<>();
        for (JsonNode u : JsonText.array(e, kind.equals("joinConversation") ? "participantsSnapshot" : "userIds")) {
            if (!u.isContainerNode() && JsonText.isId(u.asText().strip())) {
                users.add(u.asText().strip());
            }
        }
        String actor = JsonText.isId(initiator) ? initiator : users.isEmpty() ? null : users.get(0);
        Participant sender = actor != null ? TwitterOwner.user(owner, actor, null)
                : new Participant(c.title(), null, null, TwitterOwner.HANDLE_PREFIX + "conversation/" + c.id());
        String who = handles(users);
        String by = actor == null ? "Someone" : TwitterOwner.HANDLE_PREFIX + actor;
        String body = switch (kind) {
            case "joinConversation" -> by + " added the account to the conversation; participants then: " + who;
            case "participantsJoin" -> by + " added " + who;
            case "participantsLeave" -> who + " left the conversation";
            default -> by + " renamed the conversation to "
                    + (JsonText.of(e, "name") == null ? "(no name)" : "\"" + e.get("name").asText() + "\"");
        };
        String itemId = kind + ":" + JsonText.of(e, "createdAt") + ":" + (actor == null ? "" : actor) + ":"
                + String.join(",", users);
        return new ArchiveItem(TwitterArchiveReader.SOURCE, "DirectMessage", connectorId, c.id(), c.title(), type(c),
                itemId, 1, sender, others(c, sender), time, kind + " in " + c.title(), body, Set.of(), List.of(),
                Digests.ofRaw(raw.toString()), ref + "/" + kind);
    }

    private List<Participant> others(Conversation c, Participant sender) {
        List<Participant> out = new ArrayList<>();
        for (String p : c.people()) {
            TwitterOwner.addRecipient(out, sender, TwitterOwner.user(owner, p, null));
        }
        if (out.isEmpty()) {
            out.add(new Participant(c.title(), null, null, TwitterOwner.HANDLE_PREFIX + "conversation/" + c.id()));
        }
        return out;
    }

    private static ConversationType type(Conversation c) {
        return c.group() ? ConversationType.GROUP : ConversationType.DIRECT;
    }

    private static Instant time(JsonNode node, String what) {
        String s = JsonText.of(node, "createdAt");
        if (s == null) {
            throw new IllegalArgumentException(what + " has no createdAt");
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(what + " has an invalid createdAt " + JsonText.quoted(s)
                    + " (expected ISO 8601 like 2026-01-25T19:33:24.183Z)");
        }
    }

    /** One {@code editHistory[]} entry written out: its text and time when it has them, else its JSON. */
    private static String describe(JsonNode h) {
        if (!h.isObject()) {
            return h.isTextual() ? h.asText() : h.toString();
        }
        String text = null;
        for (String f : List.of("text", "editedText", "previousText", "originalText")) {
            if (h.hasNonNull(f) && h.get(f).isTextual()) {
                text = h.get(f).asText();
                break;
            }
        }
        String at = JsonText.of(h, "createdAt") != null ? JsonText.of(h, "createdAt") : JsonText.of(h, "editedAt");
        return text == null ? h.toString() : (at == null ? "" : at + ": ") + text;
    }

    private static String handles(List<String> ids) {
        if (ids.isEmpty()) {
            return "(nobody listed)";
        }
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            out.add(TwitterOwner.HANDLE_PREFIX + id);
        }
        return String.join(", ", out);
    }
}

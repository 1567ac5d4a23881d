package io.conduit.source.signal;

import io.conduit.source.support.Digests;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.SourceSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.conduit.source.signal.SignalParties.text;

/**
 * Turns one signal-cli JSON line ({@code {"envelope":{...},"account":"+44..."}}) into an {@link ArchiveItem}, a
 * {@link RejectedRecord} or a {@link Skipped} marker, following signal-cli's {@code JsonMessageEnvelope},
 * {@code JsonDataMessage}, {@code JsonSyncMessage}/{@code JsonSyncDataMessage}, {@code JsonEditMessage},
 * {@code JsonRemoteDelete}, {@code JsonReaction}, {@code JsonGroupInfo} and {@code JsonAttachment}.
 */
final class EnvelopeMapper {

    /** An envelope that is deliberately not archived (receipt, typing indicator, ...), with its kind for counting. */
    record Skipped(String kind) {
    }

    /** Who and where: the conversation, the sender and the recipients of one message. */
    private record Parties(String conversationId, String conversationName, ConversationType type,
                           Participant sender, List<Participant> recipients, String authorId) {
    }

    private final SourceSettings settings;
    private final SignalAttachments attachments;

    EnvelopeMapper(SourceSettings settings, SignalAttachments attachments) {
        this.settings = settings;
        this.attachments = attachments;
    }

    /**
     * Maps a parsed line.
     *
     * @param root the parsed JSON line; a JSON-RPC {@code receive} notification or its {@code params} is unwrapped
     * @param raw  the line as read, for the source hash and rejected records
     * @param ref  {@code file:line}
     * @return an {@link ArchiveItem}, a {@link RejectedRecord} or a {@link Skipped}
     */
    Object map(JsonNode root, String raw, String ref) {
        JsonNode line = unwrap(root);
        JsonNode env = line.path("envelope");
        if (!env.isObject()) {
            return reject(ref, "valid JSON but not a signal-cli envelope line (no \"envelope\" object)", raw);
        }
        if (line.hasNonNull("exception")) {
            return reject(ref, "signal-cli could not read this message (exception "
                    + Escapes.of(text(line.get("exception"), "type")) + "); the message is not in the line", raw);
        }
        String sha = Digests.ofRaw(raw);
        String account = text(line, "account") != null ? text(line, "account") : settings.owner();
        try {
            if (env.path("dataMessage").isObject()) {
                return fromData(env, env.get("dataMessage"), account, false, raw, ref, sha);
            }
            if (env.path("editMessage").isObject()) {
                return fromEdit(env, env.get("editMessage"), null, account, raw, ref, sha);
            }
            JsonNode sync = env.path("syncMessage");
            if (sync.isObject()) {
                JsonNode sent = sync.path("sentMessage");
                if (!sent.isObject()) {
                    return new Skipped(sync.has("readMessages") ? "syncRead" : "syncOther");
                }
                if (sent.path("editMessage").isObject()) {
                    return fromEdit(env, sent.get("editMessage"), sent, account, raw, ref, sha);
                }
                return fromData(env, sent, account, true, raw, ref, sha);
            }
            for (String kind : List.of("receiptMessage", "typingMessage", "callMessage", "storyMessage")) {
                if (env.hasNonNull(kind)) {
                    return new Skipped(kind.replace("Message", ""));
                }
            }
            return reject(ref, "envelope carries no content this reader knows (no dataMessage, editMessage,"
                    + " syncMessage, receiptMessage, typingMessage, callMessage or storyMessage)", raw);
        } catch (Invalid e) {
            return reject(ref, e.getMessage(), raw);
        }
    }

    private Object fromData(JsonNode env, JsonNode data, String account, boolean sync, String raw, String ref,
                            String sha) {
        Parties p = parties(env, data, sync ? data : null, account);
        long sent = data.path("timestamp").asLong(0);
        Instant ts = timestamp(sent, env);
        JsonNode remoteDelete = data.path("remoteDelete");
        if (remoteDelete.isObject()) {
            long target = remoteDelete.path("timestamp").asLong(0);
            String body = "The sender deleted their message sent at " + instant(target) + " (timestamp " + target
                    + ").";
            return item("Message", p, p.authorId + ":" + target, laterVersion(sent, target), ts, body,
                    EnumSet.of(ItemEvent.DELETED), List.of(), sha, ref);
        }
        JsonNode reaction = data.path("reaction");
        if (reaction.isObject()) {
            return item("Message", p, p.authorId + ":" + ts.toEpochMilli(), 1, ts, reactionBody(reaction),
                    EnumSet.noneOf(ItemEvent.class), List.of(), sha, ref);
        }
        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        List<Attachment> files = new ArrayList<>();
        String body = body(data, events, files);
        String event = "Message";
        if (body.isEmpty() && files.isEmpty()) {
            String system = systemText(data);
            if (system == null) {
                return new Skipped("emptyData");
            }
            event = ArchiveItem.SYSTEM_EVENT;
            body = system;
        }
        return item(event, p, p.authorId + ":" + ts.toEpochMilli(), 1, ts, body, events, files, sha, ref);
    }

    private Object fromEdit(JsonNode env, JsonNode edit, JsonNode sent, String account, String raw, String ref,
                            String sha) {
        JsonNode data = edit.path("dataMessage");
        long target = edit.path("targetSentTimestamp").asLong(0);
        if (!data.isObject() || target <= 0) {
            throw new Invalid("editMessage without dataMessage or targetSentTimestamp");
        }
        Parties p = parties(env, data, sent, account);
        long editedAt = data.path("timestamp").asLong(0);
        Instant ts = timestamp(editedAt, env);
        Set<ItemEvent> events = EnumSet.of(ItemEvent.EDITED);
        List<Attachment> files = new ArrayList<>();
        String text = body(data, events, files);
        String body = "The sender edited their message sent at " + instant(target) + " (timestamp " + target
                + "). New text:\n" + text;
        return item("Message", p, p.authorId + ":" + target, laterVersion(ts.toEpochMilli(), target), ts, body,
                events, files, sha, ref);
    }

    private ArchiveItem item(String event, Parties p, String itemId, int version, Instant ts, String body,
                             Set<ItemEvent> events, List<Attachment> files, String sha, String ref) {
        return new ArchiveItem(SignalJsonReader.SOURCE, event, settings.connectorId(), p.conversationId,
                p.conversationName, p.type, itemId, version, p.sender, p.recipients, ts, null, body, events, files,
                sha, ref);
    }

    /**
     * Sender, recipients and conversation. {@code sent} is the sync {@code sentMessage} (the account wrote it on
     * another device) or {@code null} for an incoming message.
     */
    private Parties parties(JsonNode env, JsonNode data, JsonNode sent, String account) {
        String number = text(env, "sourceNumber");
        String uuid = text(env, "sourceUuid");
        String legacy = text(env, "source");
        String name = text(env, "sourceName");
        String region = settings.defaultRegion();
        Participant sender;
        Participant owner;
        if (sent != null) {
            owner = SignalParties.owner(account != null ? account : number, name, uuid, region);
            sender = owner;
        } else {
            owner = SignalParties.owner(account, null, null, region);
            sender = SignalParties.party(name, number, uuid, legacy, region);
        }
        String authorId = SignalParties.authorId(number, uuid, legacy);
        if (sender == null || authorId == null && sent == null) {
            throw new Invalid("envelope names no sender (no sourceNumber, sourceUuid or source)");
        }
        if (authorId == null) {
            authorId = account;
        }
        JsonNode group = data.path("groupInfo");
        String groupId = text(group, "groupId");
        if (groupId != null) {
            String conversationId = "group:" + groupId;
            String groupName = text(group, "groupName");
            List<Participant> to = new ArrayList<>();
            if (sent != null) {
                to.add(new Participant(groupName, null, null, "signal-group:" + groupId));
            } else if (owner != null) {
                to.add(owner);
            }
            return new Parties(conversationId, groupName != null ? groupName : conversationId,
                    ConversationType.GROUP, sender, to, authorId);
        }
        Participant other;
        String otherId;
        if (sent != null) {
            String dNumber = text(sent, "destinationNumber");
            String dUuid = text(sent, "destinationUuid");
            String dLegacy = text(sent, "destination");
            other = SignalParties.party(null, dNumber, dUuid, dLegacy, region);
            otherId = dNumber != null ? dNumber : dUuid != null ? dUuid : dLegacy;
            if (other == null) {
                throw new Invalid("sent message names neither a destination nor a group");
            }
        } else {
            other = sender;
            otherId = number != null ? number : uuid != null ? uuid : legacy;
        }
        List<Participant> to = sent != null ? List.of(other) : owner == null ? List.of() : List.of(owner);
        return new Parties(otherId, other.displayName() != null ? other.displayName() : otherId,
                ConversationType.DIRECT, sender, to, authorId);
    }

    /** The message text followed by quote, mentions, stickers and notes for attachments that are not carried. */
    private String body(JsonNode data, Set<ItemEvent> events, List<Attachment> files) {
        StringBuilder sb = new StringBuilder();
        JsonNode quote = data.path("quote");
        if (quote.isObject()) {
            String author = firstNonNull(text(quote, "authorNumber"), text(quote, "authorUuid"),
                    text(quote, "author"));
            long id = quote.path("id").asLong(0);
            sb.append("[in reply to ").append(author == null ? "unknown" : author).append(", message sent at ")
                    .append(instant(id)).append(" (timestamp ").append(id).append(")");
            String quoted = text(quote, "text");
            if (quoted != null) {
                sb.append(": ").append(quoted.replace('\n', ' '));
            }
            sb.append("]\n");
        }
        String message = data.hasNonNull("message") ? data.get("message").asText() : null;
        if (message != null) {
            sb.append(message);
        }
        for (JsonNode mention : data.path("mentions")) {
            String who = firstNonNull(text(mention, "name"), text(mention, "number"), text(mention, "uuid"));
            line(sb, "[mention: " + (who == null ? "unknown" : who) + "]");
        }
        if (data.path("sticker").isObject()) {
            line(sb, "[sticker " + Escapes.of(text(data.get("sticker"), "emoji")) + "]");
        }
        if (data.path("contacts").isArray() && !data.get("contacts").isEmpty()) {
            line(sb, "[shared contacts: " + data.get("contacts").size() + "]");
        }
        if (data.path("viewOnce").asBoolean(false)) {
            line(sb, "[view-once message]");
        }
        for (JsonNode a : data.path("attachments")) {
            SignalAttachments.Resolved r = attachments.resolve(a);
            if (r.attachment() != null) {
                files.add(r.attachment());
            } else {
                line(sb, r.note());
                events.add(ItemEvent.MEDIA_OMITTED);
            }
        }
        int expires = data.path("expiresInSeconds").asInt(0);
        if (expires > 0 && !sb.isEmpty()) {
            line(sb, "[disappearing message: expires " + expires + " seconds after reading]");
        }
        return sb.toString();
    }

    /** The text of a content-free data message that is still a conversation event, or {@code null}. */
    private static String systemText(JsonNode data) {
        if (data.path("isExpirationUpdate").asBoolean(false)) {
            int s = data.path("expiresInSeconds").asInt(0);
            return s > 0 ? "Disappearing messages timer set to " + s + " seconds." : "Disappearing messages turned off.";
        }
        JsonNode group = data.path("groupInfo");
        if ("UPDATE".equals(text(group, "type"))) {
            return "Group updated (revision " + group.path("revision").asInt(0) + ").";
        }
        return null;
    }

    private static String reactionBody(JsonNode reaction) {
        String emoji = text(reaction, "emoji");
        String author = firstNonNull(text(reaction, "targetAuthorNumber"), text(reaction, "targetAuthorUuid"),
                text(reaction, "targetAuthor"));
        long target = reaction.path("targetSentTimestamp").asLong(0);
        String verb = reaction.path("isRemove").asBoolean(false) ? "Removed the reaction " : "Reacted ";
        return verb + (emoji == null ? "(no emoji)" : emoji) + " to the message of "
                + (author == null ? "unknown" : author) + " sent at " + instant(target) + " (timestamp " + target
                + ").";
    }

    /**
     * The version of an edit or deletion of the message sent at {@code target}: 1 + the milliseconds between the
     * original and the change (at least 2), so that every later change counts higher and the same change gets the
     * same version in every poll and spool file.
     */
    static int laterVersion(long changedAt, long target) {
        long delta = changedAt - target;
        return (int) Math.max(2, Math.min(Integer.MAX_VALUE, delta + 1));
    }

    private static Instant timestamp(long sent, JsonNode env) {
        long ms = sent > 0 ? sent : env.path("timestamp").asLong(0);
        if (ms <= 0) {
            throw new Invalid("no timestamp in the message or the envelope");
        }
        return Instant.ofEpochMilli(ms);
    }

    private static JsonNode unwrap(JsonNode root) {
        JsonNode n = root;
        if (n.isObject() && "receive".equals(text(n, "method")) && n.path("params").isObject()) {
            n = n.get("params");
        }
        if (n.isObject() && n.has("subscription") && n.path("result").isObject()) {
            n = n.get("result");
        }
        return n;
    }

    private RejectedRecord reject(String ref, String reason, String raw) {
        String capped = raw.length() > SignalJsonRecords.MAX_RAW_CHARS
                ? raw.substring(0, SignalJsonRecords.MAX_RAW_CHARS) : raw;
        return new RejectedRecord(SignalJsonReader.SOURCE, settings.connectorId(), ref, ref + ": " + reason, capped);
    }

    private static String instant(long ms) {
        return ms > 0 ? Instant.ofEpochMilli(ms).toString() : "unknown time";
    }

    private static void line(StringBuilder sb, String s) {
        if (!sb.isEmpty()) {
            sb.append('\n');
        }
        sb.append(s);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** A line that is an envelope but cannot become an item; its message is the reason. */
    private static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}

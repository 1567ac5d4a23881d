package io.conduit.source.slack;

import static io.conduit.source.slack.SlackJson.text;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.ArchiveItem;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.support.Digests;
import io.conduit.source.support.SafeZip;

/**
 * Turns one message object of a Slack day file into an {@link ArchiveItem} or a {@link RejectedRecord}, following
 * Slack's message event reference (https://docs.slack.dev/reference/events/message): {@code ts}, {@code user},
 * {@code text}, {@code subtype}, {@code thread_ts}/{@code parent_user_id}/{@code reply_count}/{@code latest_reply},
 * {@code edited} ({@code user}, {@code ts}), {@code files} ({@code name}, {@code size}, {@code mimetype},
 * {@code url_private}), {@code reactions} ({@code name}, {@code count}, {@code users}), {@code attachments},
 * {@code bot_id}/{@code username}/{@code bot_profile}, and the {@code message_changed}/{@code message_deleted}
 * wrappers.
 *
 * <p>Message class {@code IPM.NOTE.Slack.Message} for messages (no subtype, or one of {@link #MESSAGE_SUBTYPES}),
 * {@code IPM.NOTE.Slack.SystemEvent} for every other subtype ({@code channel_join}, {@code channel_topic},
 * {@code pinned_item}, ...), the subtype named in the body. Not thread-safe.
 */
final class SlackMessageMapper {

    /** Subtypes that are messages someone wrote (or a marker of one); every other subtype is a system event. */
    static final Set<String> MESSAGE_SUBTYPES = Set.of("bot_message", "file_share", "thread_broadcast", "me_message",
            "tombstone", "message_changed", "message_deleted", "slackbot_response", "reply_broadcast");
    /** Version of a deleted message (tombstone or {@code message_deleted}): a deletion is its last state. */
    static final int DELETED_VERSION = Integer.MAX_VALUE;
    /** Slack's own user id, the author of tombstones. */
    static final String SLACKBOT = "USLACKBOT";

    private static final Pattern USER_MENTION = Pattern.compile("<@([UWB][A-Z0-9]+)(?:\\|([^>]*))?>");
    private static final Pattern CHANNEL_MENTION = Pattern.compile("<#([CG][A-Z0-9]+)(?:\\|([^>]*))?>");
    private static final Pattern SPECIAL_MENTION = Pattern.compile("<!(here|channel|everyone)(?:\\|[^>]*)?>");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final SlackWorkspace workspace;
    private final String connectorId;
    private final Map<String, Participant> people = new HashMap<>();
    private final Map<String, String> conversationNames = new HashMap<>();

    SlackMessageMapper(SlackWorkspace workspace, String connectorId) {
        this.workspace = workspace;
        this.connectorId = connectorId;
    }

    /**
     * Maps one message object.
     *
     * @param msg          the message object from a day file
     * @param conversation the conversation of the day file's folder
     * @param raw          the message as Jackson writes it, for the source hash and a rejected record
     * @param ref          {@code <zip>!<folder>/<day>.json[<index>]}
     * @return an {@link ArchiveItem}, or a {@link RejectedRecord} whose reason starts with {@code ref}
     */
    Object map(JsonNode msg, SlackConversation conversation, String raw, String ref) {
        String sha = Digests.ofRaw(raw);
        String tsText = text(msg, "ts");
        Instant ts = SlackJson.ts(tsText);
        if (ts == null) {
            return reject(ref, tsText == null ? "message without a ts"
                    : "ts " + SafeZip.quoted(tsText) + " is not a Slack timestamp (seconds.microseconds since the epoch)",
                    raw);
        }
        String subtype = text(msg, "subtype");
        if ("message_deleted".equals(subtype)) {
            return deletion(msg, conversation, ts, sha, ref, raw);
        }
        JsonNode m = msg;
        Instant changedAt = null;
        if ("message_changed".equals(subtype)) {
            m = msg.path("message");
            tsText = text(m, "ts");
            changedAt = ts;
            ts = SlackJson.ts(tsText);
            if (!m.isObject() || ts == null) {
                return reject(ref, "message_changed without a \"message\" object that has a ts", raw);
            }
            subtype = text(m, "subtype");
        }
        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        Participant sender = sender(m, conversation);
        StringBuilder body = new StringBuilder();
        int version = 1;
        String threadTs = text(m, "thread_ts");
        if (threadTs != null && !threadTs.equals(tsText)) {
            String parent = text(m, "parent_user_id");
            line(body, "[reply in the thread of " + (parent == null ? "an unknown sender" : name(parent))
                    + "'s message sent at " + instant(threadTs) + " (thread_ts " + threadTs + ")]");
        }
        boolean message = subtype == null || MESSAGE_SUBTYPES.contains(subtype);
        if (!message) {
            line(body, "[Slack event: " + subtype + "]");
        }
        if ("tombstone".equals(subtype)) {
            events.add(ItemEvent.DELETED);
            version = DELETED_VERSION;
        }
        if ("thread_broadcast".equals(subtype) || "reply_broadcast".equals(subtype)) {
            line(body, "[reply also sent to the conversation]");
        }
        JsonNode textNode = m.get("text");
        if (textNode != null && textNode.isValueNode() && !textNode.isNull() && !textNode.asText().isEmpty()) {
            line(body, mentions(textNode.asText()));
        }
        attachments(m, body);
        files(m, body, events);
        if (threadTs != null && threadTs.equals(tsText) && m.path("reply_count").asInt(0) > 0) {
            String latest = text(m, "latest_reply");
            line(body, "[thread: " + m.path("reply_count").asInt() + " replies"
                    + (latest == null ? "" : ", the last at " + instant(latest)) + "]");
        }
        reactions(m, body);
        JsonNode edited = m.path("edited");
        if (edited.isObject() || changedAt != null) {
            events.add(ItemEvent.EDITED);
            Instant editedAt = SlackJson.ts(text(edited, "ts"));
            if (editedAt == null) {
                editedAt = changedAt;
            }
            String editor = text(edited, "user");
            line(body, "[edited" + (editor == null ? "" : " by " + name(editor))
                    + (editedAt == null ? "" : " at " + editedAt) + "]");
            if (version != DELETED_VERSION) {
                version = editedAt == null ? 2 : laterVersion(editedAt, ts);
            }
        }
        String subject = null;
        if (conversation.kind().type == io.conduit.model.ConversationType.CHANNEL) {
            subject = "[" + SlackExportReader.SOURCE + "] #" + conversation.name()
                    + (conversation.kind() == SlackConversation.Kind.PRIVATE_CHANNEL ? " (private)" : "")
                    + " \u2014 " + DAY.format(ts);
        }
        return new ArchiveItem(SlackExportReader.SOURCE, message ? "Message" : ArchiveItem.SYSTEM_EVENT, connectorId,
                conversation.id(), conversationName(conversation), conversation.kind().type,
                conversation.id() + ":" + tsText, version, sender, recipients(conversation, sender), ts, subject,
                body.toString(), events, List.of(), sha, ref)
                .withInReplyTo(threadTs != null && !threadTs.equals(tsText) ? conversation.id() + ":" + threadTs : null);
    }

    /** A {@code message_deleted} event: a deletion marker for the message at {@code deleted_ts}. */
    private Object deletion(JsonNode msg, SlackConversation conversation, Instant ts, String sha, String ref,
                            String raw) {
        String deletedTs = text(msg, "deleted_ts");
        Instant deleted = SlackJson.ts(deletedTs);
        if (deleted == null) {
            return reject(ref, "message_deleted without a valid deleted_ts", raw);
        }
        JsonNode previous = msg.path("previous_message");
        Participant sender = previous.isObject() ? sender(previous, conversation) : conversationParty(conversation);
        StringBuilder body = new StringBuilder("The message sent at " + deleted + " (ts " + deletedTs
                + ") was deleted at " + ts + ".");
        JsonNode text = previous.get("text");
        if (text != null && text.isValueNode() && !text.asText().isEmpty()) {
            line(body, "Deleted text: " + mentions(text.asText()));
        }
        return new ArchiveItem(SlackExportReader.SOURCE, "Message", connectorId, conversation.id(),
                conversationName(conversation), conversation.kind().type, conversation.id() + ":" + deletedTs,
                DELETED_VERSION, sender, recipients(conversation, sender), deleted, null, body.toString(),
                EnumSet.of(ItemEvent.DELETED), List.of(), sha, ref);
    }

    /** The author: the {@code user}, else the bot ({@code bot_id}, {@code username}), else the conversation. */
    private Participant sender(JsonNode m, SlackConversation conversation) {
        String user = text(m, "user");
        if (user != null) {
            return person(user, m.path("user_profile"));
        }
        String bot = text(m, "bot_id");
        String username = text(m, "username");
        String botName = username != null ? username : text(m.path("bot_profile"), "name");
        if (bot != null) {
            return new Participant(botName, null, null, SlackUser.HANDLE_PREFIX + bot);
        }
        if (botName != null) {
            return new Participant(botName, null, null, null);
        }
        return conversationParty(conversation);
    }

    /** The members other than the sender; the conversation itself when there is no other member. */
    private List<Participant> recipients(SlackConversation conversation, Participant sender) {
        List<Participant> to = new ArrayList<>(conversation.members().size());
        for (String id : conversation.members()) {
            Participant p = person(id, null);
            if (!p.sameAs(sender)) {
                to.add(p);
            }
        }
        if (to.isEmpty()) {
            to.add(conversationParty(conversation));
        }
        return to;
    }

    /** A user by id: from the users file, else from the message's {@code user_profile}, else the bare id. */
    private Participant person(String id, JsonNode profile) {
        Participant known = people.get(id);
        if (known != null) {
            return known;
        }
        SlackUser user = workspace.user(id);
        Participant p;
        if (user != null) {
            p = user.participant();
        } else {
            String name = SLACKBOT.equals(id) ? "Slackbot" : null;
            for (String field : List.of("real_name", "display_name", "name")) {
                if (name == null) {
                    name = text(profile, field);
                }
            }
            p = new Participant(name, null, null, SlackUser.HANDLE_PREFIX + id);
            if (profile != null && !profile.isMissingNode()) {
                return p; // not cached: another message may carry a better profile
            }
        }
        people.put(id, p);
        return p;
    }

    private String name(String userId) {
        Participant p = person(userId, null);
        return p.displayName() != null ? p.displayName() + " (" + userId + ")" : userId;
    }

    private Participant conversationParty(SlackConversation conversation) {
        String name = conversation.kind().type == io.conduit.model.ConversationType.CHANNEL
                ? "#" + conversation.name() : conversationName(conversation);
        return new Participant(name, null, null, "slack-conversation:" + conversation.id());
    }

    /** Channel name for channels; the members' names for DMs and MPIMs (the index name when none is known). */
    private String conversationName(SlackConversation conversation) {
        return conversationNames.computeIfAbsent(conversation.id(), id -> {
            if (conversation.kind().type == io.conduit.model.ConversationType.CHANNEL
                    || conversation.members().isEmpty()) {
                return conversation.name();
            }
            List<String> names = new ArrayList<>();
            for (String member : conversation.members()) {
                Participant p = person(member, null);
                names.add(p.displayName() != null ? p.displayName() : member);
            }
            return String.join(", ", names);
        });
    }

    /** Legacy message attachments (link unfurls, bot cards): title or fallback, and link. */
    private static void attachments(JsonNode m, StringBuilder body) {
        for (JsonNode a : m.path("attachments")) {
            String title = text(a, "title");
            String what = title != null ? title : text(a, "fallback");
            String link = text(a, "title_link") != null ? text(a, "title_link") : text(a, "from_url");
            String detail = text(a, "text");
            line(body, "[attachment: " + (what == null ? "(untitled)" : what) + (link == null ? "" : " <" + link + ">")
                    + "]" + (detail == null || detail.equals(what) ? "" : "\n" + detail));
        }
    }

    /** Files as links with name, size and type (the export does not contain them). */
    private static void files(JsonNode m, StringBuilder body, Set<ItemEvent> events) {
        for (JsonNode f : m.path("files")) {
            String name = text(f, "name") != null ? text(f, "name") : text(f, "title") != null ? text(f, "title")
                    : text(f, "id");
            String mode = text(f, "mode");
            if ("tombstone".equals(mode) || "hidden_by_limit".equals(mode)) {
                line(body, "[file " + (name == null ? "" : name + " ") + "not available (" + mode + ")]");
            } else {
                String url = text(f, "url_private") != null ? text(f, "url_private") : text(f, "permalink");
                long size = f.path("size").asLong(-1);
                String type = text(f, "mimetype");
                line(body, "[file: " + (name == null ? "(unnamed)" : name) + " ("
                        + (size >= 0 ? size + " bytes" : "size unknown") + (type == null ? "" : ", " + type) + ")"
                        + (url == null ? "" : " <" + url + ">") + "]");
            }
            events.add(ItemEvent.MEDIA_OMITTED);
        }
    }

    private void reactions(JsonNode m, StringBuilder body) {
        for (JsonNode r : m.path("reactions")) {
            List<String> who = new ArrayList<>();
            for (JsonNode u : r.path("users")) {
                if (u.isTextual()) {
                    who.add(name(u.asText()));
                }
            }
            int count = r.path("count").asInt(who.size());
            String emoji = text(r, "name");
            line(body, "[reaction :" + (emoji == null ? "?" : emoji) + ": \u00d7 " + count
                    + (who.isEmpty() ? "" : " by " + String.join(", ", who)) + "]");
        }
    }

    /** Slack mrkdwn mentions written out: {@code <@U123>} as {@code @Name}, {@code <#C1|general>} as {@code #general}. */
    private String mentions(String text) {
        if (text.indexOf('<') < 0) {
            return text;
        }
        Matcher users = USER_MENTION.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (users.find()) {
            Participant p = person(users.group(1), null);
            String label = p.displayName() != null ? p.displayName() : users.group(2) != null ? users.group(2)
                    : users.group(1);
            users.appendReplacement(sb, Matcher.quoteReplacement("@" + label));
        }
        users.appendTail(sb);
        String out = CHANNEL_MENTION.matcher(sb).replaceAll(r -> Matcher.quoteReplacement(
                "#" + (r.group(2) != null && !r.group(2).isEmpty() ? r.group(2) : r.group(1))));
        return SPECIAL_MENTION.matcher(out).replaceAll("@$1");
    }

    /**
     * The version of a message edited at {@code editedAt}: 1 + the milliseconds from sending to the edit (at least
     * 2), so that a later edit in a later export is a new version and the same edit is the same version.
     */
    static int laterVersion(Instant editedAt, Instant sent) {
        long delta = editedAt.toEpochMilli() - sent.toEpochMilli();
        return (int) Math.max(2, Math.min(DELETED_VERSION - 1L, delta + 1));
    }

    private static String instant(String ts) {
        Instant i = SlackJson.ts(ts);
        return i == null ? "unknown time" : i.toString();
    }

    private static void line(StringBuilder sb, String s) {
        if (!sb.isEmpty()) {
            sb.append('\n');
        }
        sb.append(s);
    }

    private RejectedRecord reject(String ref, String reason, String raw) {
        return new RejectedRecord(SlackExportReader.SOURCE, connectorId, ref, ref + ": " + reason,
                SlackExportRecords.cap(raw));
    }
}

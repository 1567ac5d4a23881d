package io.conduit.source.liveperson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.support.Digests;
import io.conduit.source.SourceSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Turns one {@code conversationHistoryRecords[]} element into archive items: one {@code Message} per message record
 * (ordered by {@code seq}), then one {@code SystemEvent} per agent join, agent leave and transfer (by time), then the
 * close, then the conversation-level records ({@link ConversationRecordItems}: the conversation record with the close
 * reason, the summary, each survey, each engagement attribute event). Message items depend only on their own record
 * and the participants, never on the conversation's status.
 *
 * <p>Format: LivePerson Messaging Interactions API, conversations/search response.
 */
final class ConversationItems {

    /** Most raw JSON copied into a {@link RejectedRecord}, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    private final ObjectMapper json;
    private final SourceSettings settings;
    private final String sourceName;
    private final HostedFileFetcher fetcher;

    ConversationItems(ObjectMapper json, SourceSettings settings, String sourceName, HostedFileFetcher fetcher) {
        this.json = json;
        this.settings = settings;
        this.sourceName = sourceName;
        this.fetcher = fetcher;
    }

    /**
     * The records of one conversation.
     *
     * @param record the conversation record
     * @param index  its position in {@code conversationHistoryRecords[]}, for references
     * @return {@link ArchiveItem}s and {@link RejectedRecord}s
     */
    List<Object> records(JsonNode record, int index) {
        List<Object> out = new ArrayList<>();
        JsonNode info = JsonValues.container(record, "info");
        String conversationId = JsonValues.text(info, "conversationId");
        if (!record.isObject() || conversationId == null) {
            String ref = sourceName + "#conversationHistoryRecords[" + index + "]";
            out.add(reject(ref, "conversation record " + index + " has no info.conversationId", record));
            return out;
        }
        Conversation c = new Conversation(conversationId,
                new ConversationPeople(record, conversationId, settings.defaultRegion()));
        List<JsonNode> messages = ConversationPeople.array(record, "messageRecords");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> {
            Long seq = JsonValues.integer(messages.get(i), "seq");
            return seq == null ? Long.MAX_VALUE : seq;
        }));
        for (int i : order) {
            out.add(message(c, messages.get(i), i));
        }
        List<Object> events = new ArrayList<>();
        for (JsonNode a : ConversationPeople.array(record, "agentParticipants")) {
            events.add(agentEvent(c, a, "joined", "agent-join:"));
        }
        for (JsonNode a : ConversationPeople.array(record, "agentParticipantsLeave")) {
            events.add(agentEvent(c, a, "left", "agent-leave:"));
        }
        List<JsonNode> transfers = ConversationPeople.array(record, "transfers");
        for (int i = 0; i < transfers.size(); i++) {
            events.add(transfer(c, transfers.get(i), i));
        }
        events.sort(Comparator.comparing(o -> o instanceof ArchiveItem item ? item.timestamp() : Instant.MAX));
        out.addAll(events);
        Object close = close(c, info);
        if (close != null) {
            out.add(close);
        }
        boolean closed = JsonValues.epochMillis(info, "endTimeL") != null
                || "CLOSE".equalsIgnoreCase(JsonValues.text(info, "status"));
        for (ConversationRecordItems.Entry e : ConversationRecordItems.of(record, closed)) {
            out.add(systemEvent(c, e.itemId(), e.version(), e.time(), e.body(), e.raw(),
                    sourceName + "#" + c.id + "/" + e.itemId()));
        }
        return out;
    }

    private Object message(Conversation c, JsonNode m, int index) {
        String messageId = JsonValues.text(m, "messageId");
        String ref = sourceName + "#" + c.id + "/" + (messageId != null ? messageId : "messageRecords[" + index + "]");
        if (messageId == null) {
            return reject(ref, "message record " + index + " of conversation " + c.id + " has no messageId", m);
        }
        Long time = JsonValues.epochMillis(m, "timeL");
        if (time == null) {
            return reject(ref, "message record " + index + " (" + messageId + ") of conversation " + c.id
                    + " has no valid timeL", m);
        }
        String participantId = JsonValues.text(m, "participantId");
        Participant sender = participantId != null
                ? c.people.sender(JsonValues.text(m, "sentBy"), participantId)
                : c.people.conversation();
        MessageContent content = MessageContent.of(m, fetcher);
        List<Participant> recipients = participantId != null ? c.people.except(sender) : c.people.all();
        return new ArchiveItem(LivePersonConversationsReader.SOURCE, "Message", settings.connectorId(), c.id, c.id,
                c.people.type(), messageId, 1, sender, recipients, Instant.ofEpochMilli(time), null, content.body(),
                content.events(), content.attachments(), sha256(m), ref);
    }

    private Object agentEvent(Conversation c, JsonNode a, String verb, String idPrefix) {
        String agentId = JsonValues.text(a, "agentId");
        Long time = JsonValues.epochMillis(a, "timeL");
        String itemId = idPrefix + agentId + ":" + time;
        String ref = sourceName + "#" + c.id + "/" + itemId;
        Participant agent = ConversationPeople.agent(a);
        if (agent == null || time == null) {
            return reject(ref, "agent participant record of conversation " + c.id
                    + " has no agentId or no valid timeL", a);
        }
        StringBuilder body = new StringBuilder("Agent ").append(agent.displayName())
                .append(" (").append(agent.describe()).append(") ").append(verb).append(" the conversation");
        appendIf(body, "role", JsonValues.text(a, "role"));
        appendIf(body, "permission", JsonValues.text(a, "permission"));
        appendIf(body, "user type", JsonValues.text(a, "userTypeName"));
        return systemEvent(c, itemId, time, body.toString(), a, ref);
    }

    private Object transfer(Conversation c, JsonNode t, int index) {
        Long time = JsonValues.epochMillis(t, "timeL");
        String itemId = "transfer:" + time + ":" + index;
        String ref = sourceName + "#" + c.id + "/" + itemId;
        if (time == null) {
            return reject(ref, "transfer record " + index + " of conversation " + c.id + " has no valid timeL", t);
        }
        StringBuilder body = new StringBuilder("Conversation transferred");
        String from = agentName(JsonValues.text(t, "sourceAgentId"), JsonValues.text(t, "sourceAgentFullName"),
                JsonValues.text(t, "sourceAgentLoginName"));
        String to = agentName(JsonValues.text(t, "assignedAgentId"), JsonValues.text(t, "assignedAgentFullName"),
                JsonValues.text(t, "assignedAgentLoginName"));
        if (from != null) {
            body.append(" from agent ").append(from);
        }
        String sourceSkill = JsonValues.text(t, "sourceSkillName");
        if (sourceSkill != null) {
            body.append(" (skill ").append(sourceSkill).append(')');
        }
        if (to != null) {
            body.append(" to agent ").append(to);
        }
        String targetSkill = JsonValues.text(t, "targetSkillName");
        if (targetSkill != null) {
            body.append(to != null ? " (skill " : " to skill ").append(targetSkill).append(to != null ? ")" : "");
        }
        appendIf(body, "reason", JsonValues.text(t, "reason"));
        appendIf(body, "by", JsonValues.text(t, "by"));
        return systemEvent(c, itemId, time, body.toString(), t, ref);
    }

    private Object close(Conversation c, JsonNode info) {
        Long end = JsonValues.epochMillis(info, "endTimeL");
        String status = JsonValues.text(info, "status");
        boolean closed = end != null || "CLOSE".equalsIgnoreCase(status);
        if (!closed) {
            return null;
        }
        String ref = sourceName + "#" + c.id + "/close";
        if (end == null) {
            return reject(ref, "conversation " + c.id + " is closed but has no valid info.endTimeL", info);
        }
        StringBuilder body = new StringBuilder("Conversation closed");
        appendIf(body, "reason", JsonValues.text(info, "closeReason"));
        appendIf(body, "description", JsonValues.text(info, "closeReasonDescription"));
        return systemEvent(c, "close", end, body.toString(), info, ref);
    }

    private ArchiveItem systemEvent(Conversation c, String itemId, long time, String body, JsonNode raw, String ref) {
        return systemEvent(c, itemId, 1, time, body, raw, ref);
    }

    private ArchiveItem systemEvent(Conversation c, String itemId, int version, long time, String body, JsonNode raw,
                                    String ref) {
        return new ArchiveItem(LivePersonConversationsReader.SOURCE, ArchiveItem.SYSTEM_EVENT, settings.connectorId(),
                c.id, c.id, c.people.type(), itemId, version, c.people.conversation(), c.people.all(),
                Instant.ofEpochMilli(time), null, body, Set.of(), List.of(), sha256(raw), ref);
    }

    private static String agentName(String id, String fullName, String login) {
        if (id == null && fullName == null && login == null) {
            return null;
        }
        String name = fullName != null ? fullName : login != null ? login : ConversationPeople.AGENT_PREFIX + id;
        return id != null && !name.endsWith(id) ? name + " (" + ConversationPeople.AGENT_PREFIX + id + ")" : name;
    }

    private static void appendIf(StringBuilder sb, String label, String value) {
        if (value != null) {
            sb.append(", ").append(label).append(": ").append(value);
        }
    }

    private RejectedRecord reject(String ref, String reason, JsonNode raw) {
        String text = raw == null ? null : raw.toString();
        if (text != null && text.length() > MAX_RAW_CHARS) {
            text = text.substring(0, MAX_RAW_CHARS);
        }
        return new RejectedRecord(LivePersonConversationsReader.SOURCE, settings.connectorId(), ref,
                ref + ": " + reason, text);
    }

    /** SHA-256 of the record's JSON text (Jackson's compact form, UTF-8). */
    private static String sha256(JsonNode node) {
        return Digests.ofRaw(node.toString());
    }

    /** The conversation being mapped. */
    private record Conversation(String id, ConversationPeople people) {
    }
}

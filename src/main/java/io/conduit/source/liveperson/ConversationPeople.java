package io.conduit.source.liveperson;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.mapping.EmailAddresses;
import io.conduit.mapping.PhoneNumbers;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agents and consumers of one LivePerson conversation as {@link Participant}s, keyed by their LivePerson ids.
 *
 * <p>Agents: {@code agentLoginName} becomes the email when it is one ({@link EmailAddresses}), the handle is
 * {@code lp-agent:<agentId>} (the login name when the id is absent), the display name is {@code agentFullName}
 * (else nickname, else login name). Consumers: handle {@code lp-consumer:<participantId>}, phone (E.164) and email
 * only when the consumer info has them, display name {@code firstName lastName} (else {@code consumerName}).
 * Senders of messages missing from both lists are added from {@code sentBy} and {@code participantId}.
 */
final class ConversationPeople {

    static final String AGENT_PREFIX = "lp-agent:";
    static final String CONSUMER_PREFIX = "lp-consumer:";

    private final Map<String, Participant> agents = new LinkedHashMap<>();
    private final Map<String, Participant> consumers = new LinkedHashMap<>();
    private final Map<String, Participant> others = new LinkedHashMap<>();
    private final Participant conversation;

    ConversationPeople(JsonNode record, String conversationId, String defaultRegion) {
        this.conversation = new Participant("LivePerson conversation " + conversationId, null, null,
                "lp-conversation:" + conversationId);
        for (JsonNode a : array(record, "agentParticipants")) {
            Participant p = agent(a);
            String id = JsonValues.text(a, "agentId");
            if (p != null) {
                agents.putIfAbsent(id != null ? id : p.handle(), p);
            }
        }
        for (String field : new String[] {"consumerParticipants", "consumerParticipant"}) {
            for (JsonNode c : array(record, field)) {
                String id = JsonValues.text(c, "participantId");
                if (id != null && !consumers.containsKey(id)) {
                    consumers.put(id, consumer(c, id, defaultRegion));
                }
            }
        }
        for (JsonNode m : array(record, "messageRecords")) {
            String id = JsonValues.text(m, "participantId");
            if (id != null) {
                sender(JsonValues.text(m, "sentBy"), id);
            }
        }
    }

    /** The elements of an array field, or none when the field is missing or not an array. */
    static List<JsonNode> array(JsonNode node, String field) {
        JsonNode v = JsonValues.container(node, field);
        List<JsonNode> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(out::add);
        }
        return out;
    }

    /** The agent described by an {@code agentParticipants[]} (or transfer) element, or {@code null} if it has no id. */
    static Participant agent(JsonNode a) {
        return agent(JsonValues.text(a, "agentId"), JsonValues.text(a, "agentLoginName"),
                JsonValues.text(a, "agentFullName"), JsonValues.text(a, "agentNickname"));
    }

    static Participant agent(String id, String login, String fullName, String nickname) {
        if (id == null && login == null) {
            return null;
        }
        String email = EmailAddresses.normalize(login);
        String handle = id != null ? AGENT_PREFIX + id : login;
        String name = fullName != null ? fullName : nickname != null ? nickname : login;
        return new Participant(name, null, email, handle);
    }

    private static Participant consumer(JsonNode c, String id, String defaultRegion) {
        String first = JsonValues.text(c, "firstName");
        String last = JsonValues.text(c, "lastName");
        String name = first != null && last != null ? first + " " + last : first != null ? first : last;
        if (name == null) {
            name = JsonValues.text(c, "consumerName");
        }
        String phone = PhoneNumbers.toE164(JsonValues.text(c, "phone"), defaultRegion);
        String email = EmailAddresses.normalize(JsonValues.text(c, "email"));
        return new Participant(name, phone, email, CONSUMER_PREFIX + id);
    }

    /**
     * The sender of a message.
     *
     * @param sentBy        {@code Consumer} or {@code Agent} (any case); anything else is looked up in both lists
     * @param participantId the message's {@code participantId}
     */
    Participant sender(String sentBy, String participantId) {
        String kind = sentBy == null ? "" : sentBy.toLowerCase(Locale.ROOT);
        if (kind.equals("agent")) {
            return agents.computeIfAbsent(participantId, id -> new Participant(null, null, null, AGENT_PREFIX + id));
        }
        if (kind.equals("consumer")) {
            return consumers.computeIfAbsent(participantId,
                    id -> new Participant(null, null, null, CONSUMER_PREFIX + id));
        }
        Participant known = agents.containsKey(participantId) ? agents.get(participantId)
                : consumers.get(participantId);
        return known != null ? known : others.computeIfAbsent(participantId,
                id -> new Participant(null, null, null, "lp-participant:" + id));
    }

    /** The agent with this id, or {@code null}. */
    Participant agentById(String agentId) {
        return agentId == null ? null : agents.get(agentId);
    }

    /** The conversation itself, the sender of system events. */
    Participant conversation() {
        return conversation;
    }

    /** Every agent, consumer and other sender, in that order. */
    List<Participant> all() {
        List<Participant> all = new ArrayList<>(agents.values());
        all.addAll(consumers.values());
        all.addAll(others.values());
        return all;
    }

    /** Everyone except the given participant. */
    List<Participant> except(Participant sender) {
        List<Participant> out = new ArrayList<>();
        for (Participant p : all()) {
            if (p != sender) {
                out.add(p);
            }
        }
        return out;
    }

    /** {@link ConversationType#DIRECT} for one consumer and one agent, else {@link ConversationType#GROUP}. */
    ConversationType type() {
        return agents.size() == 1 && consumers.size() == 1 && others.isEmpty()
                ? ConversationType.DIRECT : ConversationType.GROUP;
    }
}

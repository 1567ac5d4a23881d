package io.conduit.source.twitter;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * First pass over the group conversation parts ({@code direct-messages-group.js}), whose messages do not name their
 * recipients: collects each conversation's participants (every sender, reactor, snapshot member, added and leaving
 * user) and its latest name, so that the second pass addresses each message to everyone in the group. Holds only the
 * ids, never a message.
 */
final class GroupScan implements DmStream.Handler {

    /**
     * What the scan knows of one group conversation.
     *
     * @param people user ids, in first-seen order
     * @param name   latest {@code conversationNameUpdate} name, or {@code null}
     */
    record Group(Set<String> people, String name) {
    }

    private final Map<String, Set<String>> people = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, Instant> named = new HashMap<>();

    /** Reads one group part to its end; what cannot be read is left to the second pass to reject. */
    void scan(JsonParser parser, String sourceName) {
        DmStream stream = new DmStream(parser, sourceName);
        try {
            while (stream.next(this)) {
                // collecting
            }
        } catch (IOException | RuntimeException e) {
            // the second pass reports where the part stops being readable
        }
    }

    /** The groups seen so far, by conversation id. */
    Map<String, Group> groups() {
        Map<String, Group> out = new HashMap<>();
        people.forEach((id, p) -> out.put(id, new Group(p, names.get(id))));
        return out;
    }

    @Override
    public void message(String conversationId, String ref, JsonNode element) {
        if (element == null || !element.isObject() || element.size() != 1) {
            return;
        }
        String kind = element.fieldNames().next();
        JsonNode m = element.get(kind);
        Set<String> ids = people.computeIfAbsent(conversationId, k -> new LinkedHashSet<>());
        addId(ids, JsonText.of(m, "senderId"));
        addId(ids, JsonText.of(m, "recipientId"));
        addId(ids, JsonText.of(m, "initiatingUserId"));
        for (String array : new String[] {"participantsSnapshot", "userIds"}) {
            for (JsonNode u : JsonText.array(m, array)) {
                addId(ids, u.isContainerNode() ? null : u.asText().strip());
            }
        }
        for (JsonNode r : JsonText.array(m, "reactions")) {
            addId(ids, JsonText.of(r, "senderId"));
        }
        if (kind.equals("conversationNameUpdate") && JsonText.of(m, "name") != null) {
            Instant at = instant(JsonText.of(m, "createdAt"));
            Instant before = named.get(conversationId);
            if (before == null || at.isAfter(before)) {
                named.put(conversationId, at);
                names.put(conversationId, m.get("name").asText().strip());
            }
        }
    }

    @Override
    public void reject(String ref, String reason, String raw) {
        // the second pass rejects it
    }

    private static void addId(Set<String> ids, String id) {
        if (JsonText.isId(id)) {
            ids.add(id);
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null ? Instant.MIN : OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException e) {
            return Instant.MIN;
        }
    }
}

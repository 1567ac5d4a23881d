package io.conduit.source.liveperson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The conversations a poll saw still open, by id with their start time (epoch ms), collected from the
 * conversations/search pages ({@code conversationHistoryRecords[].info {conversationId, status, startTimeL, endTimeL}}).
 */
final class OpenConversations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> open = new LinkedHashMap<>();

    /**
     * Adds the open conversations of one page and forgets those the page shows closed; one record at a time in memory.
     *
     * @throws IOException when the page cannot be read or is not JSON
     */
    void scan(Path page) throws IOException {
        try (JsonParser p = JSON.createParser(page.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("conversationHistoryRecords") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        see(JSON.<JsonNode>readTree(p).path("info"));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private void see(JsonNode info) {
        String id = JsonValues.text(info, "conversationId");
        if (id == null || id.isBlank()) {
            return;
        }
        Long end = JsonValues.integer(info, "endTimeL");
        boolean closed = "CLOSE".equalsIgnoreCase(JsonValues.text(info, "status")) || end != null && end > 0;
        Long start = JsonValues.integer(info, "startTimeL");
        if (closed || start == null) {
            open.remove(id);
        } else {
            open.put(id, start);
        }
    }

    /** The open ids, comma-separated (ids are UUIDs: no commas), for the checkpoint's {@code open} key. */
    String ids() {
        return String.join(",", open.keySet());
    }

    /** The earliest start time of an open conversation, epoch ms, or empty when none is open. */
    OptionalLong oldestStart() {
        return open.isEmpty() ? OptionalLong.empty() : OptionalLong.of(java.util.Collections.min(open.values()));
    }

    /** Whether the conversation was seen open. */
    boolean contains(String id) {
        return open.containsKey(id);
    }
}

package io.conduit.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Small readers of Jackson trees shared by the JSON export sources (Telegram, Facebook). */
public final class JsonFields {

    /** A mapper whose parse errors do not quote the input (third-party content stays out of logs and reasons). */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    private JsonFields() {
    }

    /**
     * The field as text, or {@code null} when it is missing, JSON null, an object or array, or blank. Numbers and
     * booleans are returned as their JSON text.
     */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /** At most {@code max} chars of a record's JSON, for {@link io.conduit.model.RejectedRecord#raw()}. */
    public static String capped(String raw, int max) {
        return raw == null || raw.length() <= max ? raw : raw.substring(0, max);
    }
}

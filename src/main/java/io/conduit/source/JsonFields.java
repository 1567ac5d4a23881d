package io.conduit.source;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads fields of third-party JSON records parsed with Jackson. */
public final class JsonFields {

    private JsonFields() {
    }

    /**
     * The text of a field, or {@code null} when the node is {@code null}, or the field is absent, JSON null, not a
     * scalar or blank. Numbers and booleans are returned as their JSON text.
     */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }
}

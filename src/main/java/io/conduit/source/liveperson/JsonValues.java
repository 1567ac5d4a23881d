package io.conduit.source.liveperson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Reads LivePerson JSON values, where the strings {@code "undefined"} and {@code "null"} and empty mean absent. */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * The field as text, or {@code null} when it is missing, JSON null, a container, blank, {@code "undefined"} or
     * {@code "null"}. Numbers and booleans are returned as their JSON text.
     */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        String lower = s.toLowerCase(Locale.ROOT);
        return s.isEmpty() || lower.equals("undefined") || lower.equals("null") ? null : s;
    }

    /**
     * The field as epoch milliseconds: an integral JSON number or a string of digits, greater than zero; otherwise
     * {@code null} (missing, {@code -1}, not a number).
     */
    public static Long epochMillis(JsonNode node, String field) {
        Long v = integer(node, field);
        return v == null || v <= 0 ? null : v;
    }

    /** The field as a long: an integral JSON number or a string of an integer; otherwise {@code null}. */
    public static Long integer(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        String s = text(node, field);
        if (s == null || !s.matches("-?\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(s);
    }

    /** The field as an array or object node, or {@code null} when it is missing or of another kind. */
    public static JsonNode container(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isContainerNode() ? v : null;
    }
}

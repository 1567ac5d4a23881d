package io.conduit.source.twitter;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads X archive JSON values, which write numbers and ids as strings. */
final class JsonText {

    private JsonText() {
    }

    /** The field as text (a string, number or boolean), or {@code null} when missing, null, a container or blank. */
    static String of(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    /** The field as an object node, or {@code null}. */
    static JsonNode object(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isObject() ? v : null;
    }

    /** The field's elements when it is an array, else an empty array's. */
    static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isArray() ? v : java.util.List.of();
    }

    /** True when the text is a numeric X id (1 to 30 digits). */
    static boolean isId(String s) {
        return s != null && s.matches("\\d{1,30}");
    }

    /** The text quoted for an error message (control characters escaped, cut at 200 characters). */
    static String quoted(String s) {
        return io.conduit.source.support.SafeZip.quoted(s);
    }
}

package io.conduit.source.twitter;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Walks the array of a direct-messages part, {@code [{"dmConversation":{"conversationId":...,"messages":[...]}}]},
 * one message element per step, so that a conversation of any length is never held whole (only when its
 * {@code messages} come before its {@code conversationId}, which X does not write, is that one array read as a tree).
 *
 * <p>Not thread-safe.
 */
final class DmStream {

    /** Receives what a step read. */
    interface Handler {
        /**
         * One message element.
         *
         * @param conversationId the conversation's id
         * @param ref            {@code <file>#[<element index>]/messages[<message index>]}
         * @param element        the message element, e.g. {@code {"messageCreate":{...}}}
         */
        void message(String conversationId, String ref, JsonNode element);

        /** A part of the input that is not what the format describes; {@code raw} is its JSON or {@code null}. */
        void reject(String ref, String reason, String raw);
    }

    private final JsonParser parser;
    private final String sourceName;
    private int element = -1;
    private int message;
    private String conversationId;
    private boolean inMessages;

    /** @param parser positioned after the part's opening {@code [} */
    DmStream(JsonParser parser, String sourceName) {
        this.parser = parser;
        this.sourceName = sourceName;
    }

    /** The reference of the element being read, {@code <file>#[<index>]}. */
    String elementRef() {
        return sourceName + "#[" + Math.max(element, 0) + "]";
    }

    /**
     * Reads one message element (or a whole element when it is malformed or has no messages).
     *
     * @return false once the array has ended
     * @throws IOException when the JSON cannot be read further (syntax error, truncated file)
     */
    boolean next(Handler h) throws IOException {
        if (inMessages) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
                inMessages = false;
                skipRestOfObject();
                skipRestOfObject();
                return true;
            }
            String ref = elementRef() + "/messages[" + message++ + "]";
            JsonNode node = parser.readValueAsTree();
            if (node == null) {
                throw new IOException("unexpected end of input");
            }
            h.message(conversationId, ref, node);
            return true;
        }
        JsonToken t = parser.nextToken();
        if (t == null || t == JsonToken.END_ARRAY) {
            return false;
        }
        element++;
        message = 0;
        conversationId = null;
        if (t != JsonToken.START_OBJECT) {
            JsonNode node = parser.readValueAsTree();
            h.reject(elementRef(), "element " + element + " is not a {\"dmConversation\":{...}} object", text(node));
            return true;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("dmConversation") && value == JsonToken.START_OBJECT) {
                return conversation(h);
            }
            parser.skipChildren();
        }
        h.reject(elementRef(), "element " + element + " has no dmConversation object", null);
        return true;
    }

    /** Reads the fields of a {@code dmConversation} up to its {@code messages} array. */
    private boolean conversation(Handler h) throws IOException {
        JsonNode buffered = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("conversationId") && value.isScalarValue()) {
                conversationId = parser.getText().strip();
            } else if (field.equals("messages") && value == JsonToken.START_ARRAY && conversationId != null
                    && !conversationId.isEmpty()) {
                inMessages = true;
                return true;
            } else if (field.equals("messages") && value == JsonToken.START_ARRAY) {
                buffered = parser.readValueAsTree();
            } else {
                parser.skipChildren();
            }
        }
        skipRestOfObject();
        if (conversationId == null || conversationId.isEmpty()) {
            h.reject(elementRef(), "element " + element + ": dmConversation has no conversationId",
                    buffered == null ? null : text(buffered));
            return true;
        }
        if (buffered != null) {
            for (JsonNode node : buffered) {
                h.message(conversationId, elementRef() + "/messages[" + message++ + "]", node);
            }
        }
        return true;
    }

    /** Skips the remaining fields of the object the parser stands in, up to and including its END_OBJECT. */
    private void skipRestOfObject() throws IOException {
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            parser.nextToken();
            parser.skipChildren();
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + t + " in a dmConversation element");
        }
    }

    static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        String s = node.toString();
        return s.length() > TwitterArchiveReader.MAX_RAW_CHARS ? s.substring(0, TwitterArchiveReader.MAX_RAW_CHARS) : s;
    }
}

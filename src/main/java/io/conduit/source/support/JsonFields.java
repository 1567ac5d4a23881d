package io.conduit.source.support;

import io.conduit.source.MalformedExportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Opening JSON exports for streaming and reading fields of Jackson trees, shared by the Telegram and Facebook sources. */
public final class JsonFields {

    /**
     * Deepest nesting of one record (a message, a post) read as a tree; a deeper record is skipped and rejected, and
     * reading goes on with the next one.
     */
    public static final int MAX_RECORD_DEPTH = 200;

    /**
     * Deepest nesting the streaming parser follows at all (it skips deep records without recursion); past it the rest
     * of the file cannot be read.
     */
    public static final int MAX_STREAM_DEPTH = 100_000;

    /** A mapper whose parse errors do not quote the input (third-party content stays out of logs and reasons). */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_STREAM_DEPTH).build())
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

    /**
     * Reads the value the parser stands on ({@code START_OBJECT} or {@code START_ARRAY}) as a tree when it nests at most
     * {@value #MAX_RECORD_DEPTH} levels; a deeper value is skipped token by token (no recursion), so that the next
     * element of the enclosing array can be read.
     *
     * @return the tree, or {@code null} when the value nests deeper (it has been skipped)
     * @throws IOException when the JSON itself cannot be read further
     */
    public static JsonNode readRecord(JsonParser parser) throws IOException {
        TokenBuffer buffer = new TokenBuffer(parser);
        int depth = 0;
        boolean tooDeep = false;
        JsonToken token = parser.currentToken();
        while (true) {
            if (token == null) {
                throw new com.fasterxml.jackson.core.io.JsonEOFException(parser, null, "end of input inside a record");
            }
            if (token.isStructStart() && ++depth > MAX_RECORD_DEPTH) {
                tooDeep = true;
            } else if (token.isStructEnd()) {
                depth--;
            }
            if (!tooDeep) {
                buffer.copyCurrentEvent(parser);
            }
            if (depth == 0) {
                break;
            }
            token = parser.nextToken();
        }
        if (tooDeep) {
            return null;
        }
        try (JsonParser tree = buffer.asParser(MAPPER)) {
            tree.nextToken();
            return MAPPER.readTree(tree);
        }
    }

    /**
     * Opens a JSON file for streaming and reads its first token, which must start an object.
     *
     * @param file   the file (UTF-8, UTF-16 or UTF-32 as Jackson detects it; a byte order mark is allowed)
     * @param format what the file should be, for the message, e.g. {@code a Telegram Desktop export}
     * @return the parser, standing on the root {@code START_OBJECT}; the caller closes it (this closes the file)
     * @throws MalformedExportException naming the file when it is not a regular file (or a symbolic link), cannot be
     *                                  read, is not JSON or is not a JSON object
     */
    public static JsonParser openObject(Path file, String format) throws MalformedExportException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MalformedExportException(name + ": not a regular file (absent, a folder or a symbolic link)");
        }
        InputStream in = null;
        JsonParser parser = null;
        try {
            in = Files.newInputStream(file);
            parser = MAPPER.createParser(in);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedExportException(name + ": not " + format + " (not a JSON object)");
            }
            return parser;
        } catch (JsonProcessingException e) {
            close(parser, in);
            throw new MalformedExportException(name + ": not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            close(parser, in);
            throw new MalformedExportException(name + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (MalformedExportException | RuntimeException e) {
            close(parser, in);
            throw e;
        }
    }

    private static void close(JsonParser parser, InputStream in) {
        try (InputStream stream = in; JsonParser p = parser) {
            // both closed here; a null is skipped
        } catch (IOException ignored) {
            // already failing with a better reason
        }
    }

    /** At most {@code max} chars of a record's JSON, for {@link io.conduit.model.RejectedRecord#raw()}. */
    public static String capped(String raw, int max) {
        return raw == null || raw.length() <= max ? raw : raw.substring(0, max);
    }
}

package io.conduit.source.support;

import io.conduit.source.MalformedExportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Opening JSON exports for streaming and reading fields of Jackson trees, shared by the Telegram and Facebook sources. */
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

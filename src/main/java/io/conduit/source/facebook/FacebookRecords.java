package io.conduit.source.facebook;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.conduit.source.support.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.support.QueuedSourceRecords;

/**
 * The records of one page feed response, read lazily: the parser walks the root object to a {@code data} array
 * (at the root, or inside {@code posts}/{@code feed}/{@code published_posts} of a page node) and reads one post at a
 * time as a tree. Not thread-safe; close it when done (this closes the stream).
 */
final class FacebookRecords extends QueuedSourceRecords {

    private final JsonParser parser;
    private final String fileName;
    private final FacebookItems items;
    /** 0 at the root, 1 inside a posts/feed object, 2 inside a data array. */
    private int level;
    private boolean sawData;
    private int index;

    FacebookRecords(JsonParser parser, String fileName, FacebookItems items) {
        super(parser);
        this.parser = parser;
        this.fileName = fileName;
        this.items = items;
    }

    @Override
    protected void step() {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                end();
            } else if (level == 2) {
                post(token);
            } else if (token == JsonToken.END_OBJECT) {
                if (level == 0) {
                    end();
                }
                level = 0;
            } else {
                field(parser.currentName(), parser.nextToken());
            }
        } catch (IOException e) {
            finish();
            String ref = fileName + ":" + parser.currentLocation().getLineNr();
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            emit(new UnreadRest(FacebookPageReader.SOURCE, items.connectorId(), ref,
                    ref + ": the response could not be read further after " + index + " posts (" + what + ")"));
        }
    }

    private void field(String name, JsonToken value) throws IOException {
        if ("data".equals(name) && value == JsonToken.START_ARRAY) {
            sawData = true;
            level = 2;
        } else if (level == 0 && value == JsonToken.START_OBJECT
                && ("posts".equals(name) || "feed".equals(name) || "published_posts".equals(name))) {
            level = 1;
        } else if (level == 0 && ("id".equals(name) || "name".equals(name)) && value.isScalarValue()) {
            items.page(name, parser.getText());
        } else {
            parser.skipChildren();
        }
    }

    private void post(JsonToken token) throws IOException {
        if (token == JsonToken.END_ARRAY) {
            level = level == 2 && parser.getParsingContext().getParent().inRoot() ? 0 : 1;
            return;
        }
        int i = index++;
        int line = parser.currentLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
            String raw = token.isStructStart() ? parser.readValueAsTree().toString() : parser.getText();
            emit(items.reject(fileName + ":" + line, "data[" + i + "] is not a post object", raw));
            return;
        }
        JsonNode post = JsonFields.readRecord(parser);
        if (post == null) {
            emit(items.reject(fileName + ":" + line, "data[" + i + "] nests deeper than " + JsonFields.MAX_RECORD_DEPTH
                    + " levels: skipped, the next post is read", null));
            return;
        }
        emitAll(items.records(post, i, line));
    }

    private void end() {
        finish();
        if (!sawData) {
            emit(new RejectedRecord(FacebookPageReader.SOURCE, items.connectorId(), fileName, fileName
                    + ": not a Graph API page feed response (no data array at the root or in posts, feed or"
                    + " published_posts)", null));
        }
    }
}

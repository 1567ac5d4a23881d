package io.conduit.source.liveperson;

import io.conduit.source.support.QueuedSourceRecords;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.conduit.source.support.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import java.io.IOException;

/**
 * The records of one conversations/search response, read lazily: the parser stands inside
 * {@code conversationHistoryRecords[]} and reads one conversation record at a time as a tree.
 *
 * <p>Each element is an {@link io.conduit.model.ArchiveItem} or a {@link RejectedRecord}. Not thread-safe; close it
 * when done (this closes the underlying stream).
 */
final class ConversationRecords extends QueuedSourceRecords {

    private final JsonParser parser;
    private final ConversationItems items;
    private final String sourceName;
    private final String connectorId;
    private int index;

    ConversationRecords(JsonParser parser, ConversationItems items, String sourceName, String connectorId) {
        super(parser);
        this.parser = parser;
        this.items = items;
        this.sourceName = sourceName;
        this.connectorId = connectorId;
    }

    @Override
    protected void step() {
        int current = index;
        try {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                finish();
                return;
            }
            int i = index++;
            if (token != JsonToken.START_OBJECT) {
                String raw = token.isStructStart() ? parser.readValueAsTree().toString() : parser.getText();
                String ref = sourceName + "#conversationHistoryRecords[" + i + "]";
                emit(new RejectedRecord(LivePersonConversationsReader.SOURCE, connectorId, ref,
                        ref + ": conversation record " + i + " is not a JSON object", raw));
                return;
            }
            JsonNode record = JsonFields.readRecord(parser);
            if (record == null) {
                String ref = sourceName + "#conversationHistoryRecords[" + i + "]";
                emit(new RejectedRecord(LivePersonConversationsReader.SOURCE, connectorId, ref, ref + ": nests deeper than "
                        + JsonFields.MAX_RECORD_DEPTH + " levels: skipped, the next conversation record is read", null));
                return;
            }
            emitAll(items.records(record, i));
        } catch (IOException e) {
            finish();
            String ref = sourceName + "#conversationHistoryRecords[" + current + "]";
            emit(new UnreadRest(LivePersonConversationsReader.SOURCE, connectorId, ref,
                    ref + ": the response could not be read further (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")"));
        }
    }
}

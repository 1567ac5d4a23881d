package io.conduit.source.liveperson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.RejectedRecord;
import io.conduit.source.SourceRecords;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;

/**
 * The records of one conversations/search response, read lazily: the parser stands inside
 * {@code conversationHistoryRecords[]} and reads one conversation record at a time as a tree.
 *
 * <p>Each element is an {@link io.conduit.model.ArchiveItem} or a {@link RejectedRecord}. Not thread-safe; close it
 * when done (this closes the underlying stream).
 */
final class ConversationRecords implements SourceRecords {

    private final JsonParser parser;
    private final ConversationItems items;
    private final String sourceName;
    private final String connectorId;
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    private int index;
    private boolean done;

    ConversationRecords(JsonParser parser, ConversationItems items, String sourceName, String connectorId) {
        this.parser = parser;
        this.items = items;
        this.sourceName = sourceName;
        this.connectorId = connectorId;
    }

    /** True while records remain; reads at most one more conversation record. */
    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !done) {
            step();
        }
        return !ready.isEmpty();
    }

    /**
     * The next record.
     *
     * @return an {@link io.conduit.model.ArchiveItem} or a {@link RejectedRecord}
     * @throws NoSuchElementException when none remains
     */
    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    /** Closes the parser and the stream under it. */
    @Override
    public void close() throws IOException {
        done = true;
        parser.close();
    }

    private void step() {
        int current = index;
        try {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                done = true;
                return;
            }
            int i = index++;
            if (token != JsonToken.START_OBJECT) {
                String raw = token.isStructStart() ? parser.readValueAsTree().toString() : parser.getText();
                String ref = sourceName + "#conversationHistoryRecords[" + i + "]";
                ready.add(new RejectedRecord(LivePersonConversationsReader.SOURCE, connectorId, ref,
                        ref + ": conversation record " + i + " is not a JSON object", raw));
                return;
            }
            JsonNode record = parser.readValueAsTree();
            ready.addAll(items.records(record, i));
        } catch (IOException e) {
            done = true;
            String ref = sourceName + "#conversationHistoryRecords[" + current + "]";
            ready.add(new RejectedRecord(LivePersonConversationsReader.SOURCE, connectorId, ref,
                    ref + ": the response could not be read further (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")", null));
        }
    }
}

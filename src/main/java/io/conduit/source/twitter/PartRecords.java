package io.conduit.source.twitter;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.MalformedExportException;
import io.conduit.source.support.QueuedSourceRecords;

/**
 * The records of one or more X archive data parts, read lazily: one tweet, or one direct message element, per step.
 *
 * <p>Each element is an {@link io.conduit.model.ArchiveItem} or a {@link RejectedRecord}: a malformed element or
 * message is rejected with its index ({@code tweets.js#[3]}, {@code direct-messages.js#[0]/messages[2]}) and the
 * rest goes on; JSON that cannot be read further ends that part with one rejected record. Not thread-safe; close it
 * when done.
 */
final class PartRecords extends QueuedSourceRecords implements DmStream.Handler {

    /** Opens a part's bytes. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * One data part to read.
     *
     * @param name   names it in references, e.g. {@code tweets.js} or {@code twitter-2026.zip!data/tweets.js}
     * @param opener opens its bytes (prefix included)
     */
    record Part(String name, Opener opener) {
    }

    private final ObjectMapper json;
    private final List<Part> parts;
    private final String connectorId;
    private final TweetMapper tweets;
    private final DirectMessageMapper messages;
    private final Map<String, GroupScan.Group> groups;
    private final AutoCloseable resource;
    private int next;
    private Part part;
    private JsonParser parser;
    private String kind;
    private DmStream dm;
    /** The conversation of the last direct message, reused while its messages follow. */
    private DirectMessageMapper.Conversation conversation;
    private int index;
    /** Index of the tweet element being read, for the reason when the JSON breaks off inside it. */
    private int reading;

    /**
     * @param tweets   maps tweets, or {@code null} when the owner is unknown (then no tweet part may be given)
     * @param groups   the group conversations a {@link GroupScan} found
     * @param resource closed with the records (e.g. the ZIP file), or {@code null}
     */
    PartRecords(ObjectMapper json, List<Part> parts, String connectorId, TweetMapper tweets,
            DirectMessageMapper messages, Map<String, GroupScan.Group> groups, AutoCloseable resource) {
        this.json = json;
        this.parts = parts;
        this.connectorId = connectorId;
        this.tweets = tweets;
        this.messages = messages;
        this.groups = groups;
        this.resource = resource;
    }

    @Override
    protected void step() {
        if (parser == null && !openNext()) {
            return;
        }
        try {
            if (!kind.startsWith("direct_messages")) {
                tweet();
            } else if (!dm.next(this)) {
                endPart();
            }
        } catch (IOException e) {
            String ref = dm != null ? dm.elementRef() : part.name() + "#[" + reading + "]";
            emit(new UnreadRest(TwitterArchiveReader.SOURCE, connectorId, ref, ref
                    + ": the file could not be read further (" + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()) + "); the rest of this part is unread"));
            endPart();
        }
    }

    private void tweet() throws IOException {
        reading = index;
        JsonToken t = parser.nextToken();
        if (t == null || t == JsonToken.END_ARRAY) {
            endPart();
            return;
        }
        int i = index++;
        String ref = part.name() + "#[" + i + "]";
        JsonNode element = parser.readValueAsTree();
        try {
            emit(tweets.map(element, ref, kind.equals("deleted_tweets")));
        } catch (IllegalArgumentException e) {
            reject(ref, "element " + i + ": " + e.getMessage(), DmStream.text(element));
        }
    }

    @Override
    public void message(String conversationId, String ref, JsonNode element) {
        boolean group = kind.equals("direct_messages_group");
        if (conversation == null || !conversation.id().equals(conversationId) || conversation.group() != group) {
            conversation = DirectMessageMapper.Conversation.of(conversationId, group, groups);
        }
        try {
            emitAll(messages.map(conversation, element, ref));
        } catch (IllegalArgumentException e) {
            reject(ref, "conversation " + conversationId + ": " + e.getMessage(), DmStream.text(element));
        }
    }

    @Override
    public void reject(String ref, String reason, String raw) {
        emit(new RejectedRecord(TwitterArchiveReader.SOURCE, connectorId, ref, ref + ": " + reason, raw));
    }

    /** Opens the next part that holds records; false (and finished) when none is left. */
    private boolean openNext() {
        while (next < parts.size()) {
            part = parts.get(next++);
            index = 0;
            dm = null;
            InputStream in = null;
            try {
                in = part.opener().open();
                YtdPart.Opened opened = YtdPart.open(in, part.name());
                kind = opened.part().name();
                if (!TwitterArchiveReader.RECORD_DATA_SETS.contains(kind)) {
                    opened.json().close();
                    continue;
                }
                if (tweets == null && !kind.startsWith("direct_messages")) {
                    opened.json().close();
                    reject(part.name(), "tweets need the account owner (no account.js and no owner setting)", null);
                    return true;
                }
                parser = json.createParser(opened.json());
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new IOException("no JSON array after the prefix");
                }
                if (kind.startsWith("direct_messages")) {
                    dm = new DmStream(parser, part.name());
                }
                return true;
            } catch (MalformedExportException e) {
                emit(new RejectedRecord(TwitterArchiveReader.SOURCE, connectorId, part.name(), e.getMessage(), null));
                return true;
            } catch (IOException e) {
                closeParser(in);
                reject(part.name(), "cannot be read (" + e.getMessage() + ")", null);
                return true;
            }
        }
        finish();
        return false;
    }

    private void endPart() {
        closeParser(null);
    }

    private void closeParser(InputStream in) {
        try {
            if (parser != null) {
                parser.close();
            } else if (in != null) {
                in.close();
            }
        } catch (IOException ignored) {
            // nothing more to read from it
        }
        parser = null;
        dm = null;
    }

    /** Closes the part being read and the archive under it. */
    @Override
    public void close() throws IOException {
        finish();
        closeParser(null);
        if (resource != null) {
            try {
                resource.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}

package io.conduit.source.slack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.support.QueuedSourceRecords;
import io.conduit.source.support.SafeZip;

/**
 * The records of one Slack export, read lazily: first the faults of its index files, then each day file in turn
 * (conversations in index order, days in name order), one message object at a time with Jackson's streaming parser.
 *
 * <p>A day file that is not a JSON array, or that breaks off mid-way, becomes one {@link RejectedRecord} naming the
 * entry and the element index (with the entry's first {@value #MAX_RAW_CHARS} chars as its raw text); the messages
 * read before the fault are kept and the next day file goes on. Not thread-safe; closing closes the archive.
 */
final class SlackExportRecords extends QueuedSourceRecords {

    /** Most raw text copied into a {@link RejectedRecord}, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    /** One day file: its ZIP entry and the conversation of its folder. */
    record DayFile(String entry, SlackConversation conversation) {
    }

    private final ZipFile zip;
    private final String zipName;
    private final String connectorId;
    private final SlackMessageMapper mapper;
    private final Iterator<DayFile> days;
    private final List<RejectedRecord> indexFaults;
    private DayFile current;
    private JsonParser parser;
    private int index;

    SlackExportRecords(ZipFile zip, String zipName, String connectorId, SlackMessageMapper mapper, List<DayFile> days,
                       List<RejectedRecord> indexFaults) {
        this.zip = zip;
        this.zipName = zipName;
        this.connectorId = connectorId;
        this.mapper = mapper;
        this.days = days.iterator();
        this.indexFaults = new ArrayList<>(indexFaults);
    }

    @Override
    protected void step() {
        if (!indexFaults.isEmpty()) {
            emitAll(indexFaults);
            indexFaults.clear();
            return;
        }
        if (parser == null) {
            if (!days.hasNext()) {
                finish();
                return;
            }
            openNext();
            return;
        }
        int i = index;
        try {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                closeParser();
                return;
            }
            index++;
            String ref = ref(i);
            if (token != JsonToken.START_OBJECT) {
                String raw = token.isStructStart() ? String.valueOf(parser.readValueAsTree()) : parser.getText();
                emit(reject(ref, "message " + i + " is not a JSON object", raw));
                return;
            }
            JsonNode message = parser.readValueAsTree();
            String raw = message.toString();
            try {
                emit(mapper.map(message, current.conversation(), raw, ref));
            } catch (RuntimeException e) {
                emit(reject(ref, "message could not be mapped (" + e + ")", raw));
            }
        } catch (JsonProcessingException e) {
            brokenOff(i, e.getOriginalMessage());
        } catch (IOException e) {
            brokenOff(i, e.getMessage());
        }
    }

    private void openNext() {
        current = days.next();
        index = 0;
        try {
            ZipEntry entry = zip.getEntry(current.entry());
            parser = SlackJson.JSON.createParser(SafeZip.open(zip, entry));
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                closeParser();
                emit(reject(zipName + "!" + current.entry(), "not a JSON array of messages", head()));
            }
        } catch (JsonProcessingException e) {
            closeParser();
            emit(reject(zipName + "!" + current.entry(), "not JSON (" + e.getOriginalMessage() + ")", head()));
        } catch (IOException | RuntimeException e) {
            closeParser();
            emit(reject(zipName + "!" + current.entry(), "cannot be read (" + e.getMessage() + ")", null));
        }
    }

    private void brokenOff(int i, String why) {
        closeParser();
        emit(new UnreadRest(SlackExportReader.SOURCE, connectorId, ref(i), ref(i) + ": the day file could not be read "
                + "further (" + why + "); the messages from element " + i + " on are unread, the next day file goes on"));
    }

    private String ref(int i) {
        return zipName + "!" + current.entry() + "[" + i + "]";
    }

    /** The first {@value #MAX_RAW_CHARS} chars of the current day file, for a rejected record; {@code null} if unreadable. */
    private String head() {
        try (InputStream in = SafeZip.open(zip, zip.getEntry(current.entry()))) {
            return new String(in.readNBytes(MAX_RAW_CHARS * 4), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private RejectedRecord reject(String ref, String reason, String raw) {
        return new RejectedRecord(SlackExportReader.SOURCE, connectorId, ref, ref + ": " + reason, cap(raw));
    }

    /** The text cut at {@value #MAX_RAW_CHARS} chars, or {@code null}. */
    static String cap(String raw) {
        return raw == null || raw.length() <= MAX_RAW_CHARS ? raw : raw.substring(0, MAX_RAW_CHARS);
    }

    private void closeParser() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // the entry is done either way
            }
            parser = null;
        }
    }

    /** Closes the current day file and the archive. */
    @Override
    public void close() throws IOException {
        finish();
        closeParser();
        zip.close();
    }
}

package io.conduit.source.signal;

import io.conduit.source.support.LineReader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.SourceRecords;

import java.io.IOException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The records of one signal-cli JSON-lines file, read lazily one line at a time: each element is an
 * {@link io.conduit.model.ArchiveItem} or a {@link RejectedRecord}, in file order; receipts, typing indicators and
 * other non-message envelopes are skipped and counted ({@link #skipped()}). Not thread-safe.
 */
public final class SignalJsonRecords implements SourceRecords {

    /** Longest line parsed, in chars (1 MiB); a longer line is rejected. */
    public static final int MAX_LINE_CHARS = 1 << 20;
    /** Most raw text copied into a {@link RejectedRecord}, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    private final LineReader reader;
    private final String fileName;
    private final String connectorId;
    private final EnvelopeMapper mapper;
    private final Map<String, Long> skippedByKind = new TreeMap<>();
    private Object next;
    private boolean done;

    SignalJsonRecords(LineReader reader, String fileName, String connectorId, EnvelopeMapper mapper) {
        this.reader = reader;
        this.fileName = fileName;
        this.connectorId = connectorId;
        this.mapper = mapper;
    }

    /** True while records remain; reads ahead by at most one record. */
    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            step();
        }
        return next != null;
    }

    /**
     * The next record.
     *
     * @return an {@link io.conduit.model.ArchiveItem}, or a {@link RejectedRecord} whose reason starts with
     *         {@code file:line}
     * @throws NoSuchElementException when no record remains
     */
    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object r = next;
        next = null;
        return r;
    }

    /**
     * Envelopes read so far that are deliberately not archived: receipts, typing indicators, calls, stories, sync
     * messages other than sent messages, data messages without any content. Complete once {@link #hasNext()} is false.
     */
    public long skipped() {
        return skippedByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@link #skipped()} by kind: {@code receipt}, {@code typing}, {@code call}, {@code story}, {@code syncRead}, ... */
    public Map<String, Long> skippedByKind() {
        return Map.copyOf(skippedByKind);
    }

    @Override
    public void close() throws IOException {
        done = true;
        reader.close();
    }

    private void step() {
        LineReader.Line line;
        try {
            line = reader.next();
        } catch (IOException e) {
            next = new UnreadRest(SignalJsonReader.SOURCE, connectorId, fileName,
                    fileName + ": the file could not be read further: " + Escapes.of(e.getMessage()));
            done = true;
            return;
        }
        if (line == null) {
            done = true;
            return;
        }
        String ref = fileName + ":" + line.number();
        String text = line.number() == 1 && line.text().startsWith("\uFEFF") ? line.text().substring(1) : line.text();
        if (line.tooLong()) {
            next = reject(ref, "line is longer than " + MAX_LINE_CHARS + " chars", text);
            return;
        }
        if (text.isBlank()) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            next = reject(ref, "not valid JSON (" + Escapes.of(e.getOriginalMessage()) + ")", text);
            return;
        }
        Object r = mapper.map(root, text, ref);
        if (r instanceof EnvelopeMapper.Skipped s) {
            skippedByKind.merge(s.kind(), 1L, Long::sum);
        } else {
            next = r;
        }
    }

    private RejectedRecord reject(String ref, String reason, String raw) {
        String capped = raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
        return new RejectedRecord(SignalJsonReader.SOURCE, connectorId, ref, ref + ": " + reason, capped);
    }
}

package io.conduit.state.log;

import io.conduit.model.Text;
import io.conduit.state.ConnectorRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.store.StoredCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector log: one JSON-lines file per connector under {@code <state>/connector-log/}, kept for as long as the
 * state folder is (no 7-day limit).
 *
 * <p>Line shapes: {@code {"type":"item","time":...,"connector":...,"itemId":...,"itemTime":...,"messageId":...,
 * "copies":[{"mailbox":...,"folder":...,"correlationId":...}],"unmapped":[...]}}, {@code {"type":"duplicate",...}},
 * {@code {"type":"quarantine",...,"quarantineId":...,"reason":...}} and one {@code {"type":"run",...}} per run with
 * its reconciliation counts, {@code "balanced":true|false}, for a poll that failed {@code "failure":...}, and when
 * items were routed the user mapping report {@code "mapping":{...}} ({@link io.conduit.mapping.MappingUsage.Report#toLogFields()}).
 *
 * <p>Clustered, the same lines go to PostgreSQL instead ({@link JdbcConnectorLog}), so that every node's runs are in
 * one place.
 */
public final class ConnectorLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Sink sink;
    private final Map<String, BufferedWriter> writers = new LinkedHashMap<>();
    /** Inside {@link #group} on this thread: its lines, written once the ledger's group is committed. */
    private final ThreadLocal<List<Map.Entry<String, Map<String, Object>>>> groupLines = new ThreadLocal<>();
    private volatile ConnectorRun.Listener listener = ConnectorRun.Listener.NONE;
    private volatile io.conduit.ledger.Ledger ledger;

    /** Where the lines go instead of the JSON-lines files. */
    public interface Sink extends AutoCloseable {

        /**
         * Writes one line, durably, before returning.
         *
         * @param line the line's fields, in the shapes of the class comment ({@code copies} a list of {@link StoredCopy})
         */
        void write(String connectorId, Map<String, Object> line);

        /**
         * Writes a group's lines (connector id to fields, in order), durably, before returning; all or none of them
         * where the sink has transactions. The default writes them one by one.
         */
        default void writeAll(List<Map.Entry<String, Map<String, Object>>> lines) {
            lines.forEach(line -> write(line.getKey(), line.getValue()));
        }

        @Override
        void close();
    }

    /** The JSON-lines files under {@code <state>/connector-log/}. */
    public ConnectorLog(Path stateDir) {
        this(stateDir, null);
    }

    /**
     * @param sink where the lines go; {@code null} for the JSON-lines files under {@code <state>/connector-log/}
     */
    public ConnectorLog(Path stateDir, Sink sink) {
        this.dir = stateDir.resolve("connector-log");
        this.sink = sink;
    }

    /** Tells {@code listener} of every {@code poll-failed} line from now on (the connector meters and readiness). */
    public void observe(ConnectorRun.Listener listener) {
        this.listener = listener == null ? ConnectorRun.Listener.NONE : listener;
    }

    /** Also records every copy, duplicate, quarantined item and run end in the evidence ledger from now on. */
    public void useLedger(io.conduit.ledger.Ledger ledger) {
        this.ledger = ledger;
    }

    /** The log file of a connector. */
    public Path file(String connectorId) {
        return dir.resolve(safe(connectorId) + ".jsonl");
    }

    /** Records the copies of an archived item with their correlation ids. */
    public void archived(String connectorId, String itemRef, String itemId, String messageId, List<StoredCopy> copies) {
        archived(connectorId, itemRef, itemId, messageId, copies, List.of());
    }

    /**
     * Records the copies of an archived item with their correlation ids, and the identifiers of its participants that
     * did not map to a custodian ({@code "unmapped":[...]}, left out when empty; the status page counts them).
     */
    public void archived(String connectorId, String itemRef, String itemId, String messageId, List<StoredCopy> copies,
                         List<String> unmapped) {
        archived(connectorId, itemRef, itemId, null, messageId, copies, unmapped);
    }

    /**
     * As {@link #archived(String, String, String, String, List, List)}, with the item's own time
     * ({@code "itemTime"}, ISO-8601 UTC, when it was sent; left out when unknown), from which the status page shows
     * each custodian's newest item and the items per day.
     */
    public void archived(String connectorId, String itemRef, String itemId, java.time.Instant itemTime, String messageId,
                         List<StoredCopy> copies, List<String> unmapped) {
        archived(connectorId, itemRef, itemId, itemTime, messageId, copies, unmapped, null);
    }

    /**
     * As {@link #archived(String, String, String, java.time.Instant, String, List, List)}, with the SHA-256 of the
     * item's source record(s), for the evidence ledger's copy entries.
     */
    public void archived(String connectorId, String itemRef, String itemId, java.time.Instant itemTime, String messageId,
                         List<StoredCopy> copies, List<String> unmapped, String sourceSha256) {
        io.conduit.ledger.Ledger l = ledger;
        if (l != null) {
            l.copies(connectorId, itemRef, itemId, sourceSha256, messageId, copies);
        }
        Map<String, Object> line = line("item", connectorId);
        line.put("itemId", itemId);
        line.put("source", itemRef);
        if (itemTime != null) {
            line.put("itemTime", itemTime.toString());
        }
        line.put("messageId", messageId);
        line.put("copies", copies);
        if (unmapped != null && !unmapped.isEmpty()) {
            line.put("unmapped", unmapped);
        }
        write(connectorId, line);
    }

    /**
     * Records a group of items (a batch) together: {@code items} calls {@link #archived}, {@link #duplicate} or
     * {@link #quarantined} for the connector on this thread; the evidence ledger writes their entries in one commit
     * ({@link io.conduit.ledger.Ledger#group}), and only then are the log's lines written, with one flush. When the
     * ledger's group fails, none of the group's lines is written (its items are recorded again one by one).
     *
     * @throws RuntimeException what {@code items} threw, or the ledger's or the log's write failure
     */
    public void group(String connectorId, Runnable items) {
        if (groupLines.get() != null) {
            items.run();
            return;
        }
        List<Map.Entry<String, Map<String, Object>>> lines = new java.util.ArrayList<>();
        groupLines.set(lines);
        try {
            io.conduit.ledger.Ledger l = ledger;
            if (l != null) {
                l.group(connectorId, items);
            } else {
                items.run();
            }
        } finally {
            groupLines.remove();
        }
        emit(lines);
    }

    /** Records an item skipped because it was already archived. */
    public void duplicate(String connectorId, String itemRef, String itemId) {
        io.conduit.ledger.Ledger l = ledger;
        if (l != null) {
            l.duplicate(connectorId, itemRef, itemId);
        }
        Map<String, Object> line = line("duplicate", connectorId);
        line.put("itemId", itemId);
        line.put("source", itemRef);
        write(connectorId, line);
    }

    /** Records a quarantined item, record or input with its reason. */
    public void quarantined(String connectorId, String ref, String quarantineId, String reason) {
        io.conduit.ledger.Ledger l = ledger;
        if (l != null) {
            l.quarantined(connectorId, ref, quarantineId, reason);
        }
        Map<String, Object> line = line("quarantine", connectorId);
        line.put("source", ref);
        line.put("quarantineId", quarantineId);
        line.put("reason", reason);
        write(connectorId, line);
    }

    /**
     * Records a poll that failed before its items were read (source unreachable, credentials refused, checkpoint not
     * saved): nothing was lost, the next poll repeats the same window.
     */
    public void pollFailed(String connectorId, String error) {
        Map<String, Object> line = line("poll-failed", connectorId);
        line.put("error", error);
        write(connectorId, line);
        listener.pollFailed(connectorId, error);
        LOG.warn("Connector {} poll failed: {}; the next poll repeats its window", connectorId,
                Text.clean(error));
    }

    /**
     * Ends a run: writes its reconciliation record. A run whose counts do not balance is logged as an ERROR.
     *
     * @return the run, ended
     */
    public ConnectorRun finish(ConnectorRun run) {
        run.end();
        Map<String, Object> line = line("run", run.connectorId());
        line.put("input", run.input());
        line.put("start", run.startedAt().toString());
        line.put("end", run.endedAt().toString());
        line.put("items", run.items());
        line.put("archived", run.archived());
        line.put("copies", run.copies());
        line.put("duplicates", run.duplicates());
        line.put("quarantined", run.quarantined());
        line.put("unread", run.unread());
        line.put("catchAll", run.catchAll());
        line.put("partial", run.partial());
        line.put("balanced", run.balanced());
        if (run.failure() != null) {
            line.put("failure", run.failure());
        }
        if (!run.notes().isEmpty()) {
            line.put("notes", run.notes());
        }
        io.conduit.mapping.MappingUsage.Report mapping = run.mappingUsage().report();
        if (mapping != null) {
            line.put("mapping", mapping.toLogFields());
        }
        write(run.connectorId(), line);
        io.conduit.ledger.Ledger l = ledger;
        if (l != null) {
            l.seal(run);
        }
        if (mapping != null && (!mapping.unmatched().isEmpty() || !mapping.nearMisses().isEmpty())) {
            for (String text : mapping.toLines()) {
                if (text.startsWith("user mapping: near miss")) {
                    LOG.warn("Connector {}: {}", run.connectorId(), Text.clean(text));
                } else {
                    LOG.info("Connector {}: {}", run.connectorId(), Text.clean(text));
                }
            }
        }
        if (!run.balanced()) {
            LOG.error("Run of connector {} over {} does not balance: items={} archived={} duplicates={} quarantined={}",
                    run.connectorId(), Text.clean(run.input()), run.items(), run.archived(),
                    run.duplicates(), run.quarantined());
        } else {
            LOG.info("Connector {} read {} items from {}: {} archived ({} copies), {} duplicates, {} quarantined",
                    run.connectorId(), run.items(), Text.clean(run.input()), run.archived(),
                    run.copies(), run.duplicates(),
                    run.quarantined());
        }
        return run;
    }

    /** How much of the end of a connector's log {@link #recentRuns} reads: 64 KiB. */
    static final int RECENT_BYTES = 64 * 1024;

    /**
     * The {@code run} and {@code poll-failed} lines among the last {@value #RECENT_BYTES} bytes of a connector's log,
     * oldest first, each as its JSON fields ({@code type}, {@code time}, {@code end}, {@code balanced},
     * {@code failure}, {@code error}, counts): what the connector's meters and readiness start from after a restart. A
     * line that is not JSON (one cut short by a crash) is skipped.
     *
     * @return the run lines; empty when the connector has no log yet
     * @throws UncheckedIOException when the log exists but cannot be read
     */
    public List<Map<String, Object>> recentRuns(String connectorId) {
        Path file = file(connectorId);
        List<Map<String, Object>> runs = new java.util.ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return runs;
        }
        String tail;
        try (java.io.RandomAccessFile in = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - RECENT_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            tail = new String(bytes, StandardCharsets.UTF_8);
            if (start > 0) {
                tail = tail.substring(tail.indexOf('\n') + 1); // the first line is cut
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector log " + file, e);
        }
        for (String text : tail.split("\n")) {
            try {
                Map<String, Object> line = JSON.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<>() { });
                if ("run".equals(line.get("type")) || "poll-failed".equals(line.get("type"))) {
                    runs.add(line);
                }
            } catch (JsonProcessingException e) {
                LOG.debug("skipping a connector log line that is not JSON in {}", file);
            }
        }
        return runs;
    }

    private static Map<String, Object> line(String type, String connectorId) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.put("time", java.time.Instant.now().toString());
        line.put("connector", connectorId);
        return line;
    }

    private void write(String connectorId, Map<String, Object> line) {
        List<Map.Entry<String, Map<String, Object>>> group = groupLines.get();
        if (group != null) {
            group.add(Map.entry(connectorId, line));
        } else {
            emit(List.of(Map.entry(connectorId, line)));
        }
    }

    /** Writes lines (connector id to fields) to the sink, or else to the connectors' files. */
    private void emit(List<Map.Entry<String, Map<String, Object>>> lines) {
        if (sink != null) {
            sink.writeAll(lines);
        } else {
            writeFile(lines);
        }
    }

    /** Appends the lines to their connectors' files, then flushes each file written to once. */
    private synchronized void writeFile(List<Map.Entry<String, Map<String, Object>>> lines) {
        // every line serialised before any is written: a line that cannot be leaves the files as they were
        Map<String, StringBuilder> text = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Map<String, Object>> line : lines) {
                text.computeIfAbsent(line.getKey(), k -> new StringBuilder())
                        .append(JSON.writeValueAsString(line.getValue())).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write connector log line", e);
        }
        String connectorId = null;
        try {
            for (Map.Entry<String, StringBuilder> file : text.entrySet()) {
                connectorId = file.getKey();
                BufferedWriter w = writers.get(connectorId);
                if (w == null) {
                    Files.createDirectories(dir);
                    w = Files.newBufferedWriter(file(connectorId), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                    writers.put(connectorId, w);
                }
                w.append(file.getValue());
                w.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write connector log " + file(connectorId), e);
        }
    }

    private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[^A-Za-z0-9._-]");

    /** A connector id as a file name: characters other than letters, digits, dot, underscore and dash become {@code _}. */
    public static String safe(String id) {
        String s = id == null ? "unknown" : UNSAFE.matcher(id).replaceAll("_");
        return s.startsWith(".") ? "_" + s : s;
    }

    @Override
    public synchronized void close() {
        if (sink != null) {
            sink.close();
        }
        io.conduit.ledger.Ledger l = ledger;
        if (l != null) {
            l.close();
        }
        for (BufferedWriter w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.warn("cannot close connector log: {}", e.getMessage());
            }
        }
        writers.clear();
    }
}

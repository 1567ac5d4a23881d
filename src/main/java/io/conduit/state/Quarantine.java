package io.conduit.state;

import io.conduit.model.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.conduit.model.ArchiveItem;
import io.conduit.model.RejectedRecord;

/**
 * Where an item, a record or a whole input that cannot be archived waits with its reason: one folder per entry under
 * {@code <state>/quarantine/<id>/} holding {@code reason.json} and the original (the input file, the rejected record's
 * text, or the item as JSON with its attachments).
 *
 * <p>{@code reason.json}: {@code {"id", "time", "connector", "source", "step", "error", "message"}}; {@code source}
 * names the file and line or record, {@code step} the route and processor that failed.
 */
public final class Quarantine {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path dir;

    public Quarantine(Path stateDir) {
        this.dir = stateDir.resolve("quarantine");
    }

    /** The quarantine folder. */
    public Path dir() {
        return dir;
    }

    /**
     * A quarantine entry's reason.
     *
     * @param id        entry id, also its folder name
     * @param time      when it was quarantined, ISO-8601 UTC
     * @param connector connector id
     * @param source    what was quarantined: file, file and line, or record id
     * @param step      where it failed (route id and step)
     * @param error     exception class
     * @param message   what was wrong
     * @param retryUri  endpoint that re-runs the entry ({@code direct:archive} for an item, the source's route for an
     *                  input file), or {@code null} when a retry cannot help (a record the parser rejected)
     * @param settings  the connector settings the entry was read with (folder, zone, owner), for a retry
     */
    public record Reason(String id, String time, String connector, String source, String step, String error, String message,
                         String retryUri, Map<String, String> settings) {
    }

    /**
     * One quarantine entry loaded for a retry.
     *
     * @param reason the reason
     * @param item   the item, rebuilt from {@code item.json} with its stored attachments, or {@code null}
     * @param input    the original input file, or {@code null}
     * @param complete false when an attachment of the item could not be copied into quarantine: a retry would archive
     *                 the item without it
     */
    public record Entry(Reason reason, ArchiveItem item, Path input, boolean complete) {
    }

    /**
     * Puts something in quarantine.
     *
     * @param connectorId connector that read it
     * @param original    an {@link ArchiveItem}, a {@link RejectedRecord}, a {@link Path} or {@link java.io.File} of an
     *                    input file, or anything else (written with {@code toString()})
     * @param step        route and step that failed
     * @param cause       the failure
     * @return the reason as written
     * @throws UncheckedIOException when the state folder cannot be written: the caller must not count the item as
     *                              quarantined then
     */
    public Reason put(String connectorId, Object original, String step, Throwable cause) {
        return put(connectorId, original, step, cause, null, Map.of());
    }

    /**
     * Puts something in quarantine, with what a retry needs.
     *
     * @param retryUri endpoint that re-runs it, or {@code null} when a retry cannot help
     * @param settings connector settings to restore on a retry
     * @see #put(String, Object, String, Throwable)
     */
    public Reason put(String connectorId, Object original, String step, Throwable cause, String retryUri,
                      Map<String, String> settings) {
        Instant now = Instant.now();
        String source = sourceOf(original);
        String id = ID_TIME.format(now) + "-" + Text.sha256(connectorId + "|" + source + "|" + now.toEpochMilli() + "|"
                + SEQUENCE.incrementAndGet()).substring(0, 12);
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        Reason reason = new Reason(id, now.toString(), connectorId, source, step, root.getClass().getName(), message,
                original instanceof RejectedRecord ? null : retryUri, Map.copyOf(settings));
        Path entry = dir.resolve(id);
        try {
            Files.createDirectories(entry);
            writeOriginal(entry, original);
            JSON.writeValue(entry.resolve("reason.json").toFile(), reason);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write quarantine entry " + entry, e);
        }
        return reason;
    }

    /** Every entry's reason, oldest first. */
    public List<Reason> list() {
        List<Reason> reasons = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return reasons;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                Path r = p.resolve("reason.json");
                if (Files.isRegularFile(r)) {
                    reasons.add(JSON.readValue(r.toFile(), Reason.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read quarantine " + dir, e);
        }
        return reasons;
    }

    /**
     * Loads an entry for a retry.
     *
     * @throws IllegalArgumentException when there is no entry with that id
     * @throws UncheckedIOException     when the entry cannot be read
     */
    public Entry load(String id) {
        Path entry = dir.resolve(safeName(id));
        Path reasonFile = entry.resolve("reason.json");
        if (!Files.isRegularFile(reasonFile)) {
            throw new IllegalArgumentException("no quarantine entry " + id + " in " + dir);
        }
        try {
            Reason reason = JSON.readValue(reasonFile.toFile(), Reason.class);
            ArchiveItem item = Files.isRegularFile(entry.resolve("item.json")) ? readItem(entry) : null;
            Path input = null;
            Path originalDir = entry.resolve("original");
            if (Files.isDirectory(originalDir)) {
                try (Stream<Path> files = Files.list(originalDir)) {
                    input = files.findFirst().orElse(null);
                }
            }
            boolean complete = item == null || ArchiveItemJson.complete(JSON.readTree(entry.resolve("item.json").toFile()));
            return new Entry(reason, item, input, complete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read quarantine entry " + entry, e);
        }
    }

    /**
     * Moves an entry that a retry archived out of the quarantine, to {@code <state>/quarantine-retried/<id>/}, with
     * a {@code retried.json} saying when and with what result.
     */
    public void resolved(String id, Map<String, Object> result) {
        Path entry = dir.resolve(safeName(id));
        Path done = dir.resolveSibling("quarantine-retried").resolve(entry.getFileName());
        try {
            Map<String, Object> json = new LinkedHashMap<>(result);
            json.put("retried", Instant.now().toString());
            JSON.writeValue(entry.resolve("retried.json").toFile(), json);
            Files.createDirectories(done.getParent());
            Files.move(entry, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move quarantine entry " + entry + " to " + done, e);
        }
    }

    private static ArchiveItem readItem(Path entry) throws IOException {
        return ArchiveItemJson.fromJson(JSON.readTree(entry.resolve("item.json").toFile()),
                stored -> () -> Files.newInputStream(entry.resolve(safeName(stored))));
    }

    static String sourceOf(Object original) {
        if (original instanceof ArchiveItem item) {
            return item.sourceRef() != null ? item.sourceRef() : item.conversationId() + "/" + item.itemId();
        }
        if (original instanceof RejectedRecord r) {
            return r.sourceRef();
        }
        if (original instanceof Path p) {
            return String.valueOf(p.getFileName());
        }
        if (original instanceof java.io.File f) {
            return f.getName();
        }
        return original == null ? "unknown" : original.getClass().getSimpleName();
    }

    private static void writeOriginal(Path entry, Object original) throws IOException {
        if (original instanceof RejectedRecord r) {
            Files.writeString(entry.resolve("record.txt"), r.raw() == null ? "" : r.raw(), StandardCharsets.UTF_8);
        } else if (original instanceof ArchiveItem item) {
            writeItem(entry, item);
        } else if (original instanceof Path || original instanceof java.io.File) {
            Path file = original instanceof Path p ? p : ((java.io.File) original).toPath();
            if (Files.isSymbolicLink(file)) {
                Files.writeString(entry.resolve("record.txt"), "symbolic link, not copied: " + file.getFileName(),
                        StandardCharsets.UTF_8);
            } else if (Files.isRegularFile(file)) {
                Path originalDir = Files.createDirectories(entry.resolve("original"));
                Files.copy(file, originalDir.resolve(safeName(String.valueOf(file.getFileName()))),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } else if (original != null) {
            Files.writeString(entry.resolve("record.txt"), original.toString(), StandardCharsets.UTF_8);
        }
    }

    private static void writeItem(Path entry, ArchiveItem item) throws IOException {
        Map<String, Object> json = ArchiveItemJson.toJson(item, (n, a) -> {
            String stored = "attachment-" + n + "-" + safeName(a.fileName());
            try (InputStream in = a.content().open()) {
                Files.copy(in, entry.resolve(stored), StandardCopyOption.REPLACE_EXISTING);
            }
            return stored;
        });
        JSON.writeValue(entry.resolve("item.json").toFile(), json);
    }

    private static String safeName(String name) {
        String s = name == null ? "file" : name.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._ -]", "_");
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        return s.isBlank() ? "file" : s;
    }
}

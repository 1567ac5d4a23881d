package io.conduit.state.transcript;

import io.conduit.model.Text;
import io.conduit.state.ArchiveItemJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.model.ArchiveItem;

/**
 * The transcript state in the state folder: one folder per conversation day,
 * {@code <state>/transcripts/<connector>/<conversation hash>/<yyyy-mm-dd>/} with {@code day.json} (connector,
 * conversation, date, folder), {@code items.jsonl} (one {@link ArchiveItemJson} object per item, appended and forced to
 * disk after its attachments under {@code files/}), and {@code versions.jsonl} (one {@link TranscriptStore.Issued} per
 * line); {@code <state>/transcripts/open-days.txt} lists the days that may be pending, compacted on start.
 *
 * <p>A crash while an item is appended can leave a cut last line: it is ignored on reading (the item's idempotency key
 * was not recorded, so its source is read again and it is kept again).
 */
public final class FileTranscriptStore implements TranscriptStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path openDays;
    private final Set<String> open = new LinkedHashSet<>();
    private final Map<String, Set<String>> keys = new HashMap<>();

    /**
     * Loads the list of open days and drops those that are no longer pending.
     *
     * @throws UncheckedIOException when the state cannot be read or written
     */
    public FileTranscriptStore(Path stateDir) {
        this.root = stateDir.resolve("transcripts");
        this.openDays = root.resolve("open-days.txt");
        try {
            Files.createDirectories(root);
            if (Files.exists(openDays)) {
                for (String line : Files.readAllLines(openDays, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && Files.isRegularFile(root.resolve(line).resolve("day.json"))) {
                        open.add(line);
                    }
                }
            }
            open.removeIf(rel -> !isPending(root.resolve(rel)));
            replace(openDays, open.stream().map(rel -> rel + "\n").collect(java.util.stream.Collectors.joining())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transcript state " + root, e);
        }
    }

    @Override
    public synchronized boolean stage(Day day, String folder, ArchiveItem item) {
        String rel = relative(day);
        Path dir = root.resolve(rel);
        String key = item.idempotencyKey();
        try {
            Set<String> dayKeys = keys(dir, rel);
            if (dayKeys.contains(key)) {
                return false;
            }
            Files.createDirectories(dir.resolve("files"));
            Map<String, Object> meta = new java.util.LinkedHashMap<>();
            meta.put("connectorId", day.connectorId());
            meta.put("conversationId", day.conversationId());
            meta.put("date", day.date().toString());
            meta.put("folder", folder);
            replace(dir.resolve("day.json"), JSON.writeValueAsBytes(meta));
            String prefix = Text.sha256(key).substring(0, 16);
            Map<String, Object> json = ArchiveItemJson.toJson(item, (n, a) -> {
                String stored = prefix + "-" + n;
                try (InputStream in = a.content().open()) {
                    Files.copy(in, dir.resolve("files").resolve(stored), StandardCopyOption.REPLACE_EXISTING);
                }
                return stored;
            });
            json.put("key", key);
            appendLine(dir.resolve("items.jsonl"), JSON.writeValueAsString(json));
            dayKeys.add(key);
            if (open.add(rel)) {
                appendLine(openDays, rel);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep item " + item.sourceRef() + " in the transcript state " + dir, e);
        }
    }

    @Override
    public synchronized List<Day> pending() {
        List<Day> days = new ArrayList<>();
        for (String rel : open) {
            Path dir = root.resolve(rel);
            if (isPending(dir)) {
                days.add(day(dir));
            }
        }
        days.sort(java.util.Comparator.comparing(Day::date));
        return days;
    }

    @Override
    public synchronized List<ArchiveItem> items(Day day) {
        Path dir = root.resolve(relative(day));
        List<ArchiveItem> items = new ArrayList<>();
        try {
            for (JsonNode n : lines(dir.resolve("items.jsonl"))) {
                items.add(ArchiveItemJson.fromJson(n, stored -> () -> Files.newInputStream(dir.resolve("files")
                        .resolve(stored.replaceAll("[^0-9a-f-]", "_")))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transcript state " + dir, e);
        }
        return items;
    }

    @Override
    public synchronized String folder(Day day) {
        Path meta = root.resolve(relative(day)).resolve("day.json");
        try {
            return Files.isRegularFile(meta) ? JSON.readTree(meta.toFile()).path("folder").asText(null) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
    }

    @Override
    public synchronized Optional<Issued> lastIssued(Day day) {
        return last(root.resolve(relative(day)));
    }

    @Override
    public synchronized void issued(Day day, Issued version) {
        Path dir = root.resolve(relative(day));
        try {
            appendLine(dir.resolve("versions.jsonl"), JSON.writeValueAsString(version));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record transcript version " + version.version() + " in " + dir, e);
        }
    }

    private Set<String> keys(Path dir, String rel) throws IOException {
        Set<String> dayKeys = keys.get(rel);
        if (dayKeys == null) {
            dayKeys = new java.util.HashSet<>();
            for (JsonNode n : lines(dir.resolve("items.jsonl"))) {
                dayKeys.add(n.path("key").asText());
            }
            if (keys.size() >= 256) {
                keys.clear(); // the days being read now; the others are read again when touched
            }
            keys.put(rel, dayKeys);
        }
        return dayKeys;
    }

    private boolean isPending(Path dir) {
        try {
            int items = lines(dir.resolve("items.jsonl")).size();
            return items > last(dir).map(Issued::items).orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transcript state " + dir, e);
        }
    }

    private static Optional<Issued> last(Path dir) {
        try {
            List<JsonNode> versions = lines(dir.resolve("versions.jsonl"));
            return versions.isEmpty() ? Optional.empty()
                    : Optional.of(JSON.treeToValue(versions.get(versions.size() - 1), Issued.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transcript versions of " + dir, e);
        }
    }

    private Day day(Path dir) {
        try {
            JsonNode meta = JSON.readTree(dir.resolve("day.json").toFile());
            return new Day(meta.path("connectorId").asText(), meta.path("conversationId").asText(),
                    LocalDate.parse(meta.path("date").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("day.json"), e);
        }
    }

    /** The JSON lines of a file; a last line cut by a crash is left out, any other unreadable line is an error. */
    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        if (!Files.exists(file)) {
            return nodes;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String pendingError = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (pendingError != null) {
                    throw new IOException(file + ": unreadable line before the last: " + pendingError);
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    nodes.add(JSON.readTree(line));
                } catch (IOException e) {
                    pendingError = e.getMessage();
                }
            }
        }
        return nodes;
    }

    /** Replaces a file's content atomically: a crash leaves the old content or the new. */
    private static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void appendLine(Path file, String line) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    private static String relative(Day day) {
        String connector = day.connectorId().replaceAll("[^A-Za-z0-9._-]", "_");
        while (connector.startsWith(".")) {
            connector = "_" + connector.substring(1);
        }
        return connector + "/" + Text.sha256(day.conversationId()).substring(0, 24) + "/" + day.date();
    }
}

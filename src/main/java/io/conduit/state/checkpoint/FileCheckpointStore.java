package io.conduit.state.checkpoint;

import io.conduit.state.log.ConnectorLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checkpoints in the state folder: one JSON file per connector, {@code <state>/checkpoints/<connector>.json}, holding
 * {@code {"<partition>": {"key": "value", ...}, ...}}; each save writes a temporary file, forces it to disk and renames
 * it over the old one. Thread-safe.
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, TreeMap<String, String>>> SHAPE = new TypeReference<>() {
    };

    private final Path dir;

    public FileCheckpointStore(Path stateDir) {
        this.dir = stateDir.resolve("checkpoints");
    }

    @Override
    public synchronized Optional<Map<String, String>> load(String connectorId, String partition) {
        return Optional.ofNullable(read(connectorId).get(partition));
    }

    @Override
    public synchronized void save(String connectorId, String partition, Map<String, String> checkpoint) {
        TreeMap<String, TreeMap<String, String>> all = read(connectorId);
        all.put(partition, new TreeMap<>(checkpoint));
        Path file = file(connectorId);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(ch)) {
                out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot write checkpoint of connector " + connectorId + ", partition " + partition
                    + " to " + file + ": " + e.getMessage(), e);
        }
    }

    private TreeMap<String, TreeMap<String, String>> read(String connectorId) {
        Path file = file(connectorId);
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            TreeMap<String, TreeMap<String, String>> all = JSON.readValue(file.toFile(), SHAPE);
            if (all == null) {
                throw new IOException("empty checkpoint file");
            }
            return all;
        } catch (IOException e) {
            throw new CheckpointException("checkpoint file " + file + " of connector " + connectorId
                    + " is unreadable (" + e.getMessage() + "); fix or remove it deliberately: it is never reset silently", e);
        }
    }

    private Path file(String connectorId) {
        return dir.resolve(ConnectorLog.safe(connectorId) + ".json");
    }
}

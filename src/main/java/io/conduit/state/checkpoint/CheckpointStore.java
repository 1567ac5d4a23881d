package io.conduit.state.checkpoint;

import java.util.Map;
import java.util.Optional;

/**
 * How far each connector has read each source partition (a file, an account, a conversation), as a flat map such as
 * {@code {file, size, modified, records}} or {@code {since, cursor}}: the same shape for every source.
 *
 * <p>A checkpoint advances only after every item it covers is archived, quarantined or recognised as a duplicate. An
 * unreadable checkpoint is an error ({@link CheckpointException}), never a silent reset.
 */
public interface CheckpointStore extends AutoCloseable {

    /**
     * @return the partition's checkpoint, or empty when the connector never read it
     * @throws CheckpointException when the stored checkpoint cannot be read
     */
    Optional<Map<String, String>> load(String connectorId, String partition);

    /**
     * Replaces the partition's checkpoint, atomically: a crash leaves the old one or the new one.
     *
     * @throws CheckpointException when it cannot be written
     */
    void save(String connectorId, String partition, Map<String, String> checkpoint);

    @Override
    default void close() {
    }
}

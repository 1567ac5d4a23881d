package io.conduit.state.checkpoint;

import io.conduit.state.checkpoint.CheckpointException;
import io.conduit.state.checkpoint.FileCheckpointStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {

    @TempDir
    Path state;

    @Test
    void saves_atomically_and_loads_per_connector_and_partition_across_restarts() {
        FileCheckpointStore store = new FileCheckpointStore(state);
        store.save("wa", "/in/a.txt", Map.of("records", "100", "done", "false"));
        store.save("wa", "/in/b.txt", Map.of("records", "7"));
        store.save("other", "/in/a.txt", Map.of("since", "2026-11-20T00:00:00Z"));
        store.save("wa", "/in/a.txt", Map.of("records", "200", "done", "true"));

        FileCheckpointStore restarted = new FileCheckpointStore(state);
        assertThat(restarted.load("wa", "/in/a.txt")).contains(Map.of("records", "200", "done", "true"));
        assertThat(restarted.load("wa", "/in/b.txt")).contains(Map.of("records", "7"));
        assertThat(restarted.load("other", "/in/a.txt")).contains(Map.of("since", "2026-11-20T00:00:00Z"));
        assertThat(restarted.load("wa", "/in/c.txt")).isEmpty();
        assertThat(state.resolve("checkpoints")).isDirectoryContaining("glob:**/wa.json")
                .isDirectoryNotContaining("glob:**/*.tmp");
    }

    @Test
    void an_unreadable_checkpoint_is_an_error_not_a_reset() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(state);
        store.save("wa", "/in/a.txt", Map.of("records", "100"));
        Files.writeString(state.resolve("checkpoints/wa.json"), "{\"/in/a.txt\": {\"records\": ");

        assertThatThrownBy(() -> store.load("wa", "/in/a.txt"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("wa.json").hasMessageContaining("never reset silently");
        assertThatThrownBy(() -> store.save("wa", "/in/b.txt", Map.of("records", "1")))
                .isInstanceOf(CheckpointException.class);
        assertThat(Files.readString(state.resolve("checkpoints/wa.json"))).startsWith("{\"/in/a.txt\"");
    }
}

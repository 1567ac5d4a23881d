package io.conduit.state.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStateDatabaseTest {

    @TempDir
    Path state;

    @Test
    void keys_survive_a_reopen_and_are_added_once() {
        EmbeddedStateDatabase db = EmbeddedStateDatabase.open(state);
        JdbcIdempotentRepository keys = JdbcIdempotentRepository.embeddedArchivedItems(db);
        assertThat(keys.add("a")).isTrue();
        assertThat(keys.add("a")).isFalse();
        assertThat(keys.remove("a")).isFalse();
        db.stop();

        EmbeddedStateDatabase again = EmbeddedStateDatabase.open(state);
        JdbcIdempotentRepository reopened = JdbcIdempotentRepository.embeddedArchivedItems(again);
        assertThat(reopened.contains("a")).isTrue();
        assertThat(reopened.contains("b")).isFalse();
        again.stop();
    }

    @Test
    void the_keys_of_a_batch_are_looked_up_together_over_several_queries() {
        EmbeddedStateDatabase db = EmbeddedStateDatabase.open(state);
        JdbcIdempotentRepository keys = JdbcIdempotentRepository.embeddedArchivedItems(db);
        List<String> asked = new java.util.ArrayList<>();
        java.util.Set<String> added = new java.util.HashSet<>();
        for (int i = 0; i < 2 * JdbcIdempotentRepository.KEYS_PER_QUERY + 7; i++) {
            String key = "key-" + i;
            asked.add(key);
            if (i % 3 == 0) {
                keys.add(key);
                added.add(key);
            }
        }
        keys.add("not-asked");
        assertThat(keys.containing(asked)).isEqualTo(added);
        assertThat(keys.containing(List.of())).isEmpty();
        assertThat(keys.containing(List.of("key-1", "key-3"))).containsExactly("key-3");
        db.stop();
    }

    @Test
    void a_failed_file_key_is_removed_so_the_file_is_read_again() {
        EmbeddedStateDatabase db = EmbeddedStateDatabase.open(state);
        JdbcIdempotentRepository files = JdbcIdempotentRepository.embeddedProcessedFiles(db);
        assertThat(files.add("whatsapp/chat.txt-10-1")).isTrue();
        assertThat(files.remove("whatsapp/chat.txt-10-1")).isTrue();
        assertThat(files.contains("whatsapp/chat.txt-10-1")).isFalse();
        db.stop();
    }

    @Test
    void an_earlier_key_file_is_moved_into_the_database_and_renamed_migrated() throws Exception {
        Files.write(state.resolve("archived-items.txt"), List.of("k1", "k2", "", "k1", "k3"));
        EmbeddedStateDatabase db = EmbeddedStateDatabase.open(state);
        JdbcIdempotentRepository keys = JdbcIdempotentRepository.embeddedArchivedItems(db);
        keys.add("k3");

        long read = EmbeddedStateDatabase.migrate(state.resolve("archived-items.txt"), keys);

        assertThat(read).isEqualTo(4);
        assertThat(keys.contains("k1")).isTrue();
        assertThat(keys.contains("k2")).isTrue();
        assertThat(keys.contains("k3")).isTrue();
        assertThat(state.resolve("archived-items.txt")).doesNotExist();
        assertThat(Files.readAllLines(state.resolve("archived-items.txt.migrated"))).containsExactly("k1", "k2", "", "k1", "k3");
        assertThat(EmbeddedStateDatabase.migrate(state.resolve("archived-items.txt"), keys)).isZero();
        db.stop();
    }
}

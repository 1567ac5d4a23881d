package io.conduit.state;

import io.conduit.state.idempotency.ArchivedItemRepository;
import io.conduit.state.journal.PendingItems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state that makes crash recovery work: the lock, the intent journal and the never-forgetting key repository. */
class StateRecoveryTest {

    @TempDir
    Path state;

    @Test
    void a_second_user_of_a_state_folder_is_refused_until_the_first_stops() {
        StateLock first = StateLock.acquire(state);
        assertThatThrownBy(() -> StateLock.acquire(state))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another Conduit process").hasMessageContaining("--state");
        first.stop();
        StateLock again = StateLock.acquire(state);
        again.stop();
        assertThat(state.resolve("conduit.lock")).exists();
    }

    @Test
    void keys_begun_but_not_archived_stay_pending_across_restarts_and_within_a_run() throws Exception {
        ArchivedItemRepository archived = new ArchivedItemRepository(state.resolve("archived-items.txt").toFile());
        archived.start();
        PendingItems pending = new PendingItems(state, archived::contains);
        pending.begin("done");
        pending.begin("half-stored");
        archived.add("done");
        assertThat(pending.wasPending("half-stored")).as("within the same process").isTrue();
        pending.close();

        PendingItems afterCrash = new PendingItems(state, archived::contains);
        assertThat(afterCrash.wasPending("half-stored")).isTrue();
        assertThat(afterCrash.wasPending("done")).isFalse();
        assertThat(afterCrash.pendingCount()).isEqualTo(1);
        assertThat(Files.readAllLines(state.resolve("pending-items.txt"))).containsExactly("half-stored");
        afterCrash.close();
        archived.stop();
    }

    @Test
    void a_long_run_keeps_in_memory_only_the_keys_not_yet_archived() throws Exception {
        ArchivedItemRepository archived = new ArchivedItemRepository(state.resolve("archived-items.txt").toFile());
        archived.start();
        PendingItems pending = new PendingItems(state, archived::contains);
        pending.begin("failed");
        for (int i = 0; i < PendingItems.PRUNE_AT_LEAST; i++) {
            pending.begin("item-" + i);
            archived.add("item-" + i);
        }

        assertThat(pending.pendingCount()).as("the failed key and the few begun since the last pruning")
                .isBetween(1, 3);
        assertThat(pending.wasPending("failed")).isTrue();
        assertThat(pending.wasPending("item-0")).as("archived: no longer pending").isFalse();
        assertThat(Files.readAllLines(state.resolve("pending-items.txt"))).hasSize(PendingItems.PRUNE_AT_LEAST + 1);
        pending.close();
        archived.stop();
    }

    @Test
    void the_archived_items_repository_never_forgets_a_key() throws Exception {
        ArchivedItemRepository archived = new ArchivedItemRepository(state.resolve("archived-items.txt").toFile());
        archived.start();
        archived.add("k1");
        assertThat(archived.remove("k1")).isFalse();
        archived.stop();
        ArchivedItemRepository restarted = new ArchivedItemRepository(state.resolve("archived-items.txt").toFile());
        restarted.start();
        assertThat(restarted.contains("k1")).isTrue();
        assertThat(restarted.add("k1")).isFalse();
        restarted.stop();
    }
}

package io.conduit.state.journal;

/**
 * The intent journal: records that an item's copies are about to be stored, so that an item a crash (or a killed
 * node) may have left half-stored is stored again with a lookup first ({@link io.conduit.store.ArchiveStore#appendIfAbsent})
 * rather than doubled. {@link PendingItems} keeps it in the state folder (one node), {@link JdbcPendingItems} in
 * PostgreSQL (clustered: a node that takes over sees what a killed node began).
 */
public interface IntentJournal extends AutoCloseable {

    /**
     * True when this item's storing began before (in an earlier run, on another node, or earlier in this process) and
     * may not have finished.
     */
    boolean wasPending(String key);

    /** Number of items whose storing began and may not have finished (on start: what earlier runs left). */
    int pendingCount();

    /** Records that the item's copies are about to be stored; durable before returning. */
    void begin(String key);

    /**
     * Records that the copies of several items are about to be stored, in one write where the journal can (a batch's
     * group commit); durable before returning.
     */
    default void beginAll(java.util.Collection<String> keys) {
        for (String key : keys) {
            begin(key);
        }
    }

    @Override
    void close();
}

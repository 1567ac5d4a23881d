package io.conduit.state;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reconciliation counters of one run of one connector over one input (a file, a poll window).
 *
 * <p>Counts balance when {@code items == archived + duplicates + quarantined} and {@code unread == 0}: every item read
 * ended archived (one or more mailbox copies written), skipped as already archived, or quarantined with a reason, and
 * every input was read to its end. Each count is also passed
 * on to the run's {@link Listener} (the Prometheus meters), so the meters never keep counts of their own. Thread-safe.
 */
public final class ConnectorRun {

    /**
     * Told of every count of a run as it is made, and of the run's end; the default methods do nothing. Called on the
     * thread that counts, so implementations are quick and thread-safe.
     */
    public interface Listener {

        /** No listener. */
        Listener NONE = new Listener() {
        };

        /** An item or a record was read. */
        default void itemRead(String connectorId) {
        }

        /**
         * An item was archived.
         *
         * @param copies   mailbox copies written
         * @param itemTime the item's original time (UTC), or {@code null} when unknown
         */
        default void itemArchived(String connectorId, int copies, Instant itemTime) {
        }

        /** An item was already archived. */
        default void itemDuplicate(String connectorId) {
        }

        /** An item, a record or a whole input was quarantined. */
        default void itemQuarantined(String connectorId) {
        }

        /** An archived item left out attachments over the maximum item size. */
        default void itemPartial(String connectorId) {
        }

        /**
         * A poll failed before its items were read (a {@code poll-failed} line of the connector log), whether or not a
         * run was open; the connector's run, if any, ends later with {@link ConnectorRun#failure()} set.
         */
        default void pollFailed(String connectorId, String error) {
        }

        /** The run ended (its reconciliation record was written); see {@link ConnectorRun#failure()}. */
        default void runEnded(ConnectorRun run) {
        }
    }

    private final String connectorId;
    private final String input;
    private final Instant startedAt;
    private volatile Instant endedAt;
    private volatile String failure;
    private volatile Listener listener = Listener.NONE;
    final AtomicLong items = new AtomicLong();
    final AtomicLong archived = new AtomicLong();
    final AtomicLong copies = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong quarantined = new AtomicLong();
    final AtomicLong catchAll = new AtomicLong();
    final AtomicLong partial = new AtomicLong();
    final AtomicLong unread = new AtomicLong();
    private final java.util.List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final io.conduit.mapping.MappingUsage mappingUsage = new io.conduit.mapping.MappingUsage();

    /**
     * @param connectorId connector (route) id
     * @param input       what this run reads: a file name or a poll window, for the connector log
     */
    public ConnectorRun(String connectorId, String input) {
        this.connectorId = connectorId;
        this.input = input;
        this.startedAt = Instant.now();
    }

    public String connectorId() {
        return connectorId;
    }

    public String input() {
        return input;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public void end() {
        endedAt = Instant.now();
        listener.runEnded(this);
    }

    /** Passes every later count of this run on to {@code listener} too (replacing any listener set before). */
    public void observe(Listener listener) {
        this.listener = listener == null ? Listener.NONE : listener;
    }

    /** Marks the run as failed before its items were read (a poll that failed: source unreachable, credentials refused). */
    public void fail(String reason) {
        this.failure = reason == null ? "unknown error" : reason;
    }

    /** Why the run failed, or {@code null} when it did not (see {@link #fail}). */
    public String failure() {
        return failure;
    }

    /** An item (or a record that could not become one) was read. */
    public void itemRead() {
        items.incrementAndGet();
        listener.itemRead(connectorId);
    }

    /** An item was stored with this many copies; {@code catchAllCopy} when it went to the catch-all mailbox. */
    public void itemArchived(int copyCount, boolean catchAllCopy) {
        itemArchived(copyCount, catchAllCopy, null);
    }

    /**
     * An item was stored with this many copies; {@code catchAllCopy} when it went to the catch-all mailbox.
     *
     * @param itemTime the item's original time, for the checkpoint lag; {@code null} when unknown
     */
    public void itemArchived(int copyCount, boolean catchAllCopy, Instant itemTime) {
        archived.incrementAndGet();
        copies.addAndGet(copyCount);
        if (catchAllCopy) {
            catchAll.incrementAndGet();
        }
        listener.itemArchived(connectorId, copyCount, itemTime);
    }

    /** An archived item left out attachments over the maximum item size (it is also counted as archived). */
    public void itemPartial() {
        partial.incrementAndGet();
        listener.itemPartial(connectorId);
    }

    public long partial() {
        return partial.get();
    }

    /**
     * The rest of an input could not be read (the source found no way past a bad record): the whole input is in
     * quarantine, and the run does not balance however its other counts add up.
     */
    public void inputUnread() {
        unread.incrementAndGet();
        listener.itemQuarantined(connectorId);
    }

    /** Records what the source had to assume about the input (an inferred owner), for the run's line. */
    public void note(String note) {
        if (note != null && !note.isBlank() && !notes.contains(note)) {
            notes.add(note);
        }
    }

    /** What the source had to assume, in order; empty when nothing. */
    public java.util.List<String> notes() {
        return java.util.List.copyOf(notes);
    }

    /** Inputs whose rest could not be read (see {@link #inputUnread()}). */
    public long unread() {
        return unread.get();
    }

    /** An item was recognised as already archived. */
    public void itemDuplicate() {
        duplicates.incrementAndGet();
        listener.itemDuplicate(connectorId);
    }

    /** An item, a record or a whole input was quarantined with a reason. */
    public void itemQuarantined() {
        quarantined.incrementAndGet();
        listener.itemQuarantined(connectorId);
    }

    public long items() {
        return items.get();
    }

    public long archived() {
        return archived.get();
    }

    public long copies() {
        return copies.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long quarantined() {
        return quarantined.get();
    }

    public long catchAll() {
        return catchAll.get();
    }

    /**
     * True when every item read is accounted for (archived, duplicate or quarantined) and every input was read to its
     * end ({@link #unread()} is 0).
     */
    public boolean balanced() {
        return items() == archived() + duplicates() + quarantined() && unread() == 0;
    }

    /** How this run's items used the user mapping: the rows that matched, the near misses of unmapped participants. */
    public io.conduit.mapping.MappingUsage mappingUsage() {
        return mappingUsage;
    }

    /** Adds another run's counts to this one (for a summary over several inputs); the listener is not told. */
    public void add(ConnectorRun other) {
        items.addAndGet(other.items());
        archived.addAndGet(other.archived());
        copies.addAndGet(other.copies());
        duplicates.addAndGet(other.duplicates());
        quarantined.addAndGet(other.quarantined());
        catchAll.addAndGet(other.catchAll());
        partial.addAndGet(other.partial());
        unread.addAndGet(other.unread());
        other.notes().forEach(this::note);
        mappingUsage.add(other.mappingUsage);
    }
}

package io.conduit.state;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reconciliation counters of one run of one connector over one input (a file, a poll window).
 *
 * <p>Counts balance when {@code items == archived + duplicates + quarantined}: every item read ended archived (one or
 * more mailbox copies written), skipped as already archived, or quarantined with a reason. Thread-safe.
 */
public final class ConnectorRun {

    private final String connectorId;
    private final String input;
    private final Instant startedAt;
    private volatile Instant endedAt;
    final AtomicLong items = new AtomicLong();
    final AtomicLong archived = new AtomicLong();
    final AtomicLong copies = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong quarantined = new AtomicLong();
    final AtomicLong catchAll = new AtomicLong();
    final AtomicLong partial = new AtomicLong();

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

    void end() {
        endedAt = Instant.now();
    }

    /** An item (or a record that could not become one) was read. */
    public void itemRead() {
        items.incrementAndGet();
    }

    /** An item was stored with this many copies; {@code catchAllCopy} when it went to the catch-all mailbox. */
    public void itemArchived(int copyCount, boolean catchAllCopy) {
        archived.incrementAndGet();
        copies.addAndGet(copyCount);
        if (catchAllCopy) {
            catchAll.incrementAndGet();
        }
    }

    /** An archived item left out attachments over the maximum item size (it is also counted as archived). */
    public void itemPartial() {
        partial.incrementAndGet();
    }

    public long partial() {
        return partial.get();
    }

    /** An item was recognised as already archived. */
    public void itemDuplicate() {
        duplicates.incrementAndGet();
    }

    /** An item, a record or a whole input was quarantined with a reason. */
    public void itemQuarantined() {
        quarantined.incrementAndGet();
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

    /** True when every item read is accounted for: archived, duplicate or quarantined. */
    public boolean balanced() {
        return items() == archived() + duplicates() + quarantined();
    }

    /** Adds another run's counts to this one (for a summary over several inputs). */
    public void add(ConnectorRun other) {
        items.addAndGet(other.items());
        archived.addAndGet(other.archived());
        copies.addAndGet(other.copies());
        duplicates.addAndGet(other.duplicates());
        quarantined.addAndGet(other.quarantined());
        catchAll.addAndGet(other.catchAll());
        partial.addAndGet(other.partial());
    }
}

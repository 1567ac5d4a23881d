package io.conduit.ledger;

import java.util.Map;

/** One connector's chain: its head, sequence number and last seal, and where its entries go. */
abstract class LedgerChain {
    final String connector;
    long seq;
    long lastSeal;
    String head = Ledger.GENESIS;
    /** Inside {@link Ledger#group}: the entries join the group's transaction instead of committing one by one. */
    boolean grouped;

    LedgerChain(String connector) {
        this.connector = connector;
    }

    /** Starts a group of entries (a transaction, for the database). */
    abstract void begin();

    /** Whether a copy (mailbox, folder and Message-ID: {@code Ledger.copyKey}) is already recorded. */
    abstract boolean recorded(String copyKey);

    abstract void write(String line, long seq, String type, String hash, String copyKey);

    /** Ends the group: written out, forced to disk when {@code force} (a seal). */
    abstract void commit(boolean force);

    abstract void close();

    /**
     * Ends a group that failed before its commit. The database's transaction (and its lock) is rolled back and the
     * head read again at the next begin. The file keeps the entries appended so far: they are written at the next
     * commit, in order, and a copy entry among them is not appended a second time ({@link #recorded}).
     */
    void abort() {
        // a file chain: nothing to undo
    }

    void append(Map<String, Object> entry, LedgerKeys signer, String copyKey) {
        if (signer != null) {
            entry.put("sig", signer.sign(Canonical.bytes(entry)));
        }
        String hash = Canonical.sha256(Canonical.bytes(entry));
        entry.put("hash", hash);
        write(Canonical.utf8(Canonical.bytes(entry)), seq + 1, String.valueOf(entry.get("type")), hash, copyKey);
        seq++;
        head = hash;
    }
}

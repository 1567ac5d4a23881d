package io.conduit.state.journal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The intent journal that closes the window between storing an item's copies and recording its idempotency key: the
 * key is appended here before the first copy is stored, and the idempotency repository gets it once every copy is.
 *
 * <p>A key found here on start but not in the idempotency repository belongs to an item that a crash (or a kill)
 * may have left half-stored: its copies are then stored with {@link io.conduit.store.ArchiveStore#appendIfAbsent},
 * which looks the {@code Message-ID} up before appending, so that each copy ends in its mailbox exactly once. On
 * start the journal is compacted to those keys. One line per key, in {@code <state>/pending-items.txt}.
 */
public final class PendingItems implements IntentJournal {

    /**
     * Keys held in memory before those already archived are dropped from it; then twice the keys left, at least this.
     * So memory holds the keys in flight and those of failed items, not one per item of a long run.
     */
    public static final int PRUNE_AT_LEAST = 10_000;

    private final Path file;
    private final Predicate<String> archived;
    private final Set<String> begun = new HashSet<>();
    private int pruneAt = PRUNE_AT_LEAST;
    private BufferedWriter writer;

    /**
     * Loads the journal and compacts it.
     *
     * @param stateDir state folder
     * @param archived tells whether a key is already in the idempotency repository (those are done)
     * @throws UncheckedIOException when the journal cannot be read or rewritten: an unreadable journal is an error,
     *                              not a silent reset
     */
    public PendingItems(Path stateDir, Predicate<String> archived) {
        this.file = stateDir.resolve("pending-items.txt");
        this.archived = archived;
        try {
            Files.createDirectories(stateDir);
            if (Files.exists(file)) {
                // streamed: after a long run the journal has a line per item, most of them archived since
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String key = in.readLine(); key != null; key = in.readLine()) {
                        if (!key.isBlank() && !archived.test(key)) {
                            begun.add(key);
                        }
                    }
                }
            }
            Path tmp = stateDir.resolve("pending-items.txt.tmp");
            Files.write(tmp, begun, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pending-items journal " + file, e);
        }
    }

    /**
     * True when this item's storing began before (in an earlier run that may have stopped abruptly, or earlier in this
     * process, for example before its copies failed and it was quarantined) and may not have finished.
     */
    @Override
    public boolean wasPending(String key) {
        synchronized (begun) {
            return begun.contains(key);
        }
    }

    /** Number of items whose storing began and may not have finished (on start: what earlier runs left). */
    @Override
    public int pendingCount() {
        synchronized (begun) {
            return begun.size();
        }
    }

    /**
     * Records that the item's copies are about to be stored; written through to the file before returning. Now and
     * then drops the keys that the idempotency repository has since recorded (archived: no longer pending) from memory.
     */
    @Override
    public synchronized void begin(String key) {
        beginAll(java.util.List.of(key));
    }

    /** Records the keys with one write of the file (a batch's group commit). */
    @Override
    public synchronized void beginAll(java.util.Collection<String> keys) {
        synchronized (begun) {
            begun.addAll(keys);
            if (begun.size() >= pruneAt) {
                begun.removeIf(archived);
                pruneAt = Math.max(PRUNE_AT_LEAST, 2 * begun.size());
            }
        }
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            for (String key : keys) {
                writer.write(key);
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pending-items journal " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the pending-items journal " + file, e);
            }
            writer = null;
        }
    }
}

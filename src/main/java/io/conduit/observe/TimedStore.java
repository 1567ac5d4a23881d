package io.conduit.observe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.conduit.store.ArchiveStore;
import io.conduit.store.MaildirStore;
import io.conduit.store.StoreException;
import io.conduit.store.StoredCopy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.internet.MimeMessage;

/**
 * An {@link ArchiveStore} that times every copy it writes: the timer {@code conduit_append_seconds} (Prometheus
 * {@code _count}, {@code _sum}, {@code _max} and {@code _bucket} with {@code le} = 0.005, 0.025, 0.1, 0.5, 2, 10, 60
 * and +Inf seconds), tag {@code store} = {@code imap} (one IMAP APPEND, with its
 * Message-ID lookup when recovering) or {@code maildir} (one file written, forced to disk and renamed). Failed attempts
 * are timed too. Everything else is passed through.
 */
public final class TimedStore implements ArchiveStore {

    /** The timer's name (Prometheus {@code conduit_append_seconds}). */
    public static final String APPEND = "conduit.append";

    /** Upper bounds of the histogram buckets ({@code le}): 5 ms to 1 min. */
    static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60)};

    private final ArchiveStore store;
    private final Timer timer;

    /**
     * @param store    the store that writes
     * @param registry where the timer is registered
     */
    public TimedStore(ArchiveStore store, MeterRegistry registry) {
        this.store = store;
        this.timer = Timer.builder(APPEND)
                .description("Time to write one mailbox copy (IMAP APPEND or Maildir file)")
                .tag("store", store instanceof MaildirStore ? "maildir" : "imap")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    @Override
    public StoredCopy append(String mailbox, String folder, MimeMessage message) throws StoreException {
        return timed(() -> store.append(mailbox, folder, message));
    }

    @Override
    public StoredCopy appendIfAbsent(String mailbox, String folder, MimeMessage message) throws StoreException {
        return timed(() -> store.appendIfAbsent(mailbox, folder, message));
    }

    /** Times the batch and records each copy as an equal share of it. */
    @Override
    public java.util.List<StoredCopy> appendAll(String mailbox, String folder, java.util.List<? extends MimeMessage> messages)
            throws StoreException {
        long start = System.nanoTime();
        try {
            return store.appendAll(mailbox, folder, messages);
        } finally {
            long share = (System.nanoTime() - start) / Math.max(1, messages.size());
            for (int i = 0; i < messages.size(); i++) {
                timer.record(share, TimeUnit.NANOSECONDS);
            }
        }
    }

    private StoredCopy timed(Write write) throws StoreException {
        long start = System.nanoTime();
        try {
            return write.run();
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** One write into the store. */
    @FunctionalInterface
    private interface Write {
        StoredCopy run() throws StoreException;
    }

    @Override
    public void readAll(String mailbox, CopyVisitor visitor) throws StoreException {
        store.readAll(mailbox, visitor);
    }

    @Override
    public void readAllUnsorted(String mailbox, CopyVisitor visitor) throws StoreException {
        store.readAllUnsorted(mailbox, visitor);
    }

    @Override
    public void check(String mailbox) throws StoreException {
        store.check(mailbox);
    }

    @Override
    public long appendLimit() {
        return store.appendLimit();
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}

package io.conduit.observe;

import java.util.Map;

import io.conduit.store.ArchiveStore;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness check {@code conduit/store}: the archive store can take copies now ({@link ArchiveStore#check}): the IMAP
 * server is reachable and accepts the login for the catch-all mailbox, or the Maildir root is writable. DOWN with the
 * store's message (server, login or folder, never a secret) otherwise. Not a liveness check: a store outage makes
 * Conduit wait and redeliver, it does not make the process unhealthy.
 */
public final class StoreHealthCheck extends ReadinessCheck {

    private final ArchiveStore store;
    private final String mailbox;

    /**
     * @param store   the configured store
     * @param mailbox the mailbox whose login is checked (the catch-all mailbox)
     */
    public StoreHealthCheck(ArchiveStore store, String mailbox) {
        super("store");
        this.store = store;
        this.mailbox = mailbox;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        probe(builder, "store", store.describe(), () -> store.check(mailbox));
    }
}

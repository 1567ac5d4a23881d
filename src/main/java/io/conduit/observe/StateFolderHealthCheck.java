package io.conduit.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness check {@code conduit/state}: the state folder (idempotency keys, checkpoints, connector logs, quarantine)
 * is a folder in which a file can be created and deleted now. DOWN with the reason otherwise: nothing could be
 * recorded as archived, so nothing should be archived.
 */
public final class StateFolderHealthCheck extends ReadinessCheck {

    private final Path state;

    /** @param state the state folder ({@code conduit.state.dir}) */
    public StateFolderHealthCheck(Path state) {
        super("state");
        this.state = state.toAbsolutePath().normalize();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        probe(builder, "state", state.toString(), () -> {
            try {
                Files.deleteIfExists(Files.createTempFile(state, ".conduit-check-", ".tmp"));
            } catch (IOException | RuntimeException e) {
                throw new IOException("state folder " + state + " is not writable: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            }
        });
    }
}

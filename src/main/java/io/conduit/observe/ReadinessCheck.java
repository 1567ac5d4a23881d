package io.conduit.observe;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A Conduit check in group {@code conduit} that is part of readiness ({@code /observe/health/ready}) only, never of
 * liveness ({@code /observe/health/live}): a store, state folder or connector problem makes Conduit wait, it does not
 * make the process one to restart.
 */
abstract class ReadinessCheck extends AbstractHealthCheck {

    /** @param id the check's id, e.g. {@code store} */
    ReadinessCheck(String id) {
        super("conduit", id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }

    /**
     * Runs the check: UP when {@code probe} returns, DOWN with the probe's message when it throws.
     *
     * @param name  name of the detail shown with {@code ?data=true}, e.g. {@code store}
     * @param value its value, e.g. where the store writes; a string, because {@code ?data=true} writes every detail
     *              as JSON and answers HTTP 500 for a value it cannot serialise (such as a {@code Path})
     */
    static void probe(HealthCheckResultBuilder builder, String name, String value, Probe probe) {
        builder.detail(name, value);
        try {
            probe.run();
            builder.up();
        } catch (Exception e) {
            builder.message(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).down();
        }
    }

    /** What a check does; it throws with a message naming what is wrong. */
    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }
}

package io.conduit.source.liveperson.api;

import java.time.Duration;

/** Waits between HTTP retries; injectable so that tests do not sleep. */
@FunctionalInterface
public interface Sleeper {

    /** The real clock: {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    /**
     * Waits.
     *
     * @param duration how long, never negative
     * @throws InterruptedException when interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}

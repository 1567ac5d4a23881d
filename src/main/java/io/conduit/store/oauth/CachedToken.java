package io.conduit.store.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An access token with its expiry; usable while more than the renewal margin is left.
 *
 * @param value     the token, a secret
 * @param expiresAt when it expires
 */
record CachedToken(String value, Instant expiresAt) {

    /** Tokens are renewed when less than this is left. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    boolean usable(Clock clock) {
        return value != null && clock.instant().plus(RENEW_BEFORE).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "CachedToken[expiresAt=" + expiresAt + "]";
    }
}

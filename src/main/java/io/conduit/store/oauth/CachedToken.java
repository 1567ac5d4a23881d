package io.conduit.store.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An access token with its expiry; usable while more than the renewal margin is left: {@link #RENEW_BEFORE}, or half
 * the token's lifetime when that is shorter (a Keycloak token lives 300 s by default: it is then kept 150 s, not
 * fetched anew for every login).
 *
 * @param value     the token, a secret
 * @param issuedAt  when it was received
 * @param expiresAt when it expires
 */
record CachedToken(String value, Instant issuedAt, Instant expiresAt) {

    /** Tokens are renewed when less than this (or half their lifetime, if shorter) is left. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    /** A token received now. */
    CachedToken(String value, Instant expiresAt) {
        this(value, Instant.now(), expiresAt);
    }

    boolean usable(Clock clock) {
        Duration half = Duration.between(issuedAt, expiresAt).dividedBy(2);
        Duration margin = half.compareTo(RENEW_BEFORE) < 0 ? half : RENEW_BEFORE;
        return value != null && clock.instant().plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "CachedToken[expiresAt=" + expiresAt + "]";
    }
}

package io.conduit.store.oauth;

/**
 * No access token could be had: the token endpoint refused the client (a permanent failure, such as a wrong client
 * secret or a missing admin consent) or could not be reached (a transient one). The message names the provider and
 * the endpoint, never a secret or a token.
 */
public class OAuthException extends Exception {

    private final boolean transientFailure;

    /**
     * @param message          what failed, naming provider and endpoint
     * @param transientFailure {@code true} when trying again later may succeed (endpoint unreachable, HTTP 5xx or 429)
     * @param cause            the library's exception, may be {@code null}
     */
    public OAuthException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** {@code true} when trying again later may succeed; {@code false} for a refused client or bad configuration. */
    public boolean isTransient() {
        return transientFailure;
    }
}

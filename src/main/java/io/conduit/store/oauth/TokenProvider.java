package io.conduit.store.oauth;

/**
 * OAuth 2.0 access tokens for the stores that log in with a bearer token: SASL XOAUTH2 to IMAP (Exchange Online,
 * Gmail, a self-hosted server behind an RFC 6749 token endpoint) and Microsoft Graph.
 *
 * <p>Implementations cache each token and renew it before it expires, are thread-safe, and never put a token, a
 * client secret or a private key into an exception message, a log line or {@link #describe()}.
 */
public interface TokenProvider {

    /**
     * A bearer token for storing into {@code mailbox}. App-only providers (Microsoft Entra client credentials, a
     * generic RFC 6749 client-credentials grant) return the same application token for every mailbox; Google's
     * domain-wide delegation returns a token impersonating {@code mailbox}.
     *
     * @param mailbox the custodian mailbox the token is for, e.g. {@code alice@example.com}
     * @return the access token, valid for at least the provider's renewal margin (never expired)
     * @throws OAuthException when no token can be had; the message names the provider and its endpoint, never a secret
     */
    String accessToken(String mailbox) throws OAuthException;

    /**
     * Forgets the cached token for {@code mailbox} (for app-only providers: the one application token), after a
     * server refused it, so that the next {@link #accessToken} asks the token endpoint again.
     */
    void invalidate(String mailbox);

    /**
     * The provider for logs, errors, the status page and {@code check-target}, without secrets, e.g.
     * {@code microsoft (tenant contoso.onmicrosoft.com, client 0b1c…, scope https://outlook.office365.com/.default)}.
     */
    String describe();
}

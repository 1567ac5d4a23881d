package io.conduit.store.oauth;

import java.nio.file.Path;

/**
 * How to obtain OAuth 2.0 access tokens for a store ({@code conduit.oauth.*}, the {@code --oauth...} options).
 *
 * @param provider            {@code microsoft} (Entra client credentials), {@code google} (service account with
 *                            domain-wide delegation) or {@code generic} (an RFC 6749 client-credentials token endpoint)
 * @param tenant              Entra tenant id or domain ({@code microsoft})
 * @param clientId            application (client) id ({@code microsoft}, {@code generic})
 * @param clientSecret        client secret ({@code microsoft} without a certificate, {@code generic}); a secret
 * @param certificate         PKCS#12 file with the app's certificate and key ({@code microsoft}), or {@code null}
 * @param certificatePassword its password; a secret
 * @param serviceAccountFile  the service account's JSON key file ({@code google}); a secret
 * @param tokenUrl            the token endpoint ({@code generic})
 * @param scope               the scope asked for, or {@code null} for the target's default
 * @param authority           {@code microsoft}: the authority URL when not {@code https://login.microsoftonline.com/<tenant>/}
 */
public record OAuthSettings(String provider, String tenant, String clientId, String clientSecret, Path certificate,
                            String certificatePassword, Path serviceAccountFile, String tokenUrl, String scope,
                            String authority) {

    /** Shows everything but the secrets. */
    @Override
    public String toString() {
        return "OAuthSettings[provider=" + provider + ", tenant=" + tenant + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "none" : "***") + ", certificate=" + certificate
                + ", serviceAccountFile=" + serviceAccountFile + ", tokenUrl=" + tokenUrl + ", scope=" + scope + "]";
    }
}

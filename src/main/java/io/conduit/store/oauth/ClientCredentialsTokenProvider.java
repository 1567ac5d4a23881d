package io.conduit.store.oauth;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;

/**
 * The RFC 6749 client-credentials grant (section 4.4) against any token endpoint, e.g. Keycloak in front of a Dovecot
 * with the {@code oauth2} passdb: one application token for every mailbox, cached and renewed
 * {@link CachedToken#RENEW_BEFORE} before it expires. Requests and responses are Nimbus oauth2-oidc-sdk's. Thread-safe.
 */
public final class ClientCredentialsTokenProvider implements TokenProvider {

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Clock clock;
    private CachedToken token;

    /**
     * @param tokenUrl     the token endpoint, e.g. {@code https://sso.example.com/realms/mail/protocol/openid-connect/token}
     * @param clientId     the client id
     * @param clientSecret the client secret (HTTP Basic authentication to the endpoint)
     * @param scope        the scope to ask for, or {@code null} for the endpoint's default
     */
    public ClientCredentialsTokenProvider(URI tokenUrl, String clientId, String clientSecret, String scope, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.clock = clock;
    }

    @Override
    public synchronized String accessToken(String mailbox) throws OAuthException {
        if (token != null && token.usable(clock)) {
            return token.value();
        }
        TokenRequest request = new TokenRequest(tokenUrl, new ClientSecretBasic(new ClientID(clientId),
                new Secret(clientSecret)), new ClientCredentialsGrant(), scope == null ? null : Scope.parse(scope));
        TokenResponse response;
        try {
            response = TokenResponse.parse(request.toHTTPRequest().send());
        } catch (IOException e) {
            throw new OAuthException(describe() + ": token endpoint unreachable (" + e.getClass().getSimpleName() + ")", true, e);
        } catch (ParseException e) {
            throw new OAuthException(describe() + ": the token endpoint's answer is not an OAuth 2.0 token response", false, e);
        }
        if (!response.indicatesSuccess()) {
            TokenErrorResponse error = response.toErrorResponse();
            int status = error.getErrorObject().getHTTPStatusCode();
            throw new OAuthException(describe() + ": token refused (" + error.getErrorObject().getCode()
                    + ", HTTP " + status + ")", status >= 500 || status == 429, null);
        }
        AccessToken access = response.toSuccessResponse().getTokens().getAccessToken();
        long lifetime = access.getLifetime() > 0 ? access.getLifetime() : 3600;
        token = new CachedToken(access.getValue(), Instant.now(clock), Instant.now(clock).plusSeconds(lifetime));
        return token.value();
    }

    @Override
    public synchronized void invalidate(String mailbox) {
        token = null;
    }

    @Override
    public String describe() {
        return "generic (token URL " + tokenUrl + ", client " + clientId + (scope == null ? "" : ", scope " + scope) + ")";
    }
}

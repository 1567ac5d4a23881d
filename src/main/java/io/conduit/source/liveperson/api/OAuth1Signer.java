package io.conduit.source.liveperson.api;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import com.github.scribejava.core.services.TimestampService;
import java.io.IOException;
import java.net.URI;

/**
 * Signs LivePerson API requests with OAuth 1.0a (RFC 5849, HMAC-SHA1, {@code Authorization: OAuth ...} header), as
 * LivePerson's "API key" installations require; signing is done by ScribeJava.
 *
 * <p>The request body (JSON) is not part of the signature; the URI's query parameters are.
 */
public final class OAuth1Signer implements LivePersonAuth {

    private final OAuth10aService service;
    private final OAuth1AccessToken token;

    /**
     * @param consumerKey    the app key
     * @param consumerSecret the app secret
     * @param token          the access token
     * @param tokenSecret    the access token secret
     */
    public OAuth1Signer(String consumerKey, String consumerSecret, String token, String tokenSecret) {
        this(consumerKey, consumerSecret, token, tokenSecret, null);
    }

    /** As {@link #OAuth1Signer(String, String, String, String)} with fixed timestamps and nonces, for tests. */
    OAuth1Signer(String consumerKey, String consumerSecret, String token, String tokenSecret,
            TimestampService timestamps) {
        this.service = new ServiceBuilder(consumerKey).apiSecret(consumerSecret).build(new Api(timestamps));
        this.token = new OAuth1AccessToken(token, tokenSecret);
    }

    /**
     * The {@code OAuth ...} header value for this request, with a fresh timestamp and nonce.
     *
     * @param method HTTP method ({@code GET} or {@code POST})
     * @param uri    the full request URI
     */
    @Override
    public String authorization(String method, URI uri) throws IOException {
        OAuthRequest request = new OAuthRequest(Verb.valueOf(method), uri.toString());
        service.signRequest(token, request);
        String header = request.getHeaders().get("Authorization");
        if (header == null) {
            throw new IOException("OAuth 1.0a signing produced no Authorization header");
        }
        return header;
    }

    @Override
    public String toString() {
        return "OAuth1Signer[HMAC-SHA1]";
    }

    /** ScribeJava's API description: only request signing is used, the token endpoints are never called. */
    private static final class Api extends DefaultApi10a {
        private final TimestampService timestamps;

        Api(TimestampService timestamps) {
            this.timestamps = timestamps;
        }

        @Override
        public TimestampService getTimestampService() {
            return timestamps != null ? timestamps : super.getTimestampService();
        }

        @Override
        public String getRequestTokenEndpoint() {
            return "https://invalid.invalid/request-token";
        }

        @Override
        public String getAccessTokenEndpoint() {
            return "https://invalid.invalid/access-token";
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return "https://invalid.invalid/authorize";
        }
    }
}

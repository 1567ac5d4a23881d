package io.conduit.source.liveperson.api;

import io.conduit.source.liveperson.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth 2.0 client-credentials bearer tokens (RFC 6749 section 4.4) for the LivePerson APIs, cached until shortly
 * before they expire and dropped after a 401.
 *
 * <p>Token request: {@code POST <tokenUri>} with form body {@code grant_type=client_credentials&client_id=..&
 * client_secret=..}; response {@code {"access_token":"...","expires_in":<seconds>,...}}.
 */
public final class OAuth2ClientCredentials implements LivePersonAuth {

    /** A token is renewed this long before its {@code expires_in} runs out. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);
    /** Lifetime assumed when the response has no {@code expires_in}. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenUri;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private String token;
    private Instant renewAt = Instant.MIN;

    /**
     * @param tokenUri     the token endpoint
     * @param clientId     the OAuth client id
     * @param clientSecret the OAuth client secret (never logged)
     * @param http         the HTTP client
     * @param clock        decides when the cached token expires
     * @param timeout      per-request timeout
     */
    public OAuth2ClientCredentials(URI tokenUri, String clientId, String clientSecret, HttpClient http, Clock clock,
            Duration timeout) {
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * {@code Bearer <token>}, fetching a token when none is cached or the cached one is about to expire.
     *
     * @throws LivePersonApiException when the token endpoint refuses (status named, body not echoed)
     */
    @Override
    public synchronized String authorization(String method, URI uri) throws IOException {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return "Bearer " + token;
    }

    @Override
    public synchronized boolean invalidate() {
        token = null;
        return true;
    }

    private void fetch() throws IOException {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
        HttpRequest request = HttpRequest.newBuilder(tokenUri).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching an OAuth 2.0 token", e);
        }
        if (response.statusCode() != 200) {
            throw new LivePersonApiException("OAuth 2.0 token request to " + tokenUri.getHost() + " failed with HTTP "
                    + response.statusCode(), response.statusCode());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new LivePersonApiException("OAuth 2.0 token response is not JSON", 200);
        }
        String access = JsonValues.text(body, "access_token");
        if (access == null) {
            throw new LivePersonApiException("OAuth 2.0 token response has no access_token", 200);
        }
        Long expiresIn = JsonValues.integer(body, "expires_in");
        Duration lifetime = expiresIn != null && expiresIn > 0 ? Duration.ofSeconds(expiresIn) : DEFAULT_LIFETIME;
        Duration margin = lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0 ? EXPIRY_MARGIN : Duration.ZERO;
        token = access;
        renewAt = clock.instant().plus(lifetime).minus(margin);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentials[" + tokenUri.getHost() + "]";
    }
}

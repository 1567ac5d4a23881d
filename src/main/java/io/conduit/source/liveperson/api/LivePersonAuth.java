package io.conduit.source.liveperson.api;

import java.io.IOException;
import java.net.URI;

/** Produces the {@code Authorization} header for a LivePerson API request (OAuth 2.0 bearer or OAuth 1.0a). */
public interface LivePersonAuth {

    /**
     * The {@code Authorization} header value for one request.
     *
     * @param method HTTP method, upper case
     * @param uri    the full request URI, query included (OAuth 1.0a signs it)
     * @return the header value, e.g. {@code Bearer ...} or {@code OAuth oauth_consumer_key="...", ...}
     * @throws IOException when a token cannot be obtained
     */
    String authorization(String method, URI uri) throws IOException;

    /**
     * Called after a 401: drops cached credentials.
     *
     * @return true when a retry may succeed (a new token will be fetched), false when the credentials are fixed
     */
    default boolean invalidate() {
        return false;
    }
}

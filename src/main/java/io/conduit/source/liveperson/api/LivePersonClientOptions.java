package io.conduit.source.liveperson.api;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LivePersonClient} reaches one LivePerson account.
 *
 * @param accountId      the LivePerson account (site) id
 * @param domainApi      the Domain API root, default {@code https://api.liveperson.net}; tests point it at WireMock
 * @param msgHistBaseUri the Messaging Interactions API root (scheme and host, e.g. {@code https://va.msghist.liveperson.net});
 *                       {@code null} to look it up through the Domain API (service {@code msgHist})
 * @param msgHistScheme  scheme used with a looked-up {@code baseURI} (which has no scheme), default {@code https}
 * @param limit          conversations per page, 1..100 (API maximum 100)
 * @param maxWindow      longest {@code start} window per search; the API rejects more than three months
 * @param maxAttempts    attempts per request for 429, 5xx and I/O errors, at least 1
 * @param initialBackoff first retry delay when no {@code Retry-After} is given; doubles each attempt
 * @param maxBackoff     cap on the computed retry delay ({@code Retry-After} is honoured as given, up to one hour)
 * @param requestTimeout per-request timeout
 */
public record LivePersonClientOptions(String accountId, URI domainApi, URI msgHistBaseUri, String msgHistScheme,
        int limit, Duration maxWindow, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
        Duration requestTimeout) {

    /** Default Domain API root. */
    public static final URI DOMAIN_API = URI.create("https://api.liveperson.net");
    /** Default longest search window: 90 days, within the API's three months. */
    public static final Duration MAX_WINDOW = Duration.ofDays(90);

    public LivePersonClientOptions {
        Objects.requireNonNull(accountId, "accountId");
        if (!accountId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("accountId must be letters, digits, '-' or '_'");
        }
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be 1..100");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxWindow.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("maxWindow must not exceed " + MAX_WINDOW.toDays() + " days");
        }
    }

    /** Defaults for an account: Domain API lookup, 100 per page, 90-day windows, 5 attempts from 1 s to 60 s. */
    public static LivePersonClientOptions of(String accountId) {
        return new LivePersonClientOptions(accountId, DOMAIN_API, null, "https", 100, MAX_WINDOW, 5,
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /** A copy with another Domain API root and scheme for the looked-up host. */
    public LivePersonClientOptions withDomainApi(URI root, String scheme) {
        return new LivePersonClientOptions(accountId, root, msgHistBaseUri, scheme, limit, maxWindow, maxAttempts,
                initialBackoff, maxBackoff, requestTimeout);
    }

    /** A copy with a fixed Messaging Interactions API root (no Domain API lookup). */
    public LivePersonClientOptions withMsgHistBaseUri(URI root) {
        return new LivePersonClientOptions(accountId, domainApi, root, msgHistScheme, limit, maxWindow, maxAttempts,
                initialBackoff, maxBackoff, requestTimeout);
    }

    /** A copy with another page size (1..100). */
    public LivePersonClientOptions withLimit(int pageSize) {
        return new LivePersonClientOptions(accountId, domainApi, msgHistBaseUri, msgHistScheme, pageSize, maxWindow,
                maxAttempts, initialBackoff, maxBackoff, requestTimeout);
    }

    /** A copy with another retry policy. */
    public LivePersonClientOptions withRetries(int attempts, Duration initial, Duration max) {
        return new LivePersonClientOptions(accountId, domainApi, msgHistBaseUri, msgHistScheme, limit, maxWindow,
                attempts, initial, max, requestTimeout);
    }
}

package io.conduit.source.liveperson.api;

import io.conduit.source.liveperson.SearchWindows;
import io.conduit.source.liveperson.JsonValues;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Pages through a LivePerson account's conversations with the Messaging Interactions API (conversations/search),
 * finding the API host through the Domain API and retrying throttling and server errors.
 *
 * <p>Calls: {@code GET <domainApi>/api/account/{accountId}/service/msgHist/baseURI.json?version=1.0} &rarr;
 * {@code {"service":"msgHist","account":..,"baseURI":"va.msghist.liveperson.net"}}; then
 * {@code POST https://{baseURI}/messaging_history/api/account/{accountId}/conversations/search?offset=N&limit=M}
 * with body {@code {"start":{"from":ms,"to":ms},"status":["OPEN","CLOSE"],"contentToRetrieve":[...]}}
 * (format: LivePerson Messaging Interactions API, conversations/search request and response). Not thread-safe.
 */
public final class LivePersonClient {

    /** What each conversation record carries: what the reader turns into items. */
    static final List<String> CONTENT = List.of("messageRecords", "agentParticipants", "agentParticipantsLeave",
            "consumerParticipants", "transfers", "info");
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LivePersonClientOptions options;
    private final LivePersonAuth auth;
    private final HttpClient http;
    private final Sleeper sleeper;
    private URI msgHist;

    /** Receives one response page; the stream is only valid during the call. */
    @FunctionalInterface
    public interface PageHandler {
        /**
         * @param page the page's body, a conversations/search response (read it with
         *             {@link LivePersonConversationsReader#read(InputStream, String, io.conduit.source.SourceSettings)})
         * @throws IOException to stop the search
         */
        void accept(InputStream page) throws IOException;
    }

    /**
     * @param options account, hosts, paging and retry policy
     * @param auth    OAuth 2.0 ({@link OAuth2ClientCredentials}) or OAuth 1.0a ({@link OAuth1Signer})
     * @param http    the HTTP client
     * @param sleeper waits between retries
     */
    public LivePersonClient(LivePersonClientOptions options, LivePersonAuth auth, HttpClient http, Sleeper sleeper) {
        this.options = options;
        this.auth = auth;
        this.http = http;
        this.sleeper = sleeper;
    }

    /**
     * The Messaging Interactions API root: the configured one, else looked up once through the Domain API.
     *
     * @return scheme and host, e.g. {@code https://va.msghist.liveperson.net}
     * @throws LivePersonApiException when the Domain API fails or names no {@code baseURI}
     */
    public URI msgHistBaseUri() throws IOException {
        if (msgHist == null) {
            if (options.msgHistBaseUri() != null) {
                msgHist = options.msgHistBaseUri();
            } else {
                URI uri = options.domainApi().resolve("/api/account/" + options.accountId()
                        + "/service/msgHist/baseURI.json?version=1.0");
                HttpResponse<byte[]> response = send("GET", uri, null, HttpResponse.BodyHandlers.ofByteArray(),
                        false, "Domain API lookup");
                msgHist = URI.create(options.msgHistScheme() + "://"
                        + baseUri(response.body(), "msgHist", response.statusCode()).getAuthority());
            }
        }
        return msgHist;
    }

    /**
     * Reads a Domain API answer {@code {"service":..,"account":..,"baseURI":"va.msghist.liveperson.net"}}.
     *
     * @param body    the answer's body, or {@code null} when the call failed
     * @param service the service asked for, e.g. {@code msgHist}, named in errors
     * @param status  the answer's HTTP status, named in errors
     * @return {@code //host[:port]} (no scheme: the Domain API names hosts only)
     * @throws LivePersonApiException when the body is not JSON or names no usable host
     */
    static URI baseUri(byte[] body, String service, int status) throws LivePersonApiException {
        JsonNode json;
        try {
            json = body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        String host = JsonValues.text(json, "baseURI");
        if (host == null || !host.matches("[A-Za-z0-9.-]+(:\\d{1,5})?")) {
            throw new LivePersonApiException("Domain API lookup returned no usable baseURI for " + service, status);
        }
        return URI.create("//" + host);
    }

    /**
     * Every conversation whose start time lies in {@code [fromMs, toMs]}, open and closed, page by page: the range is
     * split into windows of at most {@link LivePersonClientOptions#maxWindow()} with bounds rounded to 10 minutes
     * ({@link SearchWindows}), each window paged by {@code offset} until {@code _metadata.count} is reached. Each
     * page is buffered in a temporary file (never in the heap), handed to {@code handler}, then deleted.
     *
     * @param fromMs  start of the range, epoch ms
     * @param toMs    end of the range, epoch ms
     * @param handler receives each page in order
     * @throws LivePersonApiException when a call fails after retries (status and call named, no secrets)
     * @throws IOException            when the handler throws or a page cannot be buffered
     */
    public void search(long fromMs, long toMs, PageHandler handler) throws IOException {
        URI root = msgHistBaseUri();
        for (long[] window : SearchWindows.split(fromMs, toMs, options.maxWindow())) {
            byte[] body = requestBody(window[0], window[1]);
            long offset = 0;
            while (true) {
                URI uri = root.resolve("/messaging_history/api/account/" + options.accountId()
                        + "/conversations/search?offset=" + offset + "&limit=" + options.limit());
                Path page = Files.createTempFile("conduit-lp-page", ".json");
                try {
                    send("POST", uri, body, HttpResponse.BodyHandlers.ofFile(page, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), true,
                            "conversations/search");
                    long[] countAndRecords = scan(page);
                    try (InputStream in = Files.newInputStream(page)) {
                        handler.accept(in);
                    }
                    offset += countAndRecords[1];
                    if (countAndRecords[1] == 0 || offset >= countAndRecords[0]) {
                        break;
                    }
                } finally {
                    Files.deleteIfExists(page);
                }
            }
        }
    }

    private byte[] requestBody(long from, long to) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("start").put("from", from).put("to", to);
        body.putArray("status").add("OPEN").add("CLOSE");
        CONTENT.forEach(body.putArray("contentToRetrieve")::add);
        return JSON.writeValueAsBytes(body);
    }

    /** {@code _metadata.count} (or -1) and the number of {@code conversationHistoryRecords}, streamed. */
    private static long[] scan(Path page) throws IOException {
        long count = -1;
        long records = 0;
        try (JsonParser p = JSON.createParser(page.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new LivePersonApiException("conversations/search returned no JSON object", 200);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("_metadata") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        if (name.equals("count") && v == JsonToken.VALUE_NUMBER_INT) {
                            count = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if (field.equals("conversationHistoryRecords") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                        records++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LivePersonApiException("conversations/search returned malformed JSON ("
                    + e.getOriginalMessage() + ")", 200);
        }
        return new long[] {count, records};
    }

    private <T> HttpResponse<T> send(String method, URI uri, byte[] body, HttpResponse.BodyHandler<T> handler,
            boolean authenticate, String call) throws IOException {
        boolean refreshed = false;
        int attempt = 0;
        while (true) {
            attempt++;
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(options.requestTimeout())
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            if (authenticate) {
                request.header("Authorization", auth.authorization(method, uri));
            }
            HttpResponse<T> response;
            try {
                response = http.send(request.build(), handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LivePersonApiException(call + " interrupted", -1);
            } catch (IOException e) {
                if (attempt >= options.maxAttempts()) {
                    throw new LivePersonApiException(call + " failed after " + attempt + " attempts: "
                            + e.getClass().getSimpleName(), -1);
                }
                pause(backoff(attempt), call);
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            if (status == 401 && authenticate && !refreshed && auth.invalidate()) {
                refreshed = true;
                attempt--;
                continue;
            }
            if ((status == 429 || status >= 500) && attempt < options.maxAttempts()) {
                pause(retryAfter(response).orElse(backoff(attempt)), call);
                continue;
            }
            throw new LivePersonApiException(call + " failed with HTTP " + status
                    + (attempt > 1 ? " after " + attempt + " attempts" : ""), status);
        }
    }

    private Duration backoff(int attempt) {
        Duration d = options.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : d;
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip)
                .filter(v -> v.matches("\\d{1,7}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    private void pause(Duration d, String call) throws IOException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LivePersonApiException(call + " interrupted while waiting to retry", -1);
        }
    }

    @Override
    public String toString() {
        return "LivePersonClient[account=" + options.accountId() + ", auth=" + auth + "]";
    }
}

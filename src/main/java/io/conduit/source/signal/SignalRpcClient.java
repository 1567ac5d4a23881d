package io.conduit.source.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls a signal-cli daemon's JSON-RPC HTTP endpoint ({@code signal-cli daemon --http --receive-mode=manual}) for new
 * messages with the {@code receive} method, as documented in signal-cli's {@code signal-cli-jsonrpc(5)} man page.
 *
 * <p>Design: {@link #receive(String)} returns each received object as one JSON line in the shape
 * {@code {"envelope":{...},"account":"+44..."}}, the same shape as {@code signal-cli -o json receive}. The caller
 * writes one spool file per poll with {@link SignalSpool#write} ({@code <spool>/<connector>-<time>-<random>.jsonl},
 * written to a temporary name and moved into place) and lets {@link SignalJsonReader} read it: signal-cli deletes messages from the server once they
 * are received, so the spool file makes a poll durable before anything is archived, and a crash between poll and
 * archive loses nothing. Thread-safe.
 */
public final class SignalRpcClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final Duration requestTimeout;
    private final double receiveTimeoutSeconds;
    private final AtomicLong ids = new AtomicLong();

    /**
     * A client with its own HTTP client, waiting 1 second for messages and 30 seconds for the response.
     *
     * @param endpoint the daemon's RPC endpoint, {@code http://host:port/api/v1/rpc}
     */
    public SignalRpcClient(URI endpoint) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), endpoint, 1.0,
                Duration.ofSeconds(30));
    }

    /**
     * @param http                  the HTTP client to use
     * @param endpoint              the daemon's RPC endpoint, {@code http://host:port/api/v1/rpc}
     * @param receiveTimeoutSeconds how long signal-cli waits for new messages, in seconds (its {@code timeout}
     *                              param; signal-cli's default is 3)
     * @param requestTimeout        how long to wait for the HTTP response; must exceed the receive timeout
     */
    public SignalRpcClient(HttpClient http, URI endpoint, double receiveTimeoutSeconds, Duration requestTimeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.receiveTimeoutSeconds = receiveTimeoutSeconds;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Receives pending messages: sends {@code {"jsonrpc":"2.0","method":"receive","params":{"account":...,
     * "timeout":...},"id":n}} and reads the result, an array of {@code {"envelope":{...},"account":...}} objects
     * (signal-cli's {@code ReceiveCommand} in JSON-RPC mode).
     *
     * @param account the account's E.164 number, sent as the {@code account} param (multi-account daemons need it);
     *                {@code null} for a single-account daemon
     * @return one compact JSON line (no line breaks) per received object, in the daemon's order; empty when none.
     *         An object without {@code account} gets the given account.
     * @throws IOException on a transport failure, an HTTP status other than 200, a response that is not a JSON-RPC
     *                     response with an array result, or a JSON-RPC error (the message carries the error's code
     *                     and message)
     */
    public List<String> receive(String account) throws IOException {
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("method", "receive");
        ObjectNode params = request.putObject("params");
        if (account != null) {
            params.put("account", account);
        }
        params.put("timeout", receiveTimeoutSeconds);
        request.put("id", id);
        HttpRequest post = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(post, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for signal-cli at " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("signal-cli at " + endpoint + " answered HTTP " + response.statusCode());
        }
        return lines(parse(response.body()), id, account);
    }

    private JsonNode parse(String body) throws IOException {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IOException("signal-cli at " + endpoint + " answered with invalid JSON", e);
        }
    }

    private List<String> lines(JsonNode response, long id, String account) throws IOException {
        if (response == null || !response.isObject()) {
            throw new IOException("signal-cli at " + endpoint + " answered with something other than a JSON-RPC"
                    + " response object");
        }
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            throw new IOException("signal-cli JSON-RPC error " + error.path("code").asText("?") + ": "
                    + Escapes.of(error.path("message").asText("(no message)")));
        }
        if (response.has("id") && response.get("id").asLong(-1) != id) {
            throw new IOException("signal-cli at " + endpoint + " answered another request (id "
                    + Escapes.of(response.get("id").asText()) + ", expected " + id + ")");
        }
        JsonNode result = response.get("result");
        if (result == null || !result.isArray()) {
            throw new IOException("signal-cli at " + endpoint + " answered without a result array");
        }
        List<String> out = new ArrayList<>(result.size());
        for (JsonNode element : result) {
            if (element.isObject() && account != null && !element.hasNonNull("account")) {
                ((ObjectNode) element).put("account", account);
            }
            out.add(JSON.writeValueAsString(element));
        }
        return out;
    }
}

package io.conduit.source.liveperson.api;

import io.conduit.source.liveperson.JsonValues;
import io.conduit.source.liveperson.HostedFileFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Downloads the files a LivePerson conversation shared ({@code HOSTED_FILE} messages, {@code messageData.file.relativePath})
 * the way LivePerson documents it for agents and bots:
 * <ol>
 *   <li>Domain API: {@code GET <domainApi>/api/account/{accountId}/service/{agentVep|asyncMessagingEnt|swift}/baseURI.json?version=1.0};</li>
 *   <li>Login Service API, login with an API key: {@code POST https://{agentVep}/api/account/{accountId}/login?v=1.3}
 *       with {@code {"username","appKey","secret","accessToken","accessTokenSecret"}} &rarr; {@code {"bearer":...}};</li>
 *   <li>Messaging Agent API (UMS WebSocket) {@code wss://{asyncMessagingEnt}/ws_api/account/{accountId}/messaging/brand/{bearer}?v=2}:
 *       request {@code {"kind":"req","id":..,"type":".ams.ms.GenerateURLForDownloadFile","body":{"relativePath":..}}}
 *       &rarr; {@code {"kind":"resp","reqId":..,"code":200,"body":{"relativePath":..,"queryParams":{"temp_url_sig":..,"temp_url_expires":..}}}};</li>
 *   <li>{@code GET https://{swift}{relativePath}?temp_url_sig=..&temp_url_expires=..}, the file's bytes.</li>
 * </ol>
 * Sources: LivePerson developer documentation, "Login Service API" (login with app key), "Messaging Agent SDK"/
 * "Agent Messaging API" connection URL, and "File Sharing: Request Download URL" ({@code ms.GenerateURLForDownloadFile}).
 * The bearer travels in the WebSocket URL as documented and is never logged or put in an error message.
 */
public final class LivePersonHostedFiles implements HostedFileFetcher {

    /** A {@code relativePath} as LivePerson writes it: an absolute path of URL path characters, no dot segments. */
    private static final Pattern RELATIVE_PATH = Pattern.compile("/[A-Za-z0-9._~%!$&'()*+,;=:@/-]{1,1024}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The API-key user's credentials: its login name and the app key's four values (secrets never logged). */
    public record AgentCredentials(String loginName, String appKey, String secret, String accessToken,
            String accessTokenSecret) {
        @Override
        public String toString() {
            return "AgentCredentials[" + loginName + "]";
        }
    }

    private final String accountId;
    private final URI domainApi;
    private final String httpScheme;
    private final AgentCredentials credentials;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, URI> hosts = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile String bearer;

    /**
     * @param accountId   LivePerson account (site) id
     * @param domainApi   Domain API root, e.g. {@code https://api.liveperson.net}; its scheme is used for the hosts it
     *                    names ({@code https}, and {@code wss} for the WebSocket; {@code http}/{@code ws} in tests)
     * @param credentials the API-key user's credentials
     * @param http        the HTTP (and WebSocket) client
     * @param timeout     per-call timeout
     */
    public LivePersonHostedFiles(String accountId, URI domainApi, AgentCredentials credentials, HttpClient http,
            Duration timeout) {
        this.accountId = accountId;
        this.domainApi = domainApi;
        this.httpScheme = domainApi.getScheme();
        this.credentials = credentials;
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * Opens one hosted file.
     *
     * @param relativePath the message's {@code relativePath} (untrusted: must be an absolute URL path without dot
     *                     segments, at most 1024 characters)
     * @throws LivePersonApiException when a call fails (call and status named, never a credential)
     * @throws IOException            when the path is unusable or a host cannot be reached
     */
    @Override
    public InputStream open(String relativePath) throws IOException {
        if (relativePath == null || !RELATIVE_PATH.matcher(relativePath).matches() || relativePath.contains("/../")
                || relativePath.contains("/./") || relativePath.endsWith("/..")) {
            throw new IOException("hosted file path refused (not an absolute URL path without dot segments)");
        }
        JsonNode url;
        try {
            url = downloadUrl(relativePath, login(false));
        } catch (LivePersonApiException e) {
            if (e.status() != 401) {
                throw e;
            }
            url = downloadUrl(relativePath, login(true));
        }
        String path = JsonValues.text(url, "relativePath");
        JsonNode query = JsonValues.container(url, "queryParams");
        String sig = JsonValues.text(query, "temp_url_sig");
        String expires = JsonValues.text(query, "temp_url_expires");
        if (path == null || !RELATIVE_PATH.matcher(path).matches() || sig == null || expires == null) {
            throw new LivePersonApiException("GenerateURLForDownloadFile answered without relativePath and queryParams", 200);
        }
        URI file = URI.create(host("swift", httpScheme) + path + "?temp_url_sig=" + encode(sig)
                + "&temp_url_expires=" + encode(expires));
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(file).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new LivePersonApiException("hosted file download", response.statusCode());
        }
        return response.body();
    }

    /** The bearer of the API-key user, logged in once and again after a 401. */
    private String login(boolean again) throws IOException {
        String current = bearer;
        if (current != null && !again) {
            return current;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("username", credentials.loginName());
        body.put("appKey", credentials.appKey());
        body.put("secret", credentials.secret());
        body.put("accessToken", credentials.accessToken());
        body.put("accessTokenSecret", credentials.accessTokenSecret());
        URI uri = URI.create(host("agentVep", httpScheme) + "/api/account/" + accountId + "/login?v=1.3");
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))),
                HttpResponse.BodyHandlers.ofByteArray());
        String token = response.statusCode() == 200 ? JsonValues.text(readJson(response.body()), "bearer") : null;
        if (token == null) {
            throw new LivePersonApiException("agent login (API key of " + credentials.loginName() + ")", response.statusCode());
        }
        bearer = token;
        return token;
    }

    /** Asks the UMS for a temporary download URL of one file; a refused connection or a 401 answer is status 401. */
    private JsonNode downloadUrl(String relativePath, String token) throws IOException {
        String id = Long.toString(requestIds.incrementAndGet());
        ObjectNode request = JSON.createObjectNode();
        request.put("kind", "req");
        request.put("id", id);
        request.put("type", ".ams.ms.GenerateURLForDownloadFile");
        request.putObject("body").put("relativePath", relativePath);
        String wsScheme = "https".equals(httpScheme) ? "wss" : "ws";
        URI uri = URI.create(host("asyncMessagingEnt", wsScheme) + "/ws_api/account/" + accountId + "/messaging/brand/"
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "?v=2");
        Answer answer = new Answer(id);
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, answer)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // the handshake is refused with 401 when the bearer expired; the URL (with the bearer) is never reported
            boolean unauthorized = e.getCause() instanceof java.net.http.WebSocketHandshakeException h
                    && h.getResponse().statusCode() == 401;
            throw new LivePersonApiException("messaging (UMS) WebSocket connection", unauthorized ? 401 : -1);
        } catch (TimeoutException e) {
            throw new LivePersonApiException("messaging (UMS) WebSocket connection timed out", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        try {
            socket.sendText(JSON.writeValueAsString(request), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode response = answer.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int code = response.path("code").asInt(0);
            if (code != 200) {
                throw new LivePersonApiException("GenerateURLForDownloadFile", code);
            }
            return JsonValues.container(response, "body");
        } catch (ExecutionException | TimeoutException e) {
            throw new LivePersonApiException("GenerateURLForDownloadFile: no answer", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(t -> null);
        }
    }

    /** Scheme and host of a service of the account, looked up once through the Domain API. */
    private String host(String service, String scheme) throws IOException {
        URI known = hosts.get(service);
        if (known == null) {
            URI uri = domainApi.resolve("/api/account/" + accountId + "/service/" + service + "/baseURI.json?version=1.0");
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofByteArray());
            known = LivePersonClient.baseUri(response.statusCode() == 200 ? response.body() : null, service,
                    response.statusCode());
            hosts.put(service, known);
        }
        return scheme + "://" + known.getAuthority();
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request.timeout(timeout).build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static JsonNode readJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Collects the UMS frames until the response to one request id arrives. */
    private static final class Answer implements WebSocket.Listener {
        final CompletableFuture<JsonNode> result = new CompletableFuture<>();
        private final String id;
        private final StringBuilder frame = new StringBuilder();

        Answer(String id) {
            this.id = id;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                JsonNode message = readJson(frame.toString().getBytes(StandardCharsets.UTF_8));
                frame.setLength(0);
                if (message != null && "resp".equals(JsonValues.text(message, "kind"))
                        && id.equals(message.path("reqId").asText())) {
                    result.complete(message);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            result.completeExceptionally(new IOException("UMS closed the connection (" + status + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            result.completeExceptionally(error);
        }
    }
}

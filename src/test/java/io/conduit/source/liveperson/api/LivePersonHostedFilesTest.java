package io.conduit.source.liveperson.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LivePersonHostedFiles} against a stand-in for LivePerson's Domain API, Login Service API (login with an API
 * key, v1.3), messaging WebSocket (UMS, {@code .ams.ms.GenerateURLForDownloadFile}) and file storage host, answering in
 * the shapes of LivePerson's developer documentation ("Login Service API", "File Sharing: Request Download URL":
 * response {@code {"kind":"resp","reqId":..,"code":200,"body":{"relativePath":..,"queryParams":{"temp_url_sig":..,
 * "temp_url_expires":..}},"type":"ms.BaseGenerateURLResponse"}}). One Vert.x server plays every host.
 */
class LivePersonHostedFilesTest {

    static final String ACCOUNT = "12345678";
    static final String FILE = "/v1/AUTH_async-images/12345678/8a66a22f-81ee-4447-b92f-78e9c3ecc819.PNG";
    static final byte[] CONTENT = "\u0089PNG fake image bytes".getBytes(StandardCharsets.ISO_8859_1);
    static final ObjectMapper JSON = new ObjectMapper();

    Vertx vertx;
    HttpServer server;
    final AtomicInteger logins = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Bearers the UMS accepts; a login hands out the next one. */
    final List<String> validBearers = new CopyOnWriteArrayList<>(List.of("bearer-1"));

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .webSocketHandler(this::ums)
                .requestHandler(req -> {
                    requests.add(req.method() + " " + req.uri());
                    String path = req.path();
                    if (path.matches("/api/account/" + ACCOUNT + "/service/(agentVep|asyncMessagingEnt|swift)/baseURI.json")) {
                        String service = path.split("/")[5];
                        req.response().putHeader("Content-Type", "application/json").end("{\"service\":\"" + service
                                + "\",\"account\":\"" + ACCOUNT + "\",\"baseURI\":\"127.0.0.1:" + server.actualPort() + "\"}");
                    } else if (path.equals("/api/account/" + ACCOUNT + "/login")) {
                        req.body().onSuccess(body -> {
                            JsonNode login = read(body.toString());
                            boolean ok = "archiver-bot".equals(login.path("username").asText())
                                    && "app-key".equals(login.path("appKey").asText())
                                    && "app-secret".equals(login.path("secret").asText())
                                    && "access-token".equals(login.path("accessToken").asText())
                                    && "access-token-secret".equals(login.path("accessTokenSecret").asText())
                                    && "1.3".equals(req.getParam("v"));
                            if (!ok) {
                                req.response().setStatusCode(401).end();
                                return;
                            }
                            int n = logins.incrementAndGet();
                            req.response().putHeader("Content-Type", "application/json")
                                    .end("{\"bearer\":\"bearer-" + n + "\",\"config\":{}}");
                        });
                    } else if (path.equals(FILE) && "sig-1".equals(req.getParam("temp_url_sig"))
                            && "1474973420".equals(req.getParam("temp_url_expires"))) {
                        req.response().putHeader("Content-Type", "image/png").end(io.vertx.core.buffer.Buffer.buffer(CONTENT));
                    } else {
                        req.response().setStatusCode(404).end();
                    }
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The messaging WebSocket: {@code /ws_api/account/{account}/messaging/brand/{bearer}?v=2}. */
    private void ums(ServerWebSocket ws) {
        String prefix = "/ws_api/account/" + ACCOUNT + "/messaging/brand/";
        String bearer = ws.path().startsWith(prefix) ? ws.path().substring(prefix.length()) : "";
        if (!validBearers.contains(bearer) || !"v=2".equals(ws.query())) {
            ws.reject(401);
            return;
        }
        ws.textMessageHandler(text -> {
            JsonNode req = read(text);
            boolean download = ".ams.ms.GenerateURLForDownloadFile".equals(req.path("type").asText())
                    && FILE.equals(req.path("body").path("relativePath").asText());
            ws.writeTextMessage("{\"kind\":\"notification\",\"type\":\"cqm.ExConversationChangeNotification\",\"body\":{}}");
            ws.writeTextMessage("{\"kind\":\"resp\",\"reqId\":\"" + req.path("id").asText() + "\",\"code\":"
                    + (download ? 200 : 404) + ",\"body\":{\"relativePath\":\"" + FILE
                    + "\",\"queryParams\":{\"temp_url_sig\":\"sig-1\",\"temp_url_expires\":\"1474973420\"}},"
                    + "\"type\":\"ms.BaseGenerateURLResponse\"}");
        });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void downloads_a_hosted_file_through_login_websocket_and_file_storage_logging_in_once() throws Exception {
        LivePersonHostedFiles files = files();

        assertThat(read(files.open(FILE))).isEqualTo(CONTENT);
        assertThat(read(files.open(FILE))).isEqualTo(CONTENT);

        assertThat(logins).hasValue(1);
        assertThat(requests).filteredOn(r -> r.contains("/service/")).hasSize(3); // each host looked up once
    }

    @Test
    void logs_in_again_when_the_messaging_socket_refuses_an_expired_bearer() throws Exception {
        LivePersonHostedFiles files = files();
        assertThat(read(files.open(FILE))).isEqualTo(CONTENT);
        validBearers.set(0, "bearer-2"); // bearer-1 expired

        assertThat(read(files.open(FILE))).isEqualTo(CONTENT);
        assertThat(logins).hasValue(2);
    }

    @Test
    void refuses_a_hostile_relative_path_without_calling_anything() {
        LivePersonHostedFiles files = files();

        for (String hostile : List.of("/v1/../../etc/passwd", "https://evil.example/x", "v1/no-leading-slash",
                "/v1/x?temp_url_sig=forged", "/v1/x\r\nHost: evil")) {
            assertThatThrownBy(() -> files.open(hostile)).hasMessageContaining("hosted file path refused");
        }
        assertThat(requests).isEmpty();
        assertThat(logins).hasValue(0);
    }

    @Test
    void a_missing_file_is_an_error_naming_the_call_not_the_credentials() {
        LivePersonHostedFiles files = files();

        assertThatThrownBy(() -> files.open("/v1/AUTH_async-images/12345678/missing.PNG"))
                .isInstanceOf(LivePersonApiException.class)
                .hasMessageContaining("GenerateURLForDownloadFile")
                .hasMessageNotContaining("bearer-1").hasMessageNotContaining("app-secret");
    }

    private LivePersonHostedFiles files() {
        return new LivePersonHostedFiles(ACCOUNT, URI.create("http://127.0.0.1:" + server.actualPort()),
                new LivePersonHostedFiles.AgentCredentials("archiver-bot", "app-key", "app-secret", "access-token",
                        "access-token-secret"), HttpClient.newHttpClient(), Duration.ofSeconds(10));
    }

    private static byte[] read(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

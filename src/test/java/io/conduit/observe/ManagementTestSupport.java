package io.conduit.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * Starts the management server of a test's Main on a free port (the build also sets {@code camel.management.port=0} for
 * every test) and calls its endpoints with {@link HttpClient}.
 */
final class ManagementTestSupport {

    /** The Jolokia password the tests configure. */
    static final String PASSWORD = "jolokia-test-secret";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManagementTestSupport() {
    }

    /** Overrides that start the management server on a free port, with the Jolokia login {@code conduit}/{@link #PASSWORD}. */
    static Map<String, String> managementOn() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.management.enabled", "true");
        p.put("camel.management.port", "0");
        p.put("conduit.management.password", PASSWORD);
        return p;
    }

    /** The port the management server listens on. */
    static int port(CamelContext context) {
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        if (server == null) {
            throw new IllegalStateException("the management server is not running");
        }
        return server.getPort();
    }

    /** GET without credentials. */
    static HttpResponse<String> get(CamelContext context, String path) throws Exception {
        return get(context, path, null, null);
    }

    /** GET with HTTP Basic credentials when {@code user} is not {@code null}. */
    static HttpResponse<String> get(CamelContext context, String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context) + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** The state of one check in a health answer, e.g. {@code "UP"}, or {@code null} when it is not listed. */
    static String check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c.path("status").asText();
            }
        }
        return null;
    }
}

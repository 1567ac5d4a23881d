package io.conduit;

import io.conduit.test.ConnectorTests;
import io.conduit.test.Mails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.conduit.source.whatsappbusiness.WebhookSignature;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code whatsapp-business-webhook-source} template through the real Main: a stand-in for Meta POSTs signed
 * payload fixtures to the connector's own listener; items land in the mapped custodian's mailbox once, replays are
 * duplicates, the spool empties.
 */
class WhatsAppBusinessConnectorTest {

    static final String MAILBOX = "sales@example.com";
    static final String CONNECTOR = "wab-test";
    static final String SECRET = "test-app-secret";

    @TempDir
    Path tmp;
    private Main main;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void archives_signed_deliveries_once_and_refuses_unsigned_ones() throws Exception {
        start();
        var hs = http.send(HttpRequest.newBuilder(URI.create(url() + "?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=42"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hs.statusCode()).isEqualTo(200);
        assertThat(hs.body()).isEqualTo("42");

        byte[] text = fixture("text");
        byte[] read = fixture("status-read");
        byte[] sent = fixture("status-sent");
        assertThat(post(text, "sha256=" + "0".repeat(64))).isEqualTo(401);
        assertThat(post(text, null)).isEqualTo(401);
        assertThat(post(read, sign(read))).isEqualTo(200); // out of order: read before sent
        assertThat(post(text, sign(text))).isEqualTo(200);
        assertThat(post(sent, sign(sent))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> copies().size() == 3 && spoolFiles().isEmpty());

        assertThat(post(text, sign(text))).isEqualTo(200); // Meta's redelivery
        assertThat(post(read, sign(read))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> spoolFiles().isEmpty());
        Path log = tmp.resolve("state/connector-log/" + CONNECTOR + ".jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                && Files.readString(log).split("\"duplicates\":1", -1).length - 1 >= 2);
        assertThat(copies()).hasSize(3);
        String all = String.join("\n", copies().stream().map(Mails::text).toList());
        assertThat(all).contains("IPM.NOTE.WhatsAppBusiness.Message").contains("IPM.NOTE.WhatsAppBusiness.Status")
                .contains("Does it come in another color?").contains("Sheena Nelson");

        // operations: the listener's figures as meters and as the health check's details
        io.micrometer.core.instrument.MeterRegistry meters = io.conduit.observe.Observability.meterRegistry(main.getCamelContext());
        assertThat(meters.get("conduit.webhook.requests").tag("connector", CONNECTOR).functionCounter().count())
                .isGreaterThanOrEqualTo(7); // the handshakes and the seven POSTs
        assertThat(meters.get("conduit.webhook.accepted").tag("connector", CONNECTOR).functionCounter().count()).isEqualTo(5);
        assertThat(meters.get("conduit.webhook.signatures.rejected").tag("connector", CONNECTOR).functionCounter().count())
                .isEqualTo(2);
        assertThat(meters.get("conduit.webhook.spool.depth").tag("connector", CONNECTOR).gauge().value()).isZero();
        assertThat(meters.get("conduit.webhook.last.received.timestamp").tag("connector", CONNECTOR).gauge().value())
                .isPositive();
        org.apache.camel.health.HealthCheck.Result health = org.apache.camel.health.HealthCheckRegistry
                .get(main.getCamelContext()).getCheck("whatsapp-business-webhooks").orElseThrow().call();
        assertThat(health.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
        assertThat(health.getDetails()).containsEntry(CONNECTOR + ".rejectedSignatures", "2")
                .containsEntry(CONNECTOR + ".spoolDepth", "0").containsKey(CONNECTOR + ".lastReceived");
        assertThat(meters.get("conduit.webhook.media.lag.seconds").tag("connector", CONNECTOR).gauge().value()).isZero();

        // the status page's live sources section: the last received event of the listener
        Map<String, Map<String, Object>> live = new java.util.TreeMap<>();
        main.getCamelContext().getRegistry().findByType(io.conduit.source.LiveSource.class)
                .forEach(source -> live.putAll(source.figures()));
        assertThat(live).containsKey(CONNECTOR);
        assertThat(java.time.Instant.parse((String) live.get(CONNECTOR).get("lastReceived")))
                .isAfter(java.time.Instant.now().minus(Duration.ofMinutes(5)));
        String page = io.conduit.status.StatusPage.render(new io.conduit.status.StatusReport(java.time.Instant.now(),
                java.util.List.of(), java.util.List.of(), Map.of(), java.util.List.of()), live, "/observe", 7);
        assertThat(page).contains("<h2>Live sources</h2>").contains("data-connector=\"" + CONNECTOR + "\"")
                .contains(live.get(CONNECTOR).get("lastReceived").toString()).contains("mediaLagSeconds");
    }

    private void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "+15550783881," + MAILBOX + "\n");
        Map<String, String> props = new HashMap<>();
        props.put("camel.route-template[whatsapp-demo].input", Files.createDirectories(tmp.resolve("no-whatsapp")).toString());
        props.put(ConduitOptions.MAPPING_FILE, mapping.toString());
        props.put(ConduitOptions.MAILBOX_DOMAINS, "example.com");
        props.put(ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"));
        props.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
        props.put("camel.route-template[" + CONNECTOR + "].template-id", "whatsapp-business-webhook-source");
        props.put("camel.route-template[" + CONNECTOR + "].trigger", CONNECTOR);
        props.put("camel.route-template[" + CONNECTOR + "].host", "127.0.0.1");
        props.put("camel.route-template[" + CONNECTOR + "].port", Integer.toString(port));
        props.put("camel.route-template[" + CONNECTOR + "].verify-token", "vt");
        props.put("camel.route-template[" + CONNECTOR + "].app-secret", SECRET);
        props.put("camel.route-template[" + CONNECTOR + "].cron", "0/1 * * * * ?");
        main = ConduitCamel.newMain(props);
        main.start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(URI.create(url()))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 403);
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/webhooks/whatsapp";
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/whatsapp-business/" + name + ".json"));
    }

    private static String sign(byte[] body) {
        return new WebhookSignature(SECRET).sign(body);
    }

    private int post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url())).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header(WebhookSignature.HEADER, signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<MimeMessage> copies() throws Exception {
        Path archive = tmp.resolve("archive");
        return Files.exists(archive) ? Maildirs.messages(archive, MAILBOX, "WhatsApp Business Archiver") : List.of();
    }

    private List<Path> spoolFiles() throws Exception {
        return ConnectorTests.files(tmp.resolve("state/spool/" + CONNECTOR));
    }
}

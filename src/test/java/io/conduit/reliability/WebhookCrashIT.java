package io.conduit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.conduit.Maildirs;
import io.conduit.source.whatsappbusiness.WebhookSignature;
import io.conduit.test.ImporterProcess;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a SIGKILL of the webhook: a Conduit JVM receives 1,000 signed WhatsApp Business deliveries from
 * a stand-in for Meta that, like Meta, redelivers every delivery not answered 2xx; the JVM is killed while they
 * arrive and restarted; every message ends in the custodian's mailbox exactly once. Prints the accepted and archived
 * rates (a figure, not an assertion).
 */
class WebhookCrashIT {

    static final int DELIVERIES = 1_000;
    static final String SECRET = "crash-app-secret";
    static final String MAILBOX = "sales@example.com";

    @TempDir
    Path tmp;

    @Test
    void every_message_is_archived_exactly_once_though_the_process_is_killed_mid_stream() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int mgmt;
        try (ServerSocket s = new ServerSocket(0)) {
            mgmt = s.getLocalPort();
        }
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "+15550783881," + MAILBOX + "\n");
        Map<String, String> p = new HashMap<>();
        p.put("conduit.mapping.file", mapping.toString());
        p.put("conduit.mapping.mailbox-domains", "example.com");
        p.put("conduit.store.uri", "maildir:" + tmp.resolve("archive"));
        p.put("conduit.state.dir", tmp.resolve("state").toString());
        p.put("camel.management.port", Integer.toString(mgmt));
        p.put("camel.route-template[wab].template-id", "whatsapp-business-webhook-source");
        p.put("camel.route-template[wab].trigger", "wab");
        p.put("camel.route-template[wab].host", "127.0.0.1");
        p.put("camel.route-template[wab].port", Integer.toString(port));
        p.put("camel.route-template[wab].verify-token", "vt");
        p.put("camel.route-template[wab].app-secret", SECRET);
        p.put("camel.route-template[wab].cron", "0/1 * * * * ?");
        // camel-main takes route template instances from application.properties in the working folder
        StringBuilder props = new StringBuilder();
        p.forEach((k, v) -> props.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(tmp.resolve("application.properties"), props);
        List<String> command = ImporterProcess.conduit(new ArrayList<>(List.of("-Xmx256m")), List.of());
        String template = Files.readString(Path.of("src/test/resources/whatsapp-business/text.json"));
        WebhookSignature signer = new WebhookSignature(SECRET);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp");
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger redelivered = new AtomicInteger();

        Process first = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("run-1.log").toFile()).start();
        Thread meta = new Thread(() -> {
            for (int i = 0; i < DELIVERIES; i++) {
                byte[] body = template.replace("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA1",
                        "wamid.CRASH" + i).replace("Does it come in another color?", "crash message " + i)
                        .getBytes(StandardCharsets.UTF_8);
                // Meta redelivers a delivery refused or answered non-2xx: retried every 50 ms until accepted
                await().atMost(Duration.ofMinutes(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
                    try {
                        int status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                                .header(WebhookSignature.HEADER, signer.sign(body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status / 100 == 2) {
                            accepted.incrementAndGet();
                            return true;
                        }
                    } catch (Exception e) {
                        // connection refused or reset: Meta retries later
                    }
                    redelivered.incrementAndGet();
                    return false;
                });
            }
        });
        meta.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> accepted.get() >= 300);
        first.destroyForcibly(); // SIGKILL while deliveries arrive
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int atKill = accepted.get();
        Process second = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("run-2.log").toFile()).start();
        try {
            long t0 = System.nanoTime();
            meta.join(Duration.ofMinutes(5).toMillis());
            assertThat(accepted.get()).isEqualTo(DELIVERIES);
            double acceptSeconds = (System.nanoTime() - t0) / 1e9;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Maildirs.countAll(tmp.resolve("archive")) >= DELIVERIES && spoolEmpty());
            double archiveSeconds = (System.nanoTime() - t0) / 1e9;
            List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), MAILBOX, "WhatsApp Business Archiver");
            Map<String, Integer> byBody = new HashMap<>();
            for (MimeMessage m : copies) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                m.writeTo(out);
                java.util.regex.Matcher x = java.util.regex.Pattern.compile("crash message (\\d+)").matcher(out.toString(StandardCharsets.UTF_8));
                assertThat(x.find()).isTrue();
                byBody.merge(x.group(1), 1, Integer::sum);
            }
            assertThat(byBody).hasSize(DELIVERIES);
            assertThat(byBody.values()).allMatch(n -> n == 1);
            assertThat(copies).hasSize(DELIVERIES);
            System.out.printf("webhook crash test: killed after %d accepted, %d redeliveries; after restart %d deliveries "
                    + "accepted in %.1f s (%.0f/s), all archived after %.1f s (%.0f/s)%n", atKill, redelivered.get(),
                    DELIVERIES - atKill, acceptSeconds, (DELIVERIES - atKill) / acceptSeconds, archiveSeconds,
                    (DELIVERIES - atKill) / archiveSeconds);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private boolean spoolEmpty() throws Exception {
        Path spool = tmp.resolve("state/spool/wab");
        try (var s = Files.list(spool)) {
            return s.findAny().isEmpty();
        }
    }
}

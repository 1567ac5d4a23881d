package io.conduit.source.whatsappbusiness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookListenerTest {

    private static final String SECRET = "test-app-secret";
    private static final String TOKEN = "test-verify-token";
    private static final int LIMIT = 6 * 1024 * 1024;

    @TempDir
    Path tmp;
    private WebhookSpool spool;
    private WebhookListener listener;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebhookSignature signer = new WebhookSignature(SECRET);

    @BeforeEach
    void start() throws Exception {
        spool = new WebhookSpool(tmp.resolve("spool"));
        listener = new WebhookListener("wab-test", "127.0.0.1", 0, "/webhooks/whatsapp", TOKEN, SECRET, LIMIT, spool,
                null, null);
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    private URI uri(String query) {
        return URI.create("http://127.0.0.1:" + listener.port() + "/webhooks/whatsapp" + (query == null ? "" : "?" + query));
    }

    private HttpResponse<String> post(byte[] body, String sig) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(null)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (sig != null) {
            b.header(WebhookSignature.HEADER, sig);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_oldest_waiting_delivery_gives_the_media_lag() throws Exception {
        assertEquals(null, spool.oldestWaiting());
        Path older = spool.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        spool.write("{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        java.time.Instant tenMinutesAgo = java.time.Instant.now().minusSeconds(600);
        Files.setLastModifiedTime(older, java.nio.file.attribute.FileTime.from(tenMinutesAgo));
        assertEquals(tenMinutesAgo.getEpochSecond(), spool.oldestWaiting().getEpochSecond());
        Files.delete(older);
        assertTrue(spool.oldestWaiting().isAfter(tenMinutesAgo));
    }

    @Test
    void answers_the_verification_handshake_with_the_challenge() throws Exception {
        var ok = http.send(HttpRequest.newBuilder(uri("hub.mode=subscribe&hub.verify_token=" + TOKEN
                + "&hub.challenge=1158201444")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("1158201444", ok.body());
        var wrong = http.send(HttpRequest.newBuilder(uri("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrong.statusCode());
    }

    @Test
    void spools_a_signed_delivery_before_answering_200() throws Exception {
        byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, post(body, signer.sign(body)).statusCode());
        List<Path> pending = spool.pending();
        assertEquals(1, pending.size());
        assertArrayEquals(body, Files.readAllBytes(pending.get(0)));
        assertEquals(1, listener.accepted());
    }

    @Test
    void refuses_wrong_and_missing_signatures_with_401_and_spools_nothing() throws Exception {
        byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post(body, null).statusCode());
        assertEquals(401, post(body, new WebhookSignature("other-secret").sign(body)).statusCode());
        assertEquals(401, post(body, "sha256=zz").statusCode());
        byte[] tampered = body.clone();
        tampered[3] ^= 1;
        assertEquals(401, post(tampered, signer.sign(body)).statusCode());
        assertEquals(0, spool.depth());
        assertEquals(4, listener.rejectedSignatures());
    }

    @Test
    void accepts_a_5_MB_body_and_refuses_one_over_the_limit_with_413() throws Exception {
        byte[] five = new byte[5 * 1024 * 1024];
        Arrays.fill(five, (byte) 'a');
        assertEquals(200, post(five, signer.sign(five)).statusCode());
        byte[] seven = new byte[7 * 1024 * 1024];
        try {
            assertEquals(413, post(seven, signer.sign(seven)).statusCode());
        } catch (java.io.IOException e) {
            // the listener answers 413 from the Content-Length without reading the body, and the HTTP server closes
            // the connection after draining 64 KB of it: a client still sending may see it closed before the answer
        }
        assertEquals(1, spool.depth());
        assertEquals(1, listener.tooLarge());
    }

    @Test
    void signature_check_is_exact() {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        String sig = signer.sign(body);
        assertTrue(signer.verify(sig, body));
        assertTrue(signer.verify(sig.toUpperCase().replace("SHA256=", "sha256="), body));
        assertFalse(signer.verify(sig.substring(0, sig.length() - 1), body));
    }
}

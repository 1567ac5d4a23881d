package io.conduit.source.whatsappbusiness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The HTTP listener of the WhatsApp Business Platform (Cloud API) webhook, on its own port apart from the
 * management server: answers Meta's GET verification handshake ({@code hub.mode=subscribe},
 * {@code hub.verify_token}, echo of {@code hub.challenge}), and for each POST checks {@code X-Hub-Signature-256}
 * first (401 when bad or missing, body never logged), rejects a body over the size limit (413), and writes the raw
 * body to the {@link WebhookSpool} (forced to disk) before answering 200; a spool write failure is 500 so that Meta
 * redelivers.
 *
 * <p>The JDK's {@code com.sun.net.httpserver} is used rather than a second Camel platform-http server: camel-main
 * configures one platform-http (Vert.x) server, the management server, and a second Vert.x router on another port
 * is not configurable through camel-main properties in 4.18.
 */
public final class WebhookListener implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookListener.class);

    private final String path;
    private final byte[] verifyToken;
    private final WebhookSignature signature;
    private final WebhookSpool spool;
    private final long maxBytes;
    private final String connector;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Runnable onAccepted;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejectedSignatures = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicReference<Instant> lastReceived = new AtomicReference<>();

    /**
     * Binds and starts the listener.
     *
     * @param connector   connector id, for log lines
     * @param host        bind address, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port        TCP port ({@code conduit.webhooks.port}, default 9877); 0 picks a free port
     * @param path        the webhook path, e.g. {@code /webhooks/whatsapp}
     * @param verifyToken the verify token entered in the Meta app (secret)
     * @param appSecret   the Meta app secret (secret)
     * @param maxBytes    largest accepted body in bytes; larger is 413
     * @param spool       where accepted deliveries go
     * @param ssl         TLS context, or null for plain HTTP (behind a TLS-terminating reverse proxy)
     * @param onAccepted  called after each accepted delivery (wakes the archiver), may be null
     * @throws IOException when the port cannot be bound
     */
    public WebhookListener(String connector, String host, int port, String path, String verifyToken, String appSecret,
            long maxBytes, WebhookSpool spool, SSLContext ssl, Runnable onAccepted) throws IOException {
        if (verifyToken == null || verifyToken.isEmpty()) {
            throw new IllegalArgumentException("verify-token is empty");
        }
        this.connector = connector;
        this.path = path;
        this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
        this.signature = new WebhookSignature(appSecret);
        this.spool = spool;
        this.maxBytes = maxBytes;
        this.onAccepted = onAccepted;
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (ssl != null) {
            HttpsServer https = HttpsServer.create(address, 256);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl));
            this.server = https;
        } else {
            this.server = HttpServer.create(address, 256);
        }
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "webhook-" + connector);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(path, this::handle);
        server.start();
        LOG.info("{}: WhatsApp Business webhook listening on {}:{}{}", connector, host, port(), path);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests received (every method). */
    public long requests() {
        return requests.get();
    }

    /** Deliveries written to the spool and answered 200. */
    public long accepted() {
        return accepted.get();
    }

    /** POSTs answered 401 for a bad or missing signature. */
    public long rejectedSignatures() {
        return rejectedSignatures.get();
    }

    /** POSTs answered 413. */
    public long tooLarge() {
        return tooLarge.get();
    }

    /** Time of the last accepted delivery, or null. */
    public Instant lastReceived() {
        return lastReceived.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            if (!ex.getRequestURI().getPath().equals(path)) {
                send(ex, 404, "");
                return;
            }
            switch (ex.getRequestMethod()) {
                case "GET" -> verify(ex);
                case "POST" -> receive(ex);
                default -> send(ex, 405, "");
            }
        } catch (RuntimeException e) {
            LOG.error("{}: webhook request failed: {}", connector, e.getClass().getName());
        }
    }

    private void verify(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String token = q.getOrDefault("hub.verify_token", "");
        boolean ok = "subscribe".equals(q.get("hub.mode"))
                && MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))
                && q.get("hub.challenge") != null;
        if (!ok) {
            LOG.warn("{}: webhook verification refused (mode or verify token wrong)", connector);
            send(ex, 403, "");
            return;
        }
        String challenge = q.get("hub.challenge");
        if (!challenge.chars().allMatch(c -> c >= 0x21 && c < 0x7f) || challenge.length() > 256) {
            send(ex, 400, "");
            return;
        }
        send(ex, 200, challenge);
    }

    private void receive(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBytes) {
                    tooLarge.incrementAndGet();
                    LOG.warn("{}: webhook body of {} bytes refused (limit {})", connector, length.strip(), maxBytes);
                    send(ex, 413, "");
                    return;
                }
            } catch (NumberFormatException e) {
                send(ex, 400, "");
                return;
            }
        }
        byte[] body = readUpTo(ex.getRequestBody(), maxBytes);
        if (body == null) {
            tooLarge.incrementAndGet();
            LOG.warn("{}: webhook body over {} bytes refused", connector, maxBytes);
            send(ex, 413, "");
            return;
        }
        if (!signature.verify(ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), body)) {
            rejectedSignatures.incrementAndGet();
            LOG.warn("{}: webhook POST of {} bytes from {} refused: bad or missing {}", connector, body.length,
                    ex.getRemoteAddress().getAddress().getHostAddress(), WebhookSignature.HEADER);
            send(ex, 401, "");
            return;
        }
        try {
            spool.write(body);
        } catch (IOException e) {
            LOG.error("{}: webhook delivery not spooled ({}), answering 500 so that Meta redelivers", connector,
                    e.getClass().getSimpleName());
            send(ex, 500, "");
            return;
        }
        accepted.incrementAndGet();
        lastReceived.set(Instant.now());
        send(ex, 200, "");
        if (onAccepted != null) {
            onAccepted.run();
        }
    }

    /** The body, or null when it is longer than max bytes. */
    private static byte[] readUpTo(InputStream in, long max) throws IOException {
        byte[] all = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return all.length > max ? null : all;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

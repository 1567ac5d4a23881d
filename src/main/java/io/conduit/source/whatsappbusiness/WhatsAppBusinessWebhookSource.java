package io.conduit.source.whatsappbusiness;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.conduit.pipeline.ExchangeProperties;
import io.conduit.source.SourceSettings;
import org.apache.camel.Exchange;

/**
 * The bean behind the {@code whatsapp-business-webhook-source} route template: starts each connector's
 * {@link WebhookListener} on its first poll, and hands the connector's spooled deliveries, oldest first, to the shared
 * input route; a spool file is deleted only once its records are archived, duplicates or quarantined. Also the
 * connector's figures for health and metrics.
 */
public final class WhatsAppBusinessWebhookSource implements AutoCloseable, io.conduit.source.LiveSource {

    /** Exchange property: bind address. */
    public static final String HOST = "ConduitWebhookHost";
    /** Exchange property: TCP port. */
    public static final String PORT = "ConduitWebhookPort";
    /** Exchange property: webhook path. */
    public static final String PATH = "ConduitWebhookPath";
    /** Exchange property: verify token (secret). */
    public static final String VERIFY_TOKEN = "ConduitWebhookVerifyToken";
    /** Exchange property: app secret (secret). */
    public static final String APP_SECRET = "ConduitWebhookAppSecret";
    /** Exchange property: largest body in bytes. */
    public static final String MAX_BYTES = "ConduitWebhookMaxBytes";
    /** Exchange property: PKCS#12 key store for TLS, empty for plain HTTP. */
    public static final String KEY_STORE = "ConduitWebhookKeyStore";
    /** Exchange property: key store password (secret). */
    public static final String KEY_STORE_PASSWORD = "ConduitWebhookKeyStorePassword";
    /** Exchange property with the absolute path of the spool file being archived. */
    public static final String SPOOL_FILE = "ConduitSpoolFile";

    private final Path spoolRoot;
    private final Map<String, WebhookListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, WebhookSpool> spools = new ConcurrentHashMap<>();
    private volatile io.micrometer.core.instrument.MeterRegistry meters;

    /** @param spoolRoot the folder holding one spool folder per connector, {@code <state>/spool} */
    public WhatsAppBusinessWebhookSource(Path spoolRoot) {
        this.spoolRoot = spoolRoot;
    }

    /**
     * Publishes each connector's listener figures as meters (tag {@code connector}), registered when its listener
     * starts: {@code conduit.webhook.requests}, {@code .accepted}, {@code .signatures.rejected}, {@code .too.large}
     * (counters), {@code conduit.webhook.spool.depth} (deliveries accepted, not yet archived) and
     * {@code conduit.webhook.last.received.timestamp} (epoch seconds of the last accepted delivery).
     */
    public void observe(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meters = registry;
    }

    private void register(String connector, WebhookListener l, WebhookSpool spool) {
        io.micrometer.core.instrument.MeterRegistry m = meters;
        if (m == null) {
            return;
        }
        io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("connector", connector);
        io.micrometer.core.instrument.FunctionCounter.builder("conduit.webhook.requests", l, WebhookListener::requests)
                .tags(tags).description("Webhook requests received").register(m);
        io.micrometer.core.instrument.FunctionCounter.builder("conduit.webhook.accepted", l, WebhookListener::accepted)
                .tags(tags).description("Signed deliveries written to the spool").register(m);
        io.micrometer.core.instrument.FunctionCounter.builder("conduit.webhook.signatures.rejected", l,
                WebhookListener::rejectedSignatures).tags(tags).description("Requests refused for a bad signature").register(m);
        io.micrometer.core.instrument.FunctionCounter.builder("conduit.webhook.too.large", l, WebhookListener::tooLarge)
                .tags(tags).description("Requests refused as too large").register(m);
        io.micrometer.core.instrument.Gauge.builder("conduit.webhook.spool.depth", spool, sp -> {
            try {
                return sp.depth();
            } catch (IOException e) {
                return Double.NaN;
            }
        }).tags(tags).description("Deliveries accepted and not yet archived").register(m);
        io.micrometer.core.instrument.Gauge.builder("conduit.webhook.last.received.timestamp", l,
                x -> x.lastReceived() == null ? Double.NaN : x.lastReceived().getEpochSecond())
                .tags(tags).description("When the last delivery was accepted, epoch seconds").register(m);
        io.micrometer.core.instrument.Gauge.builder("conduit.webhook.media.lag.seconds", spool,
                        sp -> lagSeconds(sp, Instant.now()))
                .tags(tags).description("Age of the oldest accepted delivery whose media are not yet downloaded and "
                        + "archived, seconds (0 when none waits)").register(m);
    }

    private static double lagSeconds(WebhookSpool spool, Instant now) {
        try {
            Instant oldest = spool.oldestWaiting();
            return oldest == null ? 0 : Math.max(0, java.time.Duration.between(oldest, now).toMillis() / 1000.0);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /**
     * The Graph media downloader of a connector's settings (options {@code access-token}, {@code graph-base-url},
     * {@code media-attempts}, {@code media-backoff-ms}), or null when no access token is set.
     */
    public static GraphMediaFetcher mediaFetcher(SourceSettings s) {
        String token = s.option("access-token", "");
        if (token.isBlank()) {
            return null;
        }
        return new GraphMediaFetcher(s.option("graph-base-url", "https://graph.facebook.com/v21.0"), token.strip(),
                Integer.parseInt(s.option("media-attempts", "4")), Long.parseLong(s.option("media-backoff-ms", "1000")));
    }

    /**
     * Starts the connector's listener when it is not running, then lists its spool.
     *
     * @return the connector's spooled deliveries, oldest first
     * @throws IOException when the port cannot be bound or the spool not listed
     */
    public List<File> poll(Exchange exchange) throws IOException {
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, String.class);
        WebhookSpool spool = spool(connector);
        if (!listeners.containsKey(connector)) {
            synchronized (this) {
                if (!listeners.containsKey(connector)) {
                    String ks = exchange.getProperty(KEY_STORE, "", String.class).strip();
                    javax.net.ssl.SSLContext ssl = ks.isEmpty() ? null
                            : Tls.context(Path.of(ks), exchange.getProperty(KEY_STORE_PASSWORD, "", String.class));
                    listeners.put(connector, new WebhookListener(connector,
                            exchange.getProperty(HOST, "0.0.0.0", String.class).strip(),
                            Integer.parseInt(exchange.getProperty(PORT, "9877", String.class).strip()),
                            exchange.getProperty(PATH, "/webhooks/whatsapp", String.class).strip(),
                            exchange.getProperty(VERIFY_TOKEN, String.class),
                            exchange.getProperty(APP_SECRET, String.class),
                            Long.parseLong(exchange.getProperty(MAX_BYTES, "3145728", String.class).strip()), spool, ssl,
                            null));
                    register(connector, listeners.get(connector), spool);
                }
            }
        }
        return spool.pending().stream().map(Path::toFile).toList();
    }

    /** Deletes the spool file named by {@value #SPOOL_FILE} once its records are all accounted for. */
    public void done(Exchange exchange) throws IOException {
        String file = exchange.getProperty(SPOOL_FILE, String.class);
        if (file != null) {
            Files.deleteIfExists(Path.of(file));
        }
    }

    /**
     * The connectors with a running listener and their figures: requests, accepted, rejectedSignatures, tooLarge,
     * spoolDepth, mediaLagSeconds (age of the oldest delivery waiting for its media and archiving), lastReceived
     * (ISO-8601, UTC, or null) and port.
     */
    @Override
    public Map<String, Map<String, Object>> figures() {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        listeners.forEach((c, l) -> {
            Map<String, Object> f = new java.util.LinkedHashMap<>();
            f.put("requests", l.requests());
            f.put("accepted", l.accepted());
            f.put("rejectedSignatures", l.rejectedSignatures());
            f.put("tooLarge", l.tooLarge());
            try {
                f.put("spoolDepth", spool(c).depth());
            } catch (IOException e) {
                f.put("spoolDepth", -1);
            }
            try {
                f.put("mediaLagSeconds", Math.round(lagSeconds(spool(c), Instant.now())));
            } catch (IOException e) {
                f.put("mediaLagSeconds", -1);
            }
            Instant last = l.lastReceived();
            f.put("lastReceived", last == null ? null : last.toString());
            f.put("port", l.port());
            out.put(c, f);
        });
        return out;
    }

    private WebhookSpool spool(String connector) throws IOException {
        WebhookSpool s = spools.get(connector);
        if (s == null) {
            s = new WebhookSpool(spoolRoot.resolve(connector));
            spools.put(connector, s);
        }
        return s;
    }

    @Override
    public void close() {
        listeners.values().forEach(WebhookListener::close);
        listeners.clear();
    }
}

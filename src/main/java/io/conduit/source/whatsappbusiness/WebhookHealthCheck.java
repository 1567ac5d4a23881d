package io.conduit.source.whatsappbusiness;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health check {@code conduit/whatsapp-business-webhooks}: each webhook connector's listener figures as details
 * ({@code <connector>.requests}, {@code .rejectedSignatures}, {@code .spoolDepth}, {@code .lastReceived}, ...); DOWN
 * when a spool holds more than {@value #MAX_SPOOL_DEPTH} deliveries (archiving has stopped keeping up) or cannot be
 * read.
 */
public final class WebhookHealthCheck extends AbstractHealthCheck {

    /** Deliveries waiting in one spool above which the check is DOWN. */
    public static final int MAX_SPOOL_DEPTH = 10_000;

    private final WhatsAppBusinessWebhookSource source;

    public WebhookHealthCheck(WhatsAppBusinessWebhookSource source) {
        super("conduit", "whatsapp-business-webhooks");
        this.source = source;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        source.figures().forEach((connector, figures) -> {
            figures.forEach((k, v) -> builder.detail(connector + "." + k, v == null ? "none" : String.valueOf(v)));
            Object depth = figures.get("spoolDepth");
            if (depth instanceof Number n && (n.intValue() < 0 || n.intValue() > MAX_SPOOL_DEPTH)) {
                builder.down().message(connector + ": spool depth " + n + " (archiving is not keeping up, or the "
                        + "spool cannot be read)");
            }
        });
    }
}

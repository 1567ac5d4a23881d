package io.conduit.source.whatsappbusiness;

import io.conduit.source.ExportFormat;
import io.conduit.source.SourceBindings;
import io.conduit.source.SourcePlugin;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * The WhatsApp Business Platform (Cloud API) webhook: its own route template
 * ({@code whatsapp-business-webhook-source}, bean {@code whatsAppBusinessWebhookSource}) receives signed deliveries
 * into a spool; {@code import whatsapp-business} reads saved delivery bodies.
 */
public final class WhatsAppBusinessSourcePlugin implements SourcePlugin {

    /** Registry name of the bean the template calls. */
    public static final String BEAN = "whatsAppBusinessWebhookSource";

    @Override
    public ExportFormat exportFormat() {
        return ExportFormat.of("whatsapp-business", "WhatsApp Business Archiver", ".*\\.json",
                "a WhatsApp Business Platform (Cloud API) webhook delivery body (object whatsapp_business_account)",
                "Folder of saved webhook delivery bodies",
                (file, s, c) -> WhatsAppBusinessPayloadReader.open(file, s, WhatsAppBusinessWebhookSource.mediaFetcher(s)))
                .withTemplateId(null);
    }

    @Override
    public void bind(SourceBindings bindings) {
        WhatsAppBusinessWebhookSource webhooks = new WhatsAppBusinessWebhookSource(bindings.stateDir().resolve("spool"));
        bindings.context().getRegistry().bind(BEAN, webhooks);
        webhooks.observe(io.conduit.observe.Observability.meterRegistry(bindings.context()));
        org.apache.camel.health.HealthCheckRegistry health = org.apache.camel.health.HealthCheckRegistry.get(bindings.context());
        if (health != null) {
            WebhookHealthCheck check = new WebhookHealthCheck(webhooks);
            check.setCamelContext(bindings.context());
            health.register(check);
        }
        bindings.context().addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                webhooks.close();
            }
        });
    }
}

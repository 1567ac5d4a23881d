package io.conduit.pipeline;

import io.conduit.model.Text;
import java.io.File;
import java.util.Map;
import java.util.TreeMap;

import io.conduit.state.log.ConnectorLog;
import io.conduit.state.ConnectorRun;
import io.conduit.state.Quarantine;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the dead letter channel: puts the original item, record or input file in quarantine with its reason,
 * counts it and writes it to the connector log. Nothing that reaches it is dropped.
 */
public final class QuarantineHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineHandler.class);

    /** Settings whose name says they hold a secret never go into a quarantine entry. */
    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile("(?i)password|secret|token|credential");

    /** Endpoint of the shared pipeline, where a quarantined item is retried. */
    public static final String ARCHIVE_URI = "direct:archive";

    private final Quarantine quarantine;
    private final ConnectorLog connectorLog;

    public QuarantineHandler(Quarantine quarantine, ConnectorLog connectorLog) {
        this.quarantine = quarantine;
        this.connectorLog = connectorLog;
    }

    /** Quarantines the exchange's original item or record (dead letter channel, {@code useOriginalMessage}). */
    public void quarantine(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        File input = exchange.getProperty(InputCheckpoints.INPUT_FILE, File.class);
        if (cause instanceof UnreadRestException && input != null) {
            put(exchange, input.toPath(), true, true); // the whole original input, retried whole
            return;
        }
        put(exchange, exchange.getMessage().getBody(), false, cause instanceof UnreadRestException);
    }

    /**
     * Quarantines a whole input that could not be opened (not an export, corrupt ZIP, unreadable file): counted as one
     * record read and quarantined.
     */
    public void quarantineInput(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        File input = exchange.getProperty(InputCheckpoints.INPUT_FILE, File.class);
        if (input != null) {
            body = input.toPath(); // the body may already be the input's records
        } else if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
            body = f.toPath();
        } else if (body instanceof File f) {
            body = f.toPath();
        }
        put(exchange, body, true, false);
    }

    private void put(Exchange exchange, Object original, boolean wholeInput, boolean unreadRest) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        if (cause == null) {
            cause = new IllegalStateException("quarantined without an exception");
        }
        ConnectorRun run = exchange.getProperty(ExchangeProperties.RUN, ConnectorRun.class);
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, "unknown", String.class);
        String step = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        if (endpoint != null) {
            step = step + " at " + endpoint;
        }
        Map<String, String> settings = new TreeMap<>();
        for (Map.Entry<String, Object> e : exchange.getProperties().entrySet()) {
            if (e.getKey().startsWith("Conduit") && e.getValue() instanceof String v && !SECRET.matcher(e.getKey()).find()) {
                settings.put(e.getKey(), v);
            }
        }
        String retryUri = wholeInput ? exchange.getProperty(ExchangeProperties.INPUT_ROUTE, String.class) : ARCHIVE_URI;
        Quarantine.Reason reason = quarantine.put(connector, original, step, cause, retryUri, settings);
        if (run != null && unreadRest) {
            run.inputUnread();
        } else if (run != null) {
            if (wholeInput) {
                run.itemRead();
            }
            run.itemQuarantined();
        }
        connectorLog.quarantined(connector, reason.source(), reason.id(), reason.message());
        LOG.warn("Quarantined {} from connector {}: {} (quarantine id {})", Text.clean(reason.source()),
                Text.clean(connector), Text.clean(reason.message()), reason.id());
    }
}

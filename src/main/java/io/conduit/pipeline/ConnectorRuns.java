package io.conduit.pipeline;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;

import io.conduit.state.log.ConnectorLog;
import io.conduit.state.ConnectorRun;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

/**
 * Begins and ends a {@link ConnectorRun} around one input of a source route, writing its reconciliation record; every
 * run's counts also go to the {@link ConnectorRun.Listener} (the connector meters and last-run health).
 */
public final class ConnectorRuns {

    private final ConnectorLog connectorLog;
    private final ConnectorRun.Listener listener;

    public ConnectorRuns(ConnectorLog connectorLog) {
        this(connectorLog, ConnectorRun.Listener.NONE);
    }

    /** @param listener told of every run's counts and end, e.g. {@link io.conduit.observe.ConnectorMetrics} */
    public ConnectorRuns(ConnectorLog connectorLog, ConnectorRun.Listener listener) {
        this.connectorLog = connectorLog;
        this.listener = listener;
    }

    /**
     * Starts a run for this input unless the caller (the {@code import} command) already gave one, and lets the
     * listener observe it.
     */
    public void begin(Exchange exchange) {
        ConnectorRun run = exchange.getProperty(ExchangeProperties.RUN, ConnectorRun.class);
        if (run == null) {
            String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, "unknown", String.class);
            run = new ConnectorRun(connector, inputName(exchange.getMessage().getBody()));
            exchange.setProperty(ExchangeProperties.RUN, run);
        }
        run.observe(listener);
    }

    /** Closes the input's records and writes the run's reconciliation record to the connector log. */
    public void finish(Exchange exchange) throws IOException {
        Object records = exchange.getProperty(ExchangeProperties.RECORDS);
        ConnectorRun run = exchange.getProperty(ExchangeProperties.RUN, ConnectorRun.class);
        if (records instanceof io.conduit.source.SourceRecords r && run != null) {
            r.notes().forEach(run::note);
        }
        if (records instanceof Closeable c) {
            c.close();
        }
        if (run != null) {
            connectorLog.finish(run);
        }
    }

    /**
     * Records a failed poll of a polled connector (called from its route's {@code doCatch}): a WARN and a
     * {@code poll-failed} line in the connector log. Its checkpoint was not advanced, so nothing is lost.
     */
    public void pollFailed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, "unknown", String.class);
        String error = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        ConnectorRun run = exchange.getProperty(ExchangeProperties.RUN, ConnectorRun.class);
        if (run != null) {
            run.fail(error);
        }
        connectorLog.pollFailed(connector, error);
    }

    static String inputName(Object body) {
        if (body instanceof GenericFile<?> gf) {
            return gf.getFileName();
        }
        if (body instanceof File f) {
            return f.getName();
        }
        return body == null ? "unknown" : body.toString();
    }
}

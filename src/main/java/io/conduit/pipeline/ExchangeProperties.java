package io.conduit.pipeline;

/** Exchange property names the routes and beans share; set by a source route, read by the pipeline. */
public final class ExchangeProperties {

    /** The {@link io.conduit.state.ConnectorRun} counting this run. */
    public static final String RUN = "ConduitRun";
    /** Connector (route) id. */
    public static final String CONNECTOR = "ConduitConnector";
    /** Folder the connector's copies go into, e.g. {@code WhatsApp Archiver}. */
    public static final String FOLDER = "ConduitFolder";
    /** The router's decision, a {@link io.conduit.mapping.MailboxResolver.Routing}. */
    public static final String ROUTING = "ConduitRouting";
    /** The records iterator of the input being read, closed when the input is done. */
    public static final String RECORDS = "ConduitRecords";

    /** {@code true} when the item may have been half-stored before (a quarantine retry): store copies only if absent. */
    public static final String RECOVERING = "ConduitRecovering";

    /** Endpoint of the route that reads one input of a source, e.g. {@code direct:export-input}: where a quarantined input is retried. */
    public static final String INPUT_ROUTE = "ConduitInputRoute";

    private ExchangeProperties() {
    }
}

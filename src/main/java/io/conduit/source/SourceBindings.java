package io.conduit.source;

import java.nio.file.Path;

import io.conduit.state.checkpoint.CheckpointStore;
import io.conduit.state.log.ConnectorLog;
import org.apache.camel.CamelContext;

/**
 * What a source may bind into the Camel registry at start-up (a polled source's bean, named in its route template).
 *
 * @param context       the Camel context; bind with {@code context.getRegistry().bind(name, bean)}
 * @param stateDir      the state folder ({@code conduit.state.dir})
 * @param checkpoints   the checkpoint store (state folder, or PostgreSQL when configured or clustered)
 * @param connectorLog  the connector log
 * @param defaultRegion ISO 3166 region for phone numbers written without a country code
 */
public record SourceBindings(CamelContext context, Path stateDir, CheckpointStore checkpoints, ConnectorLog connectorLog,
                             String defaultRegion) {
}

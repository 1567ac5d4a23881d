package io.conduit.observe;

import static io.conduit.model.Text.blankToNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.conduit.ConduitOptions;
import io.conduit.Secrets;
import io.conduit.state.log.ConnectorLog;
import io.conduit.store.ArchiveStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires Conduit into Camel's management server ({@code camel.management.*}, port 9876 by default): the Micrometer
 * registry that {@code /observe/metrics} scrapes, the readiness checks of {@code /observe/health} (store, state folder,
 * each connector) and the login of {@code /observe/jolokia}, {@code /observe/status} and {@code /observe/hawtio}. Called from
 * {@link io.conduit.ConduitConfiguration} after camel-main has created the (not yet started) management server.
 */
public final class Observability {

    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

    private Observability() {
    }

    /**
     * The Micrometer registry: camel-micrometer-prometheus's {@code metricsRegistry} when {@code camel.metrics} has
     * bound it, else a new Prometheus registry bound under that name (which camel-micrometer-prometheus then uses).
     */
    public static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry found = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (found == null) {
            found = context.getRegistry().findSingleByType(MeterRegistry.class);
        }
        if (found == null) {
            found = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, found);
        }
        return found;
    }

    /**
     * Registers the readiness checks, the connectors' meters once routes exist, and the Jolokia authentication.
     *
     * @param store    the store (checked with the catch-all mailbox's login)
     * @param state    the state folder
     * @param mailbox  the catch-all mailbox
     * @param metrics  the connector meters and last runs
     * @param connectorLog where each connector's runs before this start are read from
     * @param property reads a {@code conduit.*} option, {@code null} when unset
     */
    public static void install(CamelContext context, ArchiveStore store, Path state, String mailbox,
                               ConnectorMetrics metrics, ConnectorLog connectorLog, Function<String, String> property) {
        Clock clock = Clock.systemUTC();
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            StoreHealthCheck storeCheck = new StoreHealthCheck(store, mailbox);
            StateFolderHealthCheck stateCheck = new StateFolderHealthCheck(state);
            ConnectorHealthChecks connectors = new ConnectorHealthChecks(metrics, clock, Instant.now(clock));
            for (Object check : List.of(storeCheck, stateCheck, connectors)) {
                org.apache.camel.CamelContextAware.trySetCamelContext(check, context);
                health.register(check);
            }
        }
        // the connectors' routes exist now: their counters show 0 before their first run, and their last runs before
        // this start come from their connector logs
        StartupListener registerConnectors = (started, alreadyStarted) ->
                started.getRoutes().stream().filter(Route::isCreatedByRouteTemplate).map(Route::getRouteId).forEach(id -> {
                    metrics.connector(id);
                    metrics.restore(id, connectorLog.recentRuns(id));
                });
        try {
            context.addStartupListener(registerConnectors);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the connector meters", e);
        }
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server != null && server.isJolokiaEnabled()) {
            protectJolokia(server, property);
        }
    }

    private static void protectJolokia(ManagementHttpServer server, Function<String, String> property) {
        AuthenticationConfig config = server.getConfiguration().getAuthenticationConfig();
        String path = server.getJolokiaPath() + "/*";
        if (config.isEnabled() && !config.getEntries().isEmpty()) {
            LOG.info("Jolokia at {} uses the management server's own authentication (camel.management.authentication-*)",
                    server.getJolokiaPath());
            return;
        }
        String user = blankToNull(property.apply(ConduitOptions.MANAGEMENT_USER));
        String password = Secrets.password(property, ConduitOptions.MANAGEMENT_PASSWORD,
                ConduitOptions.MANAGEMENT_PASSWORD_FILE);
        if (password == null) {
            LOG.warn("Jolokia at {} refuses every request: no password (set CONDUIT_MANAGEMENT_PASSWORD or {})",
                    server.getJolokiaPath(), ConduitOptions.MANAGEMENT_PASSWORD_FILE);
        } else {
            LOG.info("Jolokia at {} requires HTTP Basic authentication as user {}", server.getJolokiaPath(),
                    user == null ? "conduit" : user);
        }
        JolokiaAuthentication login = new JolokiaAuthentication(user == null ? "conduit" : user, password);
        login.protect(config, path);
        // the status page and the Hawtio console beside it (io.conduit.status.ManagementPages) name custodians and
        // reach Jolokia: the same login
        String base = server.getJolokiaPath().substring(0, server.getJolokiaPath().lastIndexOf('/'));
        login.protect(config, base + "/status*");
        login.protect(config, base + "/hawtio*");
    }
}

package io.conduit.observe;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;

/**
 * One {@link ConnectorHealthCheck} per connector: every route created from a route template (the key in brackets of
 * {@code camel.route-template[<id>]}), found each time the checks are listed, so it needs no list of its own.
 */
public final class ConnectorHealthChecks implements HealthCheckRepository, CamelContextAware {

    private final ConnectorMetrics metrics;
    private final Clock clock;
    private final Instant since;
    private final Map<String, ConnectorHealthCheck> checks = new ConcurrentHashMap<>();
    private CamelContext context;
    private boolean enabled = true;

    /**
     * @param metrics where each connector's last run is kept
     * @param clock   the time now
     * @param since   when Conduit started
     */
    public ConnectorHealthChecks(ConnectorMetrics metrics, Clock clock, Instant since) {
        this.metrics = metrics;
        this.clock = clock;
        this.since = since;
    }

    @Override
    public String getId() {
        return "conduit-connectors";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stream<HealthCheck> stream() {
        if (!enabled || context == null) {
            return Stream.empty();
        }
        return context.getRoutes().stream()
                .filter(Route::isCreatedByRouteTemplate)
                .map(Route::getRouteId)
                .sorted()
                .map(id -> checks.computeIfAbsent(id, this::newCheck));
    }

    private ConnectorHealthCheck newCheck(String connectorId) {
        ConnectorHealthCheck check = new ConnectorHealthCheck(connectorId, metrics, clock, since);
        check.setCamelContext(context);
        return check;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}

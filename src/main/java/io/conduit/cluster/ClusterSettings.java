package io.conduit.cluster;

import static io.conduit.model.Text.blankToNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;

import io.conduit.ConduitOptions;
import io.conduit.Secrets;

/**
 * How a node joins its cluster, from the {@code conduit.cluster.*} options; {@link #toString()} never shows the
 * password (nor the JDBC URL, which may carry one).
 *
 * @param jdbcUrl           PostgreSQL JDBC URL of the cluster's database ({@code currentSchema=} selects a schema)
 * @param user              database user, may be {@code null} (then the URL's or the driver's default)
 * @param password          database password, may be {@code null}
 * @param nodeId            this node's id, unique in the cluster: Quartz instance id and the {@code node} column
 * @param schedulerName     the Quartz scheduler name shared by every node: {@code camel.main.name}
 * @param poolSize          most connections of this node's pool
 * @param schedulerThreads  Quartz worker threads (connector polls that can run at once on this node)
 * @param checkinIntervalMs milliseconds between check-ins; a node silent for this plus 7.5 s is taken as dead
 */
public record ClusterSettings(String jdbcUrl, String user, String password, String nodeId, String schedulerName,
                              int poolSize, int schedulerThreads, long checkinIntervalMs) {

    /**
     * Reads the options.
     *
     * @param property the value of a key, or {@code null} when unset
     * @throws IllegalArgumentException naming the key when a value is missing or malformed, or the password file
     *                                  cannot be read
     */
    public static ClusterSettings from(Function<String, String> property) {
        String url = blankToNull(property.apply(ConduitOptions.CLUSTER_JDBC_URL));
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(ConduitOptions.CLUSTER_JDBC_URL + " must be a PostgreSQL JDBC URL when "
                    + ConduitOptions.CLUSTER_ENABLED + " is true (example: jdbc:postgresql://db:5432/conduit)");
        }
        String schedulerName = blankToNull(property.apply("camel.main.name"));
        if (schedulerName == null) {
            throw new IllegalArgumentException("camel.main.name must be set, to the same value on every node, when "
                    + ConduitOptions.CLUSTER_ENABLED + " is true (example: conduit)");
        }
        String password = Secrets.password(property, ConduitOptions.CLUSTER_JDBC_PASSWORD,
                ConduitOptions.CLUSTER_JDBC_PASSWORD_FILE);
        String nodeId = blankToNull(property.apply(ConduitOptions.CLUSTER_NODE_ID));
        int threads = positive(property, ConduitOptions.CLUSTER_SCHEDULER_THREADS, 10);
        return new ClusterSettings(url, blankToNull(property.apply(ConduitOptions.CLUSTER_JDBC_USER)), password,
                nodeId == null ? defaultNodeId() : nodeId, schedulerName,
                positive(property, ConduitOptions.CLUSTER_POOL_SIZE, threads + 5), threads,
                positive(property, ConduitOptions.CLUSTER_CHECKIN_INTERVAL_MS, 5000));
    }

    /** {@code <host name>-<pid>}: unique for the nodes of one host, and for each restart of a node. */
    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static int positive(Function<String, String> property, String key, int defaultValue) {
        String value = blankToNull(property.apply(key));
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " '" + value + "' is not a positive whole number (example: " + defaultValue + ")");
    }

    @Override
    public String toString() {
        return "ClusterSettings[node=" + nodeId + ", scheduler=" + schedulerName + ", user=" + user + ", poolSize="
                + poolSize + ", schedulerThreads=" + schedulerThreads + ", checkinIntervalMs=" + checkinIntervalMs + "]";
    }
}

package io.conduit.source.sql;

import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.conduit.pipeline.ExchangeProperties;
import io.conduit.source.SourceSettings;
import io.conduit.state.checkpoint.CheckpointStore;
import org.apache.camel.Exchange;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The bean behind the {@code sql-source} route template: each poll reads the rows after the connector's checkpoint
 * (partition {@value #PARTITION}) and, once every row is archived, a duplicate or quarantined, saves the new one.
 */
public final class SqlLogSource {

    /** The checkpoint partition of a SQL connector: its query. */
    public static final String PARTITION = "query";
    /** Rows read by one poll at most; the rest waits for the next poll. */
    public static final int MAX_ROWS_PER_POLL = 10_000;
    private static final String NEXT = "ConduitSqlCheckpoint";

    private final CheckpointStore checkpoints;
    private final String defaultRegion;
    private final Map<String, PGSimpleDataSource> dataSources = new ConcurrentHashMap<>();

    public SqlLogSource(CheckpointStore checkpoints, String defaultRegion) {
        this.checkpoints = checkpoints;
        this.defaultRegion = defaultRegion;
    }

    /**
     * Reads the next rows. Exchange properties in: {@code ConduitConnector}, {@code ConduitJdbcUrl},
     * {@code ConduitJdbcUser}, {@code ConduitJdbcPassword}, {@code ConduitQuery} ({@code jabber} for the built-in Cisco
     * IM and Presence query, else SQL), {@code ConduitSource}, {@code ConduitEvent}, {@code ConduitBatch},
     * {@code ConduitOverlap}. Body out: the records.
     *
     * @throws SQLException when the database cannot be queried (the poll is retried at the next fire time)
     */
    public java.util.List<Object> poll(Exchange exchange) throws SQLException {
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, String.class);
        String query = exchange.getProperty("ConduitQuery", "jabber", String.class);
        SqlLogQuery q = "jabber".equalsIgnoreCase(query.strip()) ? SqlLogQuery.jabber()
                : new SqlLogQuery(query, exchange.getProperty("ConduitSource", "SQL", String.class),
                exchange.getProperty("ConduitEvent", "Message", String.class),
                exchange.getProperty("ConduitBatch", 500, Integer.class), exchange.getProperty("ConduitOverlap", 300, Integer.class));
        SqlLogReader reader = new SqlLogReader(dataSource(exchange), q);
        SqlLogReader.Batch batch = reader.poll(new SourceSettings(connector, ZoneOffset.UTC, null, defaultRegion),
                checkpoints.load(connector, PARTITION).orElse(Map.of()), MAX_ROWS_PER_POLL);
        exchange.setProperty(NEXT, batch.checkpoint());
        return batch.records();
    }

    /** Saves the checkpoint after the poll's rows; called once the split over them is done. */
    @SuppressWarnings("unchecked")
    public void complete(Exchange exchange) {
        Map<String, String> next = exchange.getProperty(NEXT, Map.class);
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, String.class);
        if (next != null && !next.isEmpty()) {
            checkpoints.save(connector, PARTITION, next);
        }
    }

    private PGSimpleDataSource dataSource(Exchange exchange) {
        String url = exchange.getProperty("ConduitJdbcUrl", String.class);
        String user = exchange.getProperty("ConduitJdbcUser", "", String.class);
        String password = exchange.getProperty("ConduitJdbcPassword", "", String.class);
        exchange.removeProperty("ConduitJdbcPassword"); // read once: never carried further with the items
        return dataSources.computeIfAbsent(url + "|" + user, k -> {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            if (!user.isBlank()) {
                ds.setUser(user);
            }
            if (!password.isBlank()) {
                ds.setPassword(password);
            }
            return ds;
        });
    }
}

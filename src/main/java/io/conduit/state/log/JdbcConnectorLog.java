package io.conduit.state.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.store.StoredCopy;

/**
 * The connector log in PostgreSQL, shared by every node of a cluster: the fields of the JSON lines of
 * {@link ConnectorLog} as columns, plus the node that wrote each row. Tables (created on start):
 * <pre>
 * conduit_connector_log       one row per item, duplicate, quarantine and poll-failed line:
 *   id BIGSERIAL, type, logged_at ("time"), connector, node, item_id, source, message_id, quarantine_id, reason,
 *   error, details (any other field, as a JSON object; NULL when none)
 * conduit_connector_log_copy  one row per copy of an archived item:
 *   log_id (-&gt; conduit_connector_log.id), ordinal, mailbox, folder, correlation_id
 * conduit_connector_run       one row per run (reconciliation record):
 *   id BIGSERIAL, connector, node, input, start_time, end_time, items, archived, copies, duplicates, quarantined,
 *   catch_all, partial, balanced, details
 * </pre>
 * A line and its copies are written in one transaction.
 */
public final class JdbcConnectorLog implements ConnectorLog.Sink {

    /** The DDL, run on start. */
    public static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS conduit_connector_log (
              id            BIGSERIAL PRIMARY KEY,
              type          VARCHAR(40) NOT NULL,
              logged_at     TIMESTAMP WITH TIME ZONE NOT NULL,
              connector     VARCHAR(200) NOT NULL,
              node          VARCHAR(200) NOT NULL,
              item_id       TEXT,
              source        TEXT,
              message_id    TEXT,
              quarantine_id TEXT,
              reason        TEXT,
              error         TEXT,
              details       TEXT);
            CREATE INDEX IF NOT EXISTS conduit_connector_log_connector ON conduit_connector_log (connector, logged_at);
            CREATE TABLE IF NOT EXISTS conduit_connector_log_copy (
              log_id         BIGINT NOT NULL REFERENCES conduit_connector_log (id),
              ordinal        INTEGER NOT NULL,
              mailbox        TEXT NOT NULL,
              folder         TEXT NOT NULL,
              correlation_id TEXT,
              PRIMARY KEY (log_id, ordinal));
            CREATE TABLE IF NOT EXISTS conduit_connector_run (
              id          BIGSERIAL PRIMARY KEY,
              connector   VARCHAR(200) NOT NULL,
              node        VARCHAR(200) NOT NULL,
              input       TEXT,
              start_time  TIMESTAMP WITH TIME ZONE,
              end_time    TIMESTAMP WITH TIME ZONE,
              items       BIGINT NOT NULL,
              archived    BIGINT NOT NULL,
              copies      BIGINT NOT NULL,
              duplicates  BIGINT NOT NULL,
              quarantined BIGINT NOT NULL,
              catch_all   BIGINT NOT NULL,
              partial     BIGINT NOT NULL,
              balanced    BOOLEAN NOT NULL,
              details     TEXT);
            CREATE INDEX IF NOT EXISTS conduit_connector_run_connector ON conduit_connector_run (connector, end_time)""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LINE_COLUMNS =
            List.of("itemId", "source", "messageId", "quarantineId", "reason", "error");
    private static final List<String> RUN_COUNTS =
            List.of("items", "archived", "copies", "duplicates", "quarantined", "catchAll", "partial");

    private final DataSource dataSource;
    private final String node;

    /**
     * Creates the tables when missing.
     *
     * @param node this node's id, written with every row
     * @throws IllegalStateException when the database cannot be reached or refuses the DDL
     */
    public JdbcConnectorLog(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the connector log tables: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalStateException when the row cannot be written
     */
    @Override
    public void write(String connectorId, Map<String, Object> line) {
        writeAll(List.of(Map.entry(connectorId, line)));
    }

    /**
     * A group's lines in one transaction: all of them or, when one cannot be written, none.
     *
     * @throws IllegalStateException naming the line's type and connector when a row cannot be written
     */
    @Override
    public void writeAll(List<Map.Entry<String, Map<String, Object>>> lines) {
        if (lines.isEmpty()) {
            return;
        }
        String type = null;
        String connectorId = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Map.Entry<String, Map<String, Object>> line : lines) {
                    connectorId = line.getKey();
                    Map<String, Object> rest = new LinkedHashMap<>(line.getValue());
                    type = String.valueOf(rest.remove("type"));
                    rest.remove("connector");
                    Timestamp time = timestamp(rest.remove("time"));
                    if ("run".equals(type)) {
                        writeRun(c, connectorId, rest);
                    } else {
                        insertLine(c, connectorId, type, time, rest);
                    }
                }
                c.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + type + " line of connector " + connectorId
                    + " to the connector log tables" + (lines.size() > 1 ? " (nor the " + lines.size()
                    + " lines of its group)" : "") + ": " + e.getMessage(), e);
        }
    }

    /** Inserts one line and its copies on the caller's transaction. */
    private void insertLine(Connection c, String connectorId, String type, Timestamp time, Map<String, Object> rest)
            throws SQLException, JsonProcessingException {
        Object copies = rest.remove("copies");
        long id;
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO conduit_connector_log (type, logged_at, connector, node, item_id, source, message_id,
                  quarantine_id, reason, error, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            s.setString(1, type);
            s.setTimestamp(2, time);
            s.setString(3, connectorId);
            s.setString(4, node);
            int i = 5;
            for (String column : LINE_COLUMNS) {
                Object value = rest.remove(column);
                s.setString(i++, value == null ? null : value.toString());
            }
            s.setString(i, details(rest));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        if (copies instanceof List<?> list && !list.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO conduit_connector_log_copy "
                    + "(log_id, ordinal, mailbox, folder, correlation_id) VALUES (?, ?, ?, ?, ?)")) {
                int ordinal = 0;
                for (Object o : list) {
                    StoredCopy copy = (StoredCopy) o;
                    s.setLong(1, id);
                    s.setInt(2, ordinal++);
                    s.setString(3, copy.mailbox());
                    s.setString(4, copy.folder());
                    s.setString(5, copy.correlationId());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    private void writeRun(Connection c, String connectorId, Map<String, Object> rest)
            throws SQLException, JsonProcessingException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO conduit_connector_run (connector, node, input, start_time, end_time, items, archived, copies,
                  duplicates, quarantined, catch_all, partial, balanced, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, connectorId);
            s.setString(2, node);
            Object input = rest.remove("input");
            s.setString(3, input == null ? null : input.toString());
            s.setTimestamp(4, timestamp(rest.remove("start")));
            s.setTimestamp(5, timestamp(rest.remove("end")));
            int i = 6;
            for (String count : RUN_COUNTS) {
                Object value = rest.remove(count);
                s.setLong(i++, value instanceof Number n ? n.longValue() : 0L);
            }
            Object balanced = rest.remove("balanced");
            s.setBoolean(i++, Boolean.TRUE.equals(balanced));
            String details = details(rest);
            if (details == null) {
                s.setNull(i, Types.VARCHAR);
            } else {
                s.setString(i, details);
            }
            s.executeUpdate();
        }
    }

    private static String details(Map<String, Object> rest) throws JsonProcessingException {
        return rest.isEmpty() ? null : JSON.writeValueAsString(rest);
    }

    private static Timestamp timestamp(Object iso) {
        return iso == null ? null : Timestamp.from(Instant.parse(iso.toString()));
    }

    @Override
    public void close() {
        // the connections belong to the pool
    }
}

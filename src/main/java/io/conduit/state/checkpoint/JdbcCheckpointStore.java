package io.conduit.state.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checkpoints in PostgreSQL, one row per connector and partition, so that several Conduit nodes share them:
 * <pre>
 * CREATE TABLE IF NOT EXISTS conduit_checkpoint (
 *   connector_id  VARCHAR(200) NOT NULL,
 *   partition_key VARCHAR(1000) NOT NULL,
 *   checkpoint    TEXT NOT NULL,          -- the flat map as a JSON object
 *   updated_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
 *   PRIMARY KEY (connector_id, partition_key))
 * </pre>
 * The table is created on start; a save is one {@code INSERT ... ON CONFLICT DO UPDATE} (atomic).
 */
public final class JdbcCheckpointStore implements CheckpointStore {

    /** The table's DDL, run on start. */
    public static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS conduit_checkpoint (
              connector_id  VARCHAR(200) NOT NULL,
              partition_key VARCHAR(1000) NOT NULL,
              checkpoint    TEXT NOT NULL,
              updated_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
              PRIMARY KEY (connector_id, partition_key))""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> SHAPE = new TypeReference<>() {
    };

    private final DataSource dataSource;

    /**
     * Creates the table when missing.
     *
     * @throws CheckpointException when the database cannot be reached or refuses the DDL
     */
    public JdbcCheckpointStore(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
        } catch (SQLException e) {
            throw new CheckpointException("cannot create table conduit_checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Map<String, String>> load(String connectorId, String partition) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT checkpoint FROM conduit_checkpoint WHERE connector_id = ? AND partition_key = ?")) {
            s.setString(1, connectorId);
            s.setString(2, partition);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String json = rs.getString(1);
                try {
                    return Optional.of(JSON.readValue(json, SHAPE));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new CheckpointException("checkpoint of connector " + connectorId + ", partition " + partition
                            + " in conduit_checkpoint is unreadable (" + e.getOriginalMessage() + ")", e);
                }
            }
        } catch (SQLException e) {
            throw new CheckpointException("cannot read checkpoint of connector " + connectorId + ", partition " + partition
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(String connectorId, String partition, Map<String, String> checkpoint) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     INSERT INTO conduit_checkpoint (connector_id, partition_key, checkpoint, updated_at) VALUES (?, ?, ?, now())
                     ON CONFLICT (connector_id, partition_key) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = now()""")) {
            s.setString(1, connectorId);
            s.setString(2, partition);
            s.setString(3, JSON.writeValueAsString(new TreeMap<>(checkpoint)));
            s.executeUpdate();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CheckpointException("cannot save checkpoint of connector " + connectorId + ", partition " + partition
                    + ": " + e.getMessage(), e);
        }
    }
}

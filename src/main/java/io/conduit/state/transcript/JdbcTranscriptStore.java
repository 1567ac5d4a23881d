package io.conduit.state.transcript;

import io.conduit.state.ArchiveItemJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.model.ArchiveItem;

/**
 * The transcript state in PostgreSQL, shared by every node (tables created on start):
 * <pre>
 * conduit_transcript_item    (connector_id, conversation_id, day DATE, item_key, seq BIGSERIAL, folder, item TEXT)
 *                            PRIMARY KEY (connector_id, conversation_id, day, item_key)   -- the item as ArchiveItemJson
 * conduit_transcript_file    (connector_id, conversation_id, day, item_key, n INT, content BYTEA)   -- its attachments
 * conduit_transcript_version (connector_id, conversation_id, day, version INT, message_id, items INT, status, issued_at)
 * </pre>
 * An item and its attachments are written in one transaction; a day is pending while it has more items than its last
 * version covers. Attachments are held as {@code bytea} (at most 1 GB each).
 */
public final class JdbcTranscriptStore implements TranscriptStore {

    /** The tables' DDL, run on start. */
    public static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS conduit_transcript_item (
              connector_id    VARCHAR(200) NOT NULL,
              conversation_id VARCHAR(1000) NOT NULL,
              day             DATE NOT NULL,
              item_key        VARCHAR(2000) NOT NULL,
              seq             BIGSERIAL,
              folder          VARCHAR(1000),
              item            TEXT NOT NULL,
              staged_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
              PRIMARY KEY (connector_id, conversation_id, day, item_key));
            CREATE TABLE IF NOT EXISTS conduit_transcript_file (
              connector_id    VARCHAR(200) NOT NULL,
              conversation_id VARCHAR(1000) NOT NULL,
              day             DATE NOT NULL,
              item_key        VARCHAR(2000) NOT NULL,
              n               INT NOT NULL,
              content         BYTEA NOT NULL,
              PRIMARY KEY (connector_id, conversation_id, day, item_key, n));
            CREATE TABLE IF NOT EXISTS conduit_transcript_version (
              connector_id    VARCHAR(200) NOT NULL,
              conversation_id VARCHAR(1000) NOT NULL,
              day             DATE NOT NULL,
              version         INT NOT NULL,
              message_id      VARCHAR(200) NOT NULL,
              items           INT NOT NULL,
              status          VARCHAR(20) NOT NULL,
              issued_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
              PRIMARY KEY (connector_id, conversation_id, day, version))""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAY = " connector_id = ? AND conversation_id = ? AND day = ?";

    private final DataSource dataSource;

    /**
     * Creates the tables when missing.
     *
     * @throws IllegalStateException when the database cannot be reached or refuses the DDL
     */
    public JdbcTranscriptStore(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the transcript tables: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean stage(Day day, String folder, ArchiveItem item) {
        String key = item.idempotencyKey();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<Integer, byte[]> files = new HashMap<>();
                Map<String, Object> json = ArchiveItemJson.toJson(item, (n, a) -> {
                    try (InputStream in = a.content().open()) {
                        files.put(n, in.readAllBytes());
                    }
                    return Integer.toString(n);
                });
                int inserted;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO conduit_transcript_item (connector_id, "
                        + "conversation_id, day, item_key, folder, item) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    bind(s, day);
                    s.setString(4, key);
                    s.setString(5, folder);
                    s.setString(6, JSON.writeValueAsString(json));
                    inserted = s.executeUpdate();
                }
                if (inserted == 1 && !files.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO conduit_transcript_file (connector_id, "
                            + "conversation_id, day, item_key, n, content) VALUES (?, ?, ?, ?, ?, ?)")) {
                        for (Map.Entry<Integer, byte[]> f : files.entrySet()) {
                            bind(s, day);
                            s.setString(4, key);
                            s.setInt(5, f.getKey());
                            s.setBytes(6, f.getValue());
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE conduit_transcript_item SET folder = ? WHERE" + DAY)) {
                    s.setString(1, folder);
                    s.setString(2, day.connectorId());
                    s.setString(3, day.conversationId());
                    s.setDate(4, Date.valueOf(day.date()));
                    s.executeUpdate();
                }
                c.commit();
                return inserted == 1;
            } catch (SQLException | IOException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep item " + item.sourceRef() + " in conduit_transcript_item: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep item " + item.sourceRef() + " in conduit_transcript_item", e);
        }
    }

    @Override
    public List<Day> pending() {
        List<Day> days = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT i.connector_id, i.conversation_id, i.day FROM conduit_transcript_item i "
                     + "GROUP BY i.connector_id, i.conversation_id, i.day HAVING count(*) > coalesce((SELECT v.items FROM "
                     + "conduit_transcript_version v WHERE v.connector_id = i.connector_id AND v.conversation_id = "
                     + "i.conversation_id AND v.day = i.day ORDER BY v.version DESC LIMIT 1), 0) ORDER BY i.day")) {
            while (rs.next()) {
                days.add(new Day(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conduit_transcript_item: " + e.getMessage(), e);
        }
        return days;
    }

    @Override
    public List<ArchiveItem> items(Day day) {
        List<ArchiveItem> items = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT item_key, item FROM conduit_transcript_item WHERE" + DAY
                     + " ORDER BY seq")) {
            bind(s, day);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    items.add(ArchiveItemJson.fromJson(JSON.readTree(rs.getString(2)),
                            stored -> () -> file(day, key, Integer.parseInt(stored))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conduit_transcript_item: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read an item of conduit_transcript_item", e);
        }
        return items;
    }

    private InputStream file(Day day, String key, int n) throws IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT content FROM conduit_transcript_file WHERE" + DAY
                     + " AND item_key = ? AND n = ?")) {
            bind(s, day);
            s.setString(4, key);
            s.setInt(5, n);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IOException("attachment " + n + " of item " + key + " is not in conduit_transcript_file");
                }
                return new ByteArrayInputStream(rs.getBytes(1));
            }
        } catch (SQLException e) {
            throw new IOException("cannot read conduit_transcript_file: " + e.getMessage(), e);
        }
    }

    @Override
    public String folder(Day day) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT folder FROM conduit_transcript_item WHERE" + DAY
                     + " ORDER BY seq DESC LIMIT 1")) {
            bind(s, day);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conduit_transcript_item: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Issued> lastIssued(Day day) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT version, message_id, items, status FROM "
                     + "conduit_transcript_version WHERE" + DAY + " ORDER BY version DESC LIMIT 1")) {
            bind(s, day);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Issued(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getString(4)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conduit_transcript_version: " + e.getMessage(), e);
        }
    }

    @Override
    public void issued(Day day, Issued version) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO conduit_transcript_version (connector_id, "
                     + "conversation_id, day, version, message_id, items, status) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(s, day);
            s.setInt(4, version.version());
            s.setString(5, version.messageId());
            s.setInt(6, version.items());
            s.setString(7, version.status());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write conduit_transcript_version: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Day day) throws SQLException {
        s.setString(1, day.connectorId());
        s.setString(2, day.conversationId());
        s.setDate(3, Date.valueOf(day.date()));
    }
}

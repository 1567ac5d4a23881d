package io.conduit.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

/**
 * One connector's ledger chain in the cluster's PostgreSQL database. Table (created on start):
 * <pre>
 * conduit_ledger: connector VARCHAR(200), seq BIGINT (PRIMARY KEY connector, seq), type, hash CHAR(64),
 *                 copy_key (SHA-256 of the mailbox, folder and Message-ID of a copy entry; unique per connector), node,
 *                 entry TEXT
 *                 (the entry's line exactly as the file ledger writes it)
 * </pre>
 * Each group of entries (the copies of one item, a duplicate, a quarantine, a seal) is one transaction that first takes
 * {@code pg_advisory_xact_lock} on the connector and re-reads the chain's head: an entry another node appended since
 * is followed, never forked. A transaction that fails leaves nothing; the next group starts from the head in the
 * database.
 */
final class JdbcChain extends LedgerChain {

    static final String TABLE = "conduit_ledger";

    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS conduit_ledger (
              connector VARCHAR(200) NOT NULL,
              seq       BIGINT NOT NULL,
              type      VARCHAR(20) NOT NULL,
              hash      CHAR(64) NOT NULL,
              copy_key  TEXT,
              node      VARCHAR(200) NOT NULL,
              entry     TEXT NOT NULL,
              PRIMARY KEY (connector, seq));
            CREATE UNIQUE INDEX IF NOT EXISTS conduit_ledger_copy ON conduit_ledger (connector, copy_key)""";

    /** Advisory lock namespace of ledger chains (the first key of the two-key form). */
    private static final int LOCK_SPACE = 0x4c454447; // "LEDG"

    private final DataSource database;
    private final String node;
    private Connection connection;
    private final List<Object[]> rows = new ArrayList<>();

    JdbcChain(String connector, DataSource database, String node) {
        super(connector);
        this.database = database;
        this.node = node;
    }

    @Override
    void begin() {
        rollbackQuietly();
        try {
            connection = database.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, LOCK_SPACE);
                lock.setInt(2, connector.hashCode());
                lock.execute();
            }
            try (PreparedStatement last = connection.prepareStatement(
                    "SELECT seq, hash FROM conduit_ledger WHERE connector = ? ORDER BY seq DESC LIMIT 1")) {
                last.setString(1, connector);
                try (ResultSet r = last.executeQuery()) {
                    seq = r.next() ? r.getLong(1) : 0;
                    head = seq == 0 ? Ledger.GENESIS : r.getString(2);
                }
            }
            try (PreparedStatement seal = connection.prepareStatement(
                    "SELECT COALESCE(MAX(seq), 0) FROM conduit_ledger WHERE connector = ? AND type = 'seal'")) {
                seal.setString(1, connector);
                try (ResultSet r = seal.executeQuery()) {
                    r.next();
                    lastSeal = r.getLong(1);
                }
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw new IllegalStateException("cannot open the ledger of connector " + connector + " in the cluster database: "
                    + e.getMessage(), e);
        }
    }

    /** The copy key as stored: hex SHA-256 (the key itself separates its parts with NUL, which text columns refuse). */
    private static String stored(String copyKey) {
        return copyKey == null ? null : Canonical.sha256(copyKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    boolean recorded(String key) {
        String copyKey = stored(key);
        for (Object[] row : rows) {
            if (copyKey.equals(row[3])) {
                return true;
            }
        }
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT 1 FROM conduit_ledger WHERE connector = ? AND copy_key = ?")) {
            s.setString(1, connector);
            s.setString(2, copyKey);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw new IllegalStateException("cannot read the ledger of connector " + connector + ": " + e.getMessage(), e);
        }
    }

    @Override
    void write(String line, long entrySeq, String type, String hash, String copyKey) {
        rows.add(new Object[] {entrySeq, type, hash, stored(copyKey), line});
    }

    @Override
    void commit(boolean force) {
        if (connection == null) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO conduit_ledger (connector, seq, type, hash, copy_key, node, entry) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                insert.setString(1, connector);
                insert.setLong(2, (Long) row[0]);
                insert.setString(3, (String) row[1]);
                insert.setString(4, (String) row[2]);
                insert.setString(5, (String) row[3]);
                insert.setString(6, node);
                insert.setString(7, (String) row[4]);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new IllegalStateException("cannot write the ledger of connector " + connector
                    + " to the cluster database: " + e.getMessage(), e);
        } finally {
            rows.clear();
            closeQuietly();
        }
    }

    @Override
    void close() {
        rollbackQuietly();
    }

    @Override
    void abort() {
        rollbackQuietly();
    }

    private void rollbackQuietly() {
        rows.clear();
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is closed below; nothing was committed
            }
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // returned to the pool or already gone
            }
            connection = null;
        }
    }

    /** A connector's lines with sequence numbers in {@code (after, through]}, in order. */
    static void lines(DataSource database, String connector, long after, long through, Consumer<String> line)
            throws java.io.IOException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT entry FROM conduit_ledger WHERE connector = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            s.setFetchSize(1000);
            s.setString(1, connector);
            s.setLong(2, after);
            s.setLong(3, through);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    line.accept(r.getString(1));
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new java.io.IOException("cannot read the ledger of connector " + connector + ": " + e.getMessage(), e);
        }
    }

    /** Every connector with a chain in the database. */
    static List<String> connectors(DataSource database) throws java.io.IOException {
        List<String> all = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT connector FROM conduit_ledger ORDER BY connector");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                all.add(r.getString(1));
            }
        } catch (SQLException e) {
            throw new java.io.IOException("cannot list the ledger's connectors: " + e.getMessage(), e);
        }
        return all;
    }
}

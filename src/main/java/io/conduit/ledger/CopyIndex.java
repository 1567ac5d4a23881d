package io.conduit.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * Which copies a state folder's ledger already records, on disk: an embedded SQLite database
 * ({@code <state>/ledger/copies.db}, WAL journal) with one row per copy entry (connector, SHA-256 of the copy key as
 * 32 bytes, the entry's sequence number), so that the ledger's "never record a copy twice" costs an index probe, not a
 * set of every copy ever archived on the heap. The ledger files stay the record: the index is rebuilt from them for
 * entries it lacks (a crash between the file's flush and the index's commit, or a state folder of an earlier version,
 * whose table of hex keys is dropped), and rows beyond a file's last good entry are dropped.
 */
final class CopyIndex implements AutoCloseable {

    /** File name of the index in the ledger folder. */
    static final String FILE = "copies.db";

    /** The index's table. */
    static final String TABLE = "ledger_copy_sha256";

    /** A copy entry to index: its copy key's SHA-256 (lower-case hex) and its sequence number. */
    record Row(String key, long seq) {
    }

    private final Connection connection;
    private final PreparedStatement contains;
    private final PreparedStatement insert;

    /**
     * @throws SQLException when the database cannot be opened or created
     */
    CopyIndex(Path ledgerDir) throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + ledgerDir.resolve(FILE).toAbsolutePath());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA busy_timeout=30000");
            // an earlier version's table (keys as 64 hex characters): rebuilt from the ledger files as this one
            st.execute("DROP TABLE IF EXISTS ledger_copy");
            // the keys as 32 bytes: half the pages of hex text, so a batch's inserts touch half as many
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (connector TEXT NOT NULL, copy_key BLOB NOT NULL, "
                    + "seq INTEGER NOT NULL, PRIMARY KEY (connector, copy_key)) WITHOUT ROWID");
            st.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_seq ON " + TABLE + " (connector, seq)");
        }
        contains = connection.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE connector = ? AND copy_key = ?");
        insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO " + TABLE + " (connector, copy_key, seq) VALUES (?, ?, ?)");
    }

    /** The highest sequence number indexed for the connector, 0 when none. */
    synchronized long indexedThrough(String connector) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT coalesce(max(seq), 0) FROM " + TABLE + " WHERE connector = ?")) {
            s.setString(1, connector);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /** Drops the rows of entries after {@code seq}: a ledger file cut back to its last good entry. */
    synchronized void dropAfter(String connector, long seq) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "DELETE FROM " + TABLE + " WHERE connector = ? AND seq > ?")) {
            s.setString(1, connector);
            s.setLong(2, seq);
            s.executeUpdate();
        }
    }

    /** @param key the copy key's SHA-256, lower-case hex */
    synchronized boolean contains(String connector, String key) throws SQLException {
        contains.setString(1, connector);
        contains.setBytes(2, HexFormat.of().parseHex(key));
        try (ResultSet r = contains.executeQuery()) {
            return r.next();
        }
    }

    /** Adds the rows in one transaction. */
    synchronized void addAll(String connector, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        connection.setAutoCommit(false);
        try {
            for (Row row : rows) {
                insert.setString(1, connector);
                insert.setBytes(2, HexFormat.of().parseHex(row.key()));
                insert.setLong(3, row.seq());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to write
        }
    }
}

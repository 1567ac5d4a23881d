package io.conduit.state.journal;

import io.conduit.state.idempotency.JdbcIdempotentRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The intent journal in PostgreSQL, shared by every node of a cluster (table created on start):
 * <pre>
 * CREATE TABLE IF NOT EXISTS conduit_pending_item (
 *   key      TEXT PRIMARY KEY,          -- the item's idempotency key
 *   added_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),   -- when its storing began
 *   node     VARCHAR(200) NOT NULL)     -- the node that began storing it
 * </pre>
 * A node that takes over a connector from a killed node sees the items the killed node began and stores them with a
 * lookup first, so a copy appended just before the kill is found, not doubled. On start the journal is compacted:
 * rows whose key is in {@code conduit_archived_item} are deleted.
 */
public final class JdbcPendingItems implements IntentJournal {

    /** The journal's table. */
    public static final String TABLE = "conduit_pending_item";

    private final DataSource dataSource;
    private final JdbcIdempotentRepository keys;

    /**
     * Creates the table when missing and compacts it.
     *
     * @param node this node's id, recorded with each key it begins
     * @throws IllegalStateException when the database cannot be reached or refuses the DDL
     */
    public JdbcPendingItems(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.keys = new JdbcIdempotentRepository(dataSource, TABLE, node, false);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + TABLE + " p USING " + JdbcIdempotentRepository.ARCHIVED_ITEMS
                    + " a WHERE a.key = p.key");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compact " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** Whether any node began storing the item (a key begun stays until a later start compacts it away). */
    @Override
    public boolean wasPending(String key) {
        return keys.contains(key);
    }

    /** Keys begun by any node and not (yet) archived. */
    @Override
    public int pendingCount() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE + " p WHERE NOT EXISTS (SELECT 1 FROM "
                     + JdbcIdempotentRepository.ARCHIVED_ITEMS + " a WHERE a.key = p.key)")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the intent journal " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** Records the key (auto-committed, so durable before the first copy is stored); a key already there stays. */
    @Override
    public void begin(String key) {
        keys.add(key);
    }

    @Override
    public void close() {
        // the connections belong to the pool
    }
}

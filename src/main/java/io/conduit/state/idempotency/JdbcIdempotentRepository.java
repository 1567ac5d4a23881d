package io.conduit.state.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * An idempotent repository in SQL: PostgreSQL shared by every node of a cluster, or the embedded SQLite database of
 * one node's state folder ({@link EmbeddedStateDatabase}); the same statements serve both. One row per key, in a table
 * of this shape (created on start):
 * <pre>
 * CREATE TABLE IF NOT EXISTS &lt;table&gt; (
 *   key      TEXT PRIMARY KEY,
 *   added_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
 *   node     VARCHAR(200) NOT NULL)     -- the node that added it
 * </pre>
 * An add is one auto-committed {@code INSERT ... ON CONFLICT DO NOTHING}: durable when it returns, atomic between nodes
 * (of two nodes adding the same key, exactly one gets {@code true}).
 *
 * <p>Two uses: {@link #archivedItems} (the idempotent consumer's keys, {@code conduit_archived_item}) never forgets a
 * key, like {@link ArchivedItemRepository}: {@link #remove} and {@link #clear} do nothing; in a cluster, keys known to
 * be present are cached in memory (about 150 bytes each), as no node ever removes one; the embedded database caches
 * nothing, so the heap does not grow with the number of keys (a lookup is one primary-key index probe). {@link #processedFiles} (the file
 * consumers' keys, {@code conduit_processed_file}) lets Camel remove a key when a file's exchange fails, so that the
 * file is read again at the next poll, and is not cached.
 */
public final class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    /** Table of the idempotent consumer's keys: SHA-256 of (connector, conversation, item id, version), hex. */
    public static final String ARCHIVED_ITEMS = "conduit_archived_item";
    /** Table of the file consumers' keys: {@code <connector>/<file name>-<size>-<modified>}. */
    public static final String PROCESSED_FILES = "conduit_processed_file";

    private final DataSource dataSource;
    private final String table;
    private final String node;
    private final boolean forgets;
    private final boolean cached;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Keys in {@code table} (created when missing); {@code forgets}: whether {@link #remove} removes. */
    public JdbcIdempotentRepository(DataSource dataSource, String table, String node, boolean forgets) {
        this(dataSource, table, node, forgets, true);
    }

    /** As above; {@code cached}: whether keys found present are also kept in memory (never for the embedded store). */
    JdbcIdempotentRepository(DataSource dataSource, String table, String node, boolean forgets, boolean cached) {
        this.dataSource = dataSource;
        this.table = table;
        this.node = node;
        this.forgets = forgets;
        this.cached = cached;
        execute("CREATE TABLE IF NOT EXISTS " + table + " (key TEXT PRIMARY KEY, added_at TIMESTAMP WITH TIME ZONE "
                + "NOT NULL DEFAULT CURRENT_TIMESTAMP, node VARCHAR(200) NOT NULL)", "create table");
    }

    /**
     * The archived items of one node's embedded state database: never removes a key, caches nothing on the heap.
     *
     * @throws IllegalStateException when the database cannot be opened or refuses the DDL
     */
    public static JdbcIdempotentRepository embeddedArchivedItems(EmbeddedStateDatabase db) {
        return new JdbcIdempotentRepository(db.dataSource(), ARCHIVED_ITEMS, db.nodeId(), false, false);
    }

    /**
     * The processed files of one node's embedded state database: a failed file's key is removed.
     *
     * @throws IllegalStateException when the database cannot be opened or refuses the DDL
     */
    public static JdbcIdempotentRepository embeddedProcessedFiles(EmbeddedStateDatabase db) {
        return new JdbcIdempotentRepository(db.dataSource(), PROCESSED_FILES, db.nodeId(), true, false);
    }

    /**
     * Adds many keys in one transaction (one commit, one fsync), for a migration or a bulk load.
     *
     * @param keys the keys, each added unless present
     * @return how many were added (not present before)
     * @throws IllegalStateException when the database cannot be written; nothing of the batch is then added
     */
    public long addAll(Iterable<String> keys) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            long added = 0;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO " + table + " (key, node) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
                int pending = 0;
                for (String key : keys) {
                    s.setString(1, key);
                    s.setString(2, node);
                    s.addBatch();
                    if (++pending == 1000) {
                        added += sum(s.executeBatch());
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    added += sum(s.executeBatch());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            return added;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add keys to " + table + ": " + e.getMessage(), e);
        }
    }

    private static long sum(int[] counts) {
        long n = 0;
        for (int count : counts) {
            n += count > 0 ? count : 0;
        }
        return n;
    }

    /**
     * The archived items: never removes a key.
     *
     * @param node this node's id, recorded with each key it adds
     * @throws IllegalStateException when the database cannot be reached or refuses the DDL
     */
    public static JdbcIdempotentRepository archivedItems(DataSource dataSource, String node) {
        return new JdbcIdempotentRepository(dataSource, ARCHIVED_ITEMS, node, false);
    }

    /**
     * The processed files: a key is removed when the file's exchange fails, so that the file is read again.
     *
     * @param node this node's id, recorded with each key it adds
     * @throws IllegalStateException when the database cannot be reached or refuses the DDL
     */
    public static JdbcIdempotentRepository processedFiles(DataSource dataSource, String node) {
        return new JdbcIdempotentRepository(dataSource, PROCESSED_FILES, node, true);
    }

    /** The table this repository keeps its keys in. */
    public String table() {
        return table;
    }

    /**
     * Adds the key, durably, before returning.
     *
     * @return {@code true} when this call added it, {@code false} when it was there already (added by any node)
     * @throws IllegalStateException when the database cannot be written
     */
    @Override
    public boolean add(String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO " + table + " (key, node) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
            s.setString(1, key);
            s.setString(2, node);
            boolean added = s.executeUpdate() == 1;
            remember(key);
            return added;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add a key to " + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return whether any node added the key
     * @throws IllegalStateException when the database cannot be read
     */
    @Override
    public boolean contains(String key) {
        if (cached && known.contains(key)) {
            return true;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + table + " WHERE key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    remember(key);
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look a key up in " + table + ": " + e.getMessage(), e);
        }
    }

    /** Keys looked up by one query of {@link #containing}: the most the SQL parameters of SQLite and PostgreSQL allow easily. */
    static final int KEYS_PER_QUERY = 500;

    /**
     * The keys among {@code keys} that any node added: one query for up to {@value #KEYS_PER_QUERY} keys, where
     * {@link #contains} takes one query (and, in the embedded database, a file lock) a key.
     *
     * @return the keys found, a new set
     * @throws IllegalStateException when the database cannot be read
     */
    public Set<String> containing(Collection<String> keys) {
        Set<String> found = new HashSet<>();
        List<String> asked = new ArrayList<>(keys.size());
        for (String key : keys) {
            if (cached && known.contains(key)) {
                found.add(key);
            } else {
                asked.add(key);
            }
        }
        if (asked.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < asked.size(); from += KEYS_PER_QUERY) {
                List<String> part = asked.subList(from, Math.min(asked.size(), from + KEYS_PER_QUERY));
                String sql = "SELECT key FROM " + table + " WHERE key IN (" + "?, ".repeat(part.size() - 1) + "?)";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    for (int i = 0; i < part.size(); i++) {
                        s.setString(i + 1, part.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            String key = rs.getString(1);
                            remember(key);
                            found.add(key);
                        }
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look keys up in " + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the key of a failed file from {@link #processedFiles}; the archived items never forget a key.
     *
     * @return whether a key was removed
     */
    @Override
    public boolean remove(String key) {
        if (!forgets) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE key = ?")) {
            s.setString(1, key);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove a key from " + table + ": " + e.getMessage(), e);
        }
    }

    /** Keys are durable once added: nothing to confirm. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Never clears: an archive does not forget what it archived, nor a cluster what another node read. */
    @Override
    public void clear() {
        // deliberately nothing
    }

    private void remember(String key) {
        if (cached && !forgets) {
            known.add(key);
        }
    }

    private void execute(String sql, String what) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what + " " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void doStart() {
        // the table is created in the constructor
    }

    @Override
    protected void doStop() {
        known.clear();
    }
}

package io.conduit.state.idempotency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's state database: an SQLite file ({@value #FILE}) in the state folder, in WAL mode, that holds the
 * idempotency keys and processed files on disk (not on the heap) through the same {@link JdbcIdempotentRepository}
 * statements a cluster runs on PostgreSQL.
 *
 * <p>Durability: {@code journal_mode=WAL}, {@code synchronous=NORMAL}: a commit survives the process stopping at any
 * point (a crash, a kill); after a power loss the last commits may be missing, which the intent journal and the
 * Message-ID lookup of half-stored items resolve, as for a crash between the store and the key.
 *
 * <p>Migration: a state folder written by an earlier version keeps its keys in {@code archived-items.txt} and
 * {@code processed-files.txt} (one key a line); {@link #migrate} loads such a file in one transaction and then renames
 * it to {@code <name>.migrated}, so the keys are read once and the old file stays for inspection.
 */
public final class EmbeddedStateDatabase extends ServiceSupport {

    /** The database file in the state folder. */
    public static final String FILE = "state.db";
    /** Suffix given to a key file once its keys are in the database. */
    public static final String MIGRATED = ".migrated";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStateDatabase.class);

    private final HikariDataSource dataSource;
    private final String nodeId;

    private EmbeddedStateDatabase(HikariDataSource dataSource, String nodeId) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
    }

    /**
     * Opens (or creates) {@code <stateDir>/state.db}.
     *
     * @param stateDir the state folder, created when missing
     * @throws IllegalStateException when the folder or the database cannot be opened
     */
    public static EmbeddedStateDatabase open(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the state folder " + stateDir + ": " + e.getMessage(), e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("conduit-state");
        config.setJdbcUrl("jdbc:sqlite:" + stateDir.resolve(FILE).toAbsolutePath());
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("busy_timeout", "30000");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        try {
            return new EmbeddedStateDatabase(new HikariDataSource(config), "local");
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the state database " + stateDir.resolve(FILE) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The pooled connections to the database. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The node id recorded with each key ({@code local}). */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Moves the keys of an earlier version's key file (one key a line) into {@code into}, then renames the file to
     * {@code <name>.migrated}. Nothing happens when the file does not exist. Run again after a crash half-way, it
     * loads the same file again (adding a present key is a no-op).
     *
     * @return the number of keys read from the file (0 when there was none)
     * @throws UncheckedIOException when the file cannot be read or renamed
     * @throws IllegalStateException when the database cannot be written (the file is then left as it was)
     */
    public static long migrate(Path keyFile, JdbcIdempotentRepository into) {
        if (!Files.isRegularFile(keyFile)) {
            return 0;
        }
        long read = 0;
        try (BufferedReader in = Files.newBufferedReader(keyFile, StandardCharsets.UTF_8)) {
            List<String> batch = new ArrayList<>(10_000);
            String line;
            while ((line = in.readLine()) != null) {
                String key = line.strip();
                if (key.isEmpty()) {
                    continue;
                }
                batch.add(key);
                read++;
                if (batch.size() == 10_000) {
                    into.addAll(batch);
                    batch.clear();
                }
            }
            into.addAll(batch);
            Path done = keyFile.resolveSibling(keyFile.getFileName() + MIGRATED);
            Files.move(keyFile, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot migrate " + keyFile + ": " + e.getMessage(), e);
        }
        LOG.info("moved {} key(s) from {} into {} of {}", read, keyFile.getFileName(), into.table(), FILE);
        return read;
    }

    @Override
    protected void doStart() {
        // opened in open()
    }

    @Override
    protected void doStop() {
        dataSource.close();
    }
}

package io.conduit.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.conduit.source.support.Digests;

/**
 * The scratch index of one {@code conduit verify}: every copy entry of the ledgers being verified, on disk, so that the
 * verification's heap does not grow with the archive. A temporary SQLite database in {@code java.io.tmpdir} (no
 * journal, no fsync: it is rebuilt by the next verification), deleted when closed. It answers, by an index probe:
 * whether a ledger recorded a copy before (a double entry), which ledger entry a message read back from the store
 * belongs to (by mailbox, folder and {@code Message-ID}), whether that message was read back before (a second message),
 * and at the end which copies were never read back (missing). Only the mailboxes' names and their folders stay on the
 * heap.
 *
 * <p>Thread-safe: the mailboxes are read back on several threads, each probing the one connection in turn.
 */
final class VerifyIndex implements AutoCloseable {

    /** A copy entry as the archive check reports it. */
    record Copy(String connector, long seq, String mailbox, String folder, String messageId, String correlationId,
                String mimeSha256) {
    }

    /** What a message read back is: its ledger entry, and whether a message with its key was read back before. */
    record Match(Copy copy, boolean inScope, boolean again) {
    }

    /** Writes between two commits: bounds the pages SQLite holds dirty. */
    private static final int WRITES_PER_COMMIT = 20_000;

    private final Path file;
    private final Connection connection;
    private final PreparedStatement firstInLedger;
    private final PreparedStatement put;
    private final PreparedStatement find;
    private final PreparedStatement markFound;
    private final Map<String, Integer> mailboxIds = new HashMap<>();
    private final Map<String, Set<String>> folders = new HashMap<>();
    private final Set<String> inScope = new TreeSet<>();
    private final Map<Integer, String> connectors = new HashMap<>();
    private int writes;
    private int current;

    /**
     * Creates the index in a new temporary file.
     *
     * @throws IOException when the file or the database cannot be created
     */
    VerifyIndex() throws IOException {
        file = Files.createTempFile("conduit-verify-", ".db");
        file.toFile().deleteOnExit(); // a verify stopped by Ctrl-C or SIGTERM leaves no scratch file
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA journal_mode=OFF");
                st.execute("PRAGMA synchronous=OFF");
                st.execute("PRAGMA cache_size=-32768"); // 32 MiB of pages, outside the Java heap
                st.execute("CREATE TABLE ledger_copy (ledger INTEGER NOT NULL, copy_key BLOB NOT NULL, "
                        + "PRIMARY KEY (ledger, copy_key)) WITHOUT ROWID");
                st.execute("CREATE TABLE copy (mailbox INTEGER NOT NULL, copy_key BLOB NOT NULL, ledger INTEGER NOT NULL, "
                        + "seq INTEGER NOT NULL, mailbox_name TEXT, folder TEXT, message_id TEXT, correlation_id TEXT, "
                        + "mime_sha256 TEXT, in_scope INTEGER NOT NULL, found INTEGER NOT NULL DEFAULT 0, "
                        + "PRIMARY KEY (mailbox, copy_key)) WITHOUT ROWID");
            }
            connection.setAutoCommit(false);
            firstInLedger = connection.prepareStatement("INSERT OR IGNORE INTO ledger_copy (ledger, copy_key) VALUES (?, ?)");
            // a key recorded again: the last entry in scope wins (the last of all when none is), so that a copy
            // checked is held to, and a missing one blamed on, an entry the scope covers; in scope if any entry is
            put = connection.prepareStatement("INSERT INTO copy (mailbox, copy_key, ledger, seq, mailbox_name, folder, "
                    + "message_id, correlation_id, mime_sha256, in_scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (mailbox, copy_key) DO UPDATE SET ledger = excluded.ledger, seq = excluded.seq, "
                    + "mailbox_name = excluded.mailbox_name, folder = excluded.folder, message_id = excluded.message_id, "
                    + "correlation_id = excluded.correlation_id, mime_sha256 = excluded.mime_sha256, "
                    + "in_scope = excluded.in_scope WHERE excluded.in_scope = 1 OR copy.in_scope = 0");
            find = connection.prepareStatement("SELECT ledger, seq, mailbox_name, folder, message_id, correlation_id, "
                    + "mime_sha256, in_scope, found FROM copy WHERE mailbox = ? AND copy_key = ?");
            markFound = connection.prepareStatement("UPDATE copy SET found = 1 WHERE mailbox = ? AND copy_key = ?");
        } catch (SQLException | RuntimeException | Error e) {
            close();
            throw new IOException("cannot create the verification index " + file + ": " + e.getMessage(), e);
        }
    }

    /** The scratch file, deleted at {@link #close}. */
    Path file() {
        return file;
    }

    /** Starts a ledger (a connector): the copies {@link #firstInLedger} and {@link #put} take from now on are its. */
    synchronized void ledger(String connector) {
        current = connectors.size() + 1;
        connectors.put(current, connector);
    }

    /**
     * Records that the current ledger ({@link #ledger}) holds a copy entry with this copy key ({@code Ledger.copyKey}).
     *
     * @return {@code false} when the ledger recorded the same copy before
     */
    synchronized boolean firstInLedger(String copyKey) throws IOException {
        try {
            firstInLedger.setInt(1, current);
            firstInLedger.setBytes(2, sha256(copyKey));
            boolean first = firstInLedger.executeUpdate() == 1;
            wrote();
            return first;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Indexes a copy entry of the current ledger ({@link #ledger}) under its mailbox (lower case) and key (folder and
     * {@code Message-ID}, as the reader of the store matches them).
     *
     * @param folderName the folder as the store spells it back, for the set of folders Conduit wrote into
     */
    synchronized void put(String mailbox, String key, String folderName, Map<String, Object> e,
                          boolean covered) throws IOException {
        try {
            put.setInt(1, mailboxId(mailbox));
            put.setBytes(2, sha256(key));
            put.setInt(3, current);
            put.setLong(4, e.get("seq") instanceof Number n ? n.longValue() : 0);
            put.setString(5, String.valueOf(e.get("mailbox")));
            put.setString(6, String.valueOf(e.get("folder")));
            put.setString(7, String.valueOf(e.get("messageId")));
            put.setString(8, String.valueOf(e.get("correlationId")));
            put.setString(9, String.valueOf(e.get("mimeSha256")));
            put.setInt(10, covered ? 1 : 0);
            put.executeUpdate();
            wrote();
        } catch (SQLException ex) {
            throw failed(ex);
        }
        folders.computeIfAbsent(mailbox, m -> new HashSet<>()).add(folderName);
        if (covered) {
            inScope.add(mailbox);
        }
    }

    /** The mailboxes (lower case, sorted) with at least one copy in scope. */
    synchronized Set<String> mailboxesInScope() {
        return new TreeSet<>(inScope);
    }

    /** The folders (as the store spells them back) that the ledgers record copies in, in a mailbox. */
    synchronized Set<String> folders(String mailbox) {
        return Set.copyOf(folders.getOrDefault(mailbox, Set.of()));
    }

    /**
     * The ledger entry of a message read back, which is from then on found; {@code null} when no entry has its key.
     */
    synchronized Match readBack(String mailbox, String key) throws IOException {
        Integer id = mailboxIds.get(mailbox);
        if (id == null) {
            return null;
        }
        byte[] k = sha256(key);
        try {
            find.setInt(1, id);
            find.setBytes(2, k);
            Match match;
            try (ResultSet r = find.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                match = new Match(copy(r), r.getInt(8) == 1, r.getInt(9) == 1);
            }
            if (!match.again()) {
                markFound.setInt(1, id);
                markFound.setBytes(2, k);
                markFound.executeUpdate();
                wrote();
            }
            return match;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Each copy in scope in a mailbox that was never read back. */
    synchronized void forEachMissing(String mailbox, CopyConsumer each) throws IOException {
        Integer id = mailboxIds.get(mailbox);
        if (id == null) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT ledger, seq, mailbox_name, folder, message_id, "
                + "correlation_id, mime_sha256 FROM copy WHERE mailbox = ? AND in_scope = 1 AND found = 0 ORDER BY seq")) {
            s.setInt(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    each.accept(copy(r));
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Receives the copies of {@link #forEachMissing}. */
    interface CopyConsumer {
        void accept(Copy copy) throws IOException;
    }

    private Copy copy(ResultSet r) throws SQLException {
        return new Copy(connectors.get(r.getInt(1)), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7));
    }

    private int mailboxId(String mailbox) {
        return mailboxIds.computeIfAbsent(mailbox, m -> mailboxIds.size() + 1);
    }

    private void wrote() throws SQLException {
        if (++writes % WRITES_PER_COMMIT == 0) {
            connection.commit();
        }
    }

    private IOException failed(SQLException e) {
        return new IOException("verification index " + file + ": " + e.getMessage(), e);
    }

    /** The SHA-256 of a key's UTF-16 code units: unlike UTF-8, keeps apart keys that differ in a lone surrogate. */
    private static byte[] sha256(String s) {
        byte[] units = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            units[2 * i] = (byte) (c >> 8);
            units[2 * i + 1] = (byte) c;
        }
        return Digests.sha256().digest(units);
    }

    /** Closes the database and deletes its file. */
    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // a scratch database: nothing to keep
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}

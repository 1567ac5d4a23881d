package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.conduit.state.ConnectorRun;
import io.conduit.store.StoredCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger file itself: chained and sealed entries, a line cut by a kill, a copy recorded again after a crash. */
class LedgerTest {

    @TempDir
    Path state;

    private static StoredCopy copy(String mailbox, String n) {
        return new StoredCopy(mailbox, "WhatsApp Archiver", mailbox + "/new/" + n, "ab".repeat(32), 1234);
    }

    private LedgerVerifier.Result verify() throws Exception {
        Path dir = Ledger.folder(state);
        return LedgerVerifier.verify(Ledger.file(dir, "wa"), "wa", LedgerKeys.readPublic(dir.resolve(LedgerKeys.PUBLIC_FILE)));
    }

    @Test
    void a_line_cut_short_by_a_kill_is_cut_off_and_a_copy_found_again_is_not_recorded_twice() throws Exception {
        try (Ledger ledger = new Ledger(state)) {
            ledger.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1"), copy("b@x", "1")));
            ledger.duplicate("wa", "chat.txt:2", "i2");
        }
        Path file = Ledger.file(Ledger.folder(state), "wa");
        Files.writeString(file, "{\"v\":1,\"seq\":4,\"ti", StandardCharsets.UTF_8, StandardOpenOption.APPEND); // killed mid-line

        try (Ledger ledger = new Ledger(state)) {
            // redelivered after the kill: the first item's copies are found in the store again
            ledger.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1"), copy("b@x", "1")));
            ledger.copies("wa", "chat.txt:3", "i3", "ef".repeat(32), "<3@x>", List.of(copy("a@x", "3")));
            ConnectorRun run = new ConnectorRun("wa", "chat.txt");
            ledger.seal(run);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(3)).contains("\"seq\":4").contains("<3@x>");
        assertThat(lines.get(4)).contains("\"type\":\"seal\"").contains("\"sig\":");
        LedgerVerifier.Result r = verify();
        assertThat(r.findings()).filteredOn(LedgerVerifier.Finding::fails).isEmpty();
        assertThat(r.seals()).isEqualTo(1);
        assertThat(r.entries()).isEqualTo(5);
    }

    @Test
    void copies_are_known_from_the_on_disk_index_and_the_index_is_rebuilt_from_the_file_when_missing_or_ahead()
            throws Exception {
        try (Ledger ledger = new Ledger(state)) {
            ledger.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1"), copy("b@x", "1")));
        }
        Path dir = Ledger.folder(state);
        assertThat(dir.resolve(CopyIndex.FILE)).exists();
        // an earlier version's state folder (no index), or an index lost: rebuilt from the ledger file
        Files.delete(dir.resolve(CopyIndex.FILE));
        Files.deleteIfExists(dir.resolve(CopyIndex.FILE + "-wal"));
        Files.deleteIfExists(dir.resolve(CopyIndex.FILE + "-shm"));
        try (Ledger ledger = new Ledger(state)) {
            ledger.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1"), copy("b@x", "1")));
            ledger.copies("wa", "chat.txt:2", "i2", "ef".repeat(32), "<2@x>", List.of(copy("a@x", "2")));
        }
        // the file cut back behind the index (a kill before the file reached the disk): the index forgets those rows
        Path file = Ledger.file(dir, "wa");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        Files.write(file, lines.subList(0, 2), StandardCharsets.UTF_8);
        try (Ledger ledger = new Ledger(state)) {
            ledger.copies("wa", "chat.txt:2", "i2", "ef".repeat(32), "<2@x>", List.of(copy("a@x", "2")));
            ledger.seal(new ConnectorRun("wa", "chat.txt"));
        }
        List<String> after = Files.readAllLines(file);
        assertThat(after).hasSize(4);
        assertThat(after.get(2)).contains("<2@x>");
        assertThat(verify().findings()).filteredOn(LedgerVerifier.Finding::fails).isEmpty();
    }

    @Test
    void an_index_of_an_earlier_version_with_hex_keys_is_dropped_and_rebuilt_from_the_file() throws Exception {
        try (Ledger ledger = new Ledger(state)) {
            ledger.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1"), copy("b@x", "1")));
        }
        Path db = Ledger.folder(state).resolve(CopyIndex.FILE);
        // the earlier version's table (the copy keys' SHA-256 as hex text) in place of this version's
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE " + CopyIndex.TABLE);
            st.execute("CREATE TABLE ledger_copy (connector TEXT NOT NULL, copy_key TEXT NOT NULL, seq INTEGER NOT NULL, "
                    + "PRIMARY KEY (connector, copy_key)) WITHOUT ROWID");
            st.execute("INSERT INTO ledger_copy VALUES ('wa', '" + "00".repeat(32) + "', 1)");
        }
        try (Ledger ledger = new Ledger(state)) {
            // both copies still known: no second entry
            ledger.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1"), copy("b@x", "1")));
        }
        assertThat(Files.readAllLines(Ledger.file(Ledger.folder(state), "wa"))).hasSize(2);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet tables = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            List<String> names = new java.util.ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertThat(names).containsExactly(CopyIndex.TABLE);
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rows = st.executeQuery("SELECT length(copy_key), seq FROM " + CopyIndex.TABLE
                     + " ORDER BY seq")) {
            List<String> found = new java.util.ArrayList<>();
            while (rows.next()) {
                found.add(rows.getInt(1) + "@" + rows.getLong(2));
            }
            assertThat(found).containsExactly("32@1", "32@2");
        }
    }
}

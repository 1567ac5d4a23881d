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
        assertThat(r.entries()).hasSize(5);
    }
}

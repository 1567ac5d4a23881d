package io.conduit.state.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.conduit.ledger.Ledger;
import io.conduit.state.ConnectorRun;
import io.conduit.store.StoredCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's items recorded as one group: the ledger's entries in one commit, the log's lines written after it. */
class ConnectorLogGroupTest {

    @TempDir
    Path state;

    private static List<StoredCopy> copies(String n) {
        return List.of(new StoredCopy("a@x", "WhatsApp Archiver", "a@x/new/" + n, "ab".repeat(32), 1234),
                new StoredCopy("b@x", "WhatsApp Archiver", "b@x/new/" + n, "ab".repeat(32), 1234));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void a_group_writes_its_lines_once_the_ledger_has_committed_its_entries() throws Exception {
        Ledger ledger = new Ledger(state);
        try (ConnectorLog log = new ConnectorLog(state)) {
            log.useLedger(ledger);
            Path ledgerFile = Ledger.file(Ledger.folder(state), "wa");
            log.group("wa", () -> {
                for (int i = 1; i <= 3; i++) {
                    log.archived("wa", "chat.txt:" + i, "i" + i, null, "<" + i + "@x>", copies(String.valueOf(i)),
                            List.of(), "cd".repeat(32));
                }
                // inside the group nothing is written out yet: neither the log's lines nor the ledger's entries
                assertThat(lines(log.file("wa"))).isEmpty();
                assertThat(ledgerFile).isEmptyFile();
            });
            assertThat(lines(log.file("wa"))).hasSize(3).allMatch(l -> l.contains("\"type\":\"item\""));
            assertThat(lines(ledgerFile)).hasSize(6);
            ConnectorRun run = new ConnectorRun("wa", "chat.txt");
            log.finish(run);
        }
        List<String> ledgerLines = lines(Ledger.file(Ledger.folder(state), "wa"));
        assertThat(ledgerLines).hasSize(7);
        for (int seq = 1; seq <= 7; seq++) {
            assertThat(ledgerLines.get(seq - 1)).contains("\"seq\":" + seq);
        }
    }

    @Test
    void a_group_that_fails_writes_no_line_and_its_items_recorded_again_get_no_second_ledger_entry()
            throws Exception {
        Ledger ledger = new Ledger(state);
        try (ConnectorLog log = new ConnectorLog(state)) {
            log.useLedger(ledger);
            assertThatThrownBy(() -> log.group("wa", () -> {
                log.archived("wa", "chat.txt:1", "i1", null, "<1@x>", copies("1"), List.of(), "cd".repeat(32));
                throw new IllegalStateException("the second item's entry could not be written");
            })).hasMessageContaining("second item");
            assertThat(lines(log.file("wa"))).isEmpty();

            // the batch's items go through the per-item pipeline: recorded one by one
            log.archived("wa", "chat.txt:1", "i1", null, "<1@x>", copies("1"), List.of(), "cd".repeat(32));
            log.archived("wa", "chat.txt:2", "i2", null, "<2@x>", copies("2"), List.of(), "cd".repeat(32));
        }
        assertThat(lines(state.resolve("connector-log/wa.jsonl"))).hasSize(2);
        List<String> ledgerLines = lines(Ledger.file(Ledger.folder(state), "wa"));
        assertThat(ledgerLines).hasSize(4);
        assertThat(ledgerLines.stream().filter(l -> l.contains("<1@x>"))).hasSize(2); // one entry per copy, not four
    }
}

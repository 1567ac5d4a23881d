package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.conduit.state.ConnectorRun;
import io.conduit.store.StoredCopy;
import io.conduit.test.TestSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 2: in clustered mode the ledger is one chain per connector in PostgreSQL, appended by whichever node
 * runs the connector. Two nodes (two {@link Ledger}s on one database, one shared key folder) appending to the same
 * connector at the same time never fork the chain; a copy recorded by one node is not recorded again by the other; the
 * chain written out by {@link Ledger#export} verifies intact with every seal.
 */
class JdbcLedgerIT {

    @TempDir
    Path tmp;

    private TestSchema schema;
    private HikariDataSource pool;

    @BeforeEach
    void freshSchema() throws Exception {
        schema = TestSchema.create("conduit_ledger_");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(schema.url());
        config.setMaximumPoolSize(6);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void dropSchema() throws Exception {
        pool.close();
        schema.close();
    }

    private static StoredCopy copy(String mailbox, String n) {
        return new StoredCopy(mailbox, "WhatsApp Archiver", mailbox + "/new/" + n, "ab".repeat(32), 1234);
    }

    /** Exports the database's chain of connector {@code wa} to {@code exported} and verifies it: no failing finding. */
    private LedgerVerifier.Result exportedAndVerified(Path keys, Path exported) throws Exception {
        Ledger.export(pool, pem -> Files.copy(keys.resolve(LedgerKeys.PUBLIC_FILE), pem), exported);
        LedgerVerifier.Result r = LedgerVerifier.verify(Ledger.file(exported, "wa"), "wa",
                LedgerKeys.readPublic(exported.resolve(LedgerKeys.PUBLIC_FILE)));
        assertThat(r.findings()).filteredOn(LedgerVerifier.Finding::fails).isEmpty();
        return r;
    }

    @Test
    void two_nodes_append_to_one_chain_without_forking_it_and_it_verifies_intact() throws Exception {
        Path keys = tmp.resolve("keys");
        try (Ledger a = new Ledger(keys, pool, "node-a"); Ledger b = new Ledger(keys, pool, "node-b")) {
            a.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1"), copy("b@x", "1")));
            // node b, redelivering the same item after node a stopped: found, not recorded twice
            b.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1"), copy("b@x", "1")));
            ExecutorService threads = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (Ledger node : List.of(a, b)) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        node.copies("wa", "chat.txt:" + i, "n" + i, "ef".repeat(32), "<" + node.hashCode() + "." + i + "@x>",
                                List.of(copy("a@x", node.hashCode() + "." + i)));
                        node.duplicate("wa", "chat.txt:" + i, "d" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            threads.shutdown();
            a.seal(new ConnectorRun("wa", "chat.txt"));
            b.seal(new ConnectorRun("wa", "other.txt"));
        }

        Path exported = tmp.resolve("exported");
        LedgerVerifier.Result r = exportedAndVerified(keys, exported);
        assertThat(r.entries()).isEqualTo(2 + 2 * 200 + 2);
        assertThat(r.seals()).isEqualTo(2);
        assertThat(Files.readAllLines(Ledger.file(exported, "wa")).get(0)).contains("\"seq\":1").contains("<1@x>");
    }

    @Test
    void a_group_is_one_transaction_and_a_failed_one_is_rolled_back_and_lets_the_other_node_go_on() throws Exception {
        Path keys = tmp.resolve("keys");
        try (Ledger a = new Ledger(keys, pool, "node-a"); Ledger b = new Ledger(keys, pool, "node-b")) {
            a.group("wa", () -> {
                for (int i = 1; i <= 3; i++) {
                    a.copies("wa", "chat.txt:" + i, "i" + i, "cd".repeat(32), "<" + i + "@x>", List.of(copy("a@x", "" + i)));
                }
            });
            // node a's next batch fails half way: nothing of it is committed, and its lock is released
            assertThatThrownBy(() -> a.group("wa", () -> {
                a.copies("wa", "chat.txt:4", "i4", "cd".repeat(32), "<4@x>", List.of(copy("a@x", "4")));
                throw new IllegalStateException("store failed under the batch");
            })).hasMessageContaining("store failed");
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                other.submit(() -> b.copies("wa", "chat.txt:5", "i5", "cd".repeat(32), "<5@x>",
                        List.of(copy("a@x", "5")))).get(30, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                other.shutdown();
            }
            // node a records item 4 again, one by one: one entry, after node b's
            a.copies("wa", "chat.txt:4", "i4", "cd".repeat(32), "<4@x>", List.of(copy("a@x", "4")));
            a.seal(new ConnectorRun("wa", "chat.txt"));
        }
        Path exported = tmp.resolve("exported");
        LedgerVerifier.Result r = exportedAndVerified(keys, exported);
        List<String> lines = Files.readAllLines(Ledger.file(exported, "wa"));
        assertThat(lines).hasSize(6);
        assertThat(lines.get(3)).contains("<5@x>");
        assertThat(lines.get(4)).contains("<4@x>");
        assertThat(lines.stream().filter(l -> l.contains("<4@x>"))).hasSize(1);
    }

    @Test
    void the_evidence_manifest_of_a_cluster_run_holds_the_entries_since_the_previous_seal() throws Exception {
        Path keys = tmp.resolve("keys");
        try (Ledger a = new Ledger(keys, pool, "node-a")) {
            a.copies("wa", "chat.txt:1", "i1", "cd".repeat(32), "<1@x>", List.of(copy("a@x", "1")));
            a.seal(new ConnectorRun("wa", "chat.txt"));
            a.copies("wa", "chat.txt:2", "i2", "cd".repeat(32), "<2@x>", List.of(copy("a@x", "2")));
            a.duplicate("wa", "chat.txt:1", "i1");
            List<String> lines = new ArrayList<>();
            a.seal(new ConnectorRun("wa", "chat.txt"));
            a.lines("wa", 2, 5, lines::add);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).contains("\"seq\":3").contains("<2@x>");
            assertThat(lines.get(2)).contains("\"type\":\"seal\"").contains("\"since\":2");
        }
    }
}

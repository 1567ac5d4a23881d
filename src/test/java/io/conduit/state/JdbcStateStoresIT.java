package io.conduit.state;

import io.conduit.state.log.JdbcConnectorLog;
import io.conduit.state.log.ConnectorLog;
import io.conduit.state.idempotency.JdbcIdempotentRepository;
import io.conduit.state.journal.JdbcPendingItems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.conduit.store.StoredCopy;
import io.conduit.test.TestSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The clustered state stores in a real PostgreSQL (a fresh schema per test, dropped after; {@code CONDUIT_TEST_JDBC_URL}
 * overrides {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), each used by two "nodes" (two instances on
 * the same tables).
 */
class JdbcStateStoresIT {

    private TestSchema schema;
    private PGSimpleDataSource db;

    @BeforeEach
    void freshSchema() throws Exception {
        schema = TestSchema.create("conduit_state_");
        db = schema.dataSource();
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    @Test
    void an_archived_item_is_added_by_one_node_seen_by_every_node_and_never_forgotten() {
        JdbcIdempotentRepository node1 = JdbcIdempotentRepository.archivedItems(db, "node-1");
        JdbcIdempotentRepository node2 = JdbcIdempotentRepository.archivedItems(db, "node-2");
        assertThat(node2.contains("k1")).isFalse();
        assertThat(node1.add("k1")).isTrue();
        assertThat(node2.contains("k1")).isTrue();
        assertThat(node2.add("k1")).as("already archived by node-1").isFalse();
        assertThat(node1.remove("k1")).isFalse();
        node1.clear();
        assertThat(node2.contains("k1")).isTrue();
    }

    @Test
    void a_batch_of_keys_added_by_any_node_is_looked_up_together() {
        JdbcIdempotentRepository node1 = JdbcIdempotentRepository.archivedItems(db, "node-1");
        JdbcIdempotentRepository node2 = JdbcIdempotentRepository.archivedItems(db, "node-2");
        List<String> asked = new ArrayList<>();
        java.util.Set<String> added = new java.util.HashSet<>();
        for (int i = 0; i < 1207; i++) {
            asked.add("batch-key-" + i);
            if (i % 5 == 0) {
                (i % 2 == 0 ? node1 : node2).add("batch-key-" + i);
                added.add("batch-key-" + i);
            }
        }
        assertThat(node2.containing(asked)).isEqualTo(added);
        assertThat(node1.containing(List.of("batch-key-1", "batch-key-5"))).containsExactly("batch-key-5");
    }

    @Test
    void of_two_nodes_adding_the_same_keys_at_once_exactly_one_adds_each() throws Exception {
        JdbcIdempotentRepository node1 = JdbcIdempotentRepository.archivedItems(db, "node-1");
        JdbcIdempotentRepository node2 = JdbcIdempotentRepository.archivedItems(db, "node-2");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> added = new ArrayList<>();
            for (JdbcIdempotentRepository node : List.of(node1, node2)) {
                Callable<Integer> adds = () -> {
                    int n = 0;
                    for (int i = 0; i < 200; i++) {
                        n += node.add("key-" + i) ? 1 : 0;
                    }
                    return n;
                };
                added.add(pool.submit(adds));
            }
            assertThat(added.get(0).get() + added.get(1).get()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM conduit_archived_item")).isEqualTo(200);
    }

    @Test
    void a_processed_file_key_is_removed_when_its_file_fails_so_any_node_reads_it_again() {
        JdbcIdempotentRepository node1 = JdbcIdempotentRepository.processedFiles(db, "node-1");
        JdbcIdempotentRepository node2 = JdbcIdempotentRepository.processedFiles(db, "node-2");
        assertThat(node1.add("whatsapp/chat.txt-10-1")).isTrue();
        assertThat(node2.contains("whatsapp/chat.txt-10-1")).isTrue();
        assertThat(node1.remove("whatsapp/chat.txt-10-1")).isTrue();
        assertThat(node2.contains("whatsapp/chat.txt-10-1")).isFalse();
    }

    @Test
    void an_item_begun_on_a_killed_node_is_pending_on_the_other_until_archived_then_compacted_away() throws Exception {
        JdbcIdempotentRepository archived = JdbcIdempotentRepository.archivedItems(db, "node-1");
        JdbcPendingItems node1 = new JdbcPendingItems(db, "node-1");
        node1.begin("half-stored");
        node1.begin("stored");
        archived.add("stored");
        JdbcPendingItems node2 = new JdbcPendingItems(db, "node-2");
        assertThat(node2.wasPending("half-stored")).isTrue();
        assertThat(node2.wasPending("never-begun")).isFalse();
        assertThat(node2.pendingCount()).as("begun and not archived").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM conduit_pending_item")).as("compacted on start").isEqualTo(1);
    }

    @Test
    void the_connector_log_keeps_each_line_with_its_copies_and_each_run_with_its_counts() throws Exception {
        ConnectorLog log = new ConnectorLog(java.nio.file.Path.of("unused"), new JdbcConnectorLog(db, "node-1"));
        log.archived("wa", "chat.txt:1", "item-1", "<m1@conduit>",
                List.of(new StoredCopy("alice@example.com", "WhatsApp Archiver", "imap://h/WhatsApp%20Archiver;UIDVALIDITY=1/;UID=7"),
                        new StoredCopy("bob@example.com", "WhatsApp Archiver", "imap://h/WhatsApp%20Archiver;UIDVALIDITY=2/;UID=3")));
        log.duplicate("wa", "chat.txt:2", "item-2");
        log.quarantined("wa", "chat.txt:3", "q-1", "line 3: impossible date");
        ConnectorRun run = new ConnectorRun("wa", "chat.txt");
        for (int i = 0; i < 3; i++) {
            run.itemRead();
        }
        run.itemArchived(2, false);
        run.itemDuplicate();
        run.itemQuarantined();
        log.finish(run);

        assertThat(rows("SELECT type || '|' || item_id || '|' || coalesce(message_id, '-') || '|' || node "
                + "FROM conduit_connector_log WHERE item_id IS NOT NULL ORDER BY id"))
                .containsExactly("item|item-1|<m1@conduit>|node-1", "duplicate|item-2|-|node-1");
        assertThat(rows("SELECT mailbox || '|' || correlation_id FROM conduit_connector_log_copy ORDER BY ordinal"))
                .containsExactly("alice@example.com|imap://h/WhatsApp%20Archiver;UIDVALIDITY=1/;UID=7",
                        "bob@example.com|imap://h/WhatsApp%20Archiver;UIDVALIDITY=2/;UID=3");
        assertThat(rows("SELECT quarantine_id || '|' || reason FROM conduit_connector_log WHERE type = 'quarantine'"))
                .containsExactly("q-1|line 3: impossible date");
        assertThat(rows("SELECT input || '|' || items || '|' || archived || '|' || copies || '|' || duplicates || '|' "
                + "|| quarantined || '|' || balanced FROM conduit_connector_run"))
                .containsExactly("chat.txt|3|1|2|1|1|true");
    }

    @Test
    void a_groups_lines_are_one_transaction_all_or_none() throws Exception {
        JdbcConnectorLog sink = new JdbcConnectorLog(db, "node-1");
        ConnectorLog log = new ConnectorLog(java.nio.file.Path.of("unused"), sink);
        StoredCopy copy = new StoredCopy("alice@example.com", "WhatsApp Archiver", "imap://h/WA;UIDVALIDITY=1/;UID=1");
        log.group("wa", () -> {
            log.archived("wa", "chat.txt:1", "item-1", "<m1@conduit>", List.of(copy));
            log.archived("wa", "chat.txt:2", "item-2", "<m2@conduit>", List.of(copy));
            try {
                assertThat(rows("SELECT item_id FROM conduit_connector_log")).as("nothing before the group ends").isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(rows("SELECT item_id FROM conduit_connector_log ORDER BY id")).containsExactly("item-1", "item-2");

        // a group whose second line cannot be written leaves none of its lines
        Map<String, Object> good = new java.util.LinkedHashMap<>(Map.of("type", "item", "time", "2026-12-06T07:00:00Z",
                "connector", "wa", "itemId", "item-3", "copies", List.of(copy)));
        Map<String, Object> bad = new java.util.LinkedHashMap<>(Map.of("type", "item", "time", "2026-12-06T07:00:00Z",
                "connector", "wa", "itemId", "item-4", "copies", List.of("not a stored copy")));
        assertThatThrownBy(() -> sink.writeAll(List.of(Map.entry("wa", good), Map.entry("wa", bad))))
                .isInstanceOf(ClassCastException.class);
        assertThat(rows("SELECT item_id FROM conduit_connector_log ORDER BY id")).containsExactly("item-1", "item-2");
        assertThat(count("SELECT count(*) FROM conduit_connector_log_copy")).isEqualTo(2);
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}

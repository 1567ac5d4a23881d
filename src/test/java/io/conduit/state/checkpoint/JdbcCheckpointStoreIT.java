package io.conduit.state.checkpoint;

import io.conduit.state.checkpoint.CheckpointException;
import io.conduit.state.checkpoint.JdbcCheckpointStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Checkpoints in a real PostgreSQL (the machine's, on loopback; {@code CONDUIT_TEST_JDBC_URL} overrides
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
class JdbcCheckpointStoreIT {

    private PGSimpleDataSource dataSource;

    @BeforeEach
    void freshTable() throws Exception {
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(System.getenv().getOrDefault("CONDUIT_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS conduit_checkpoint");
        }
    }

    @Test
    void creates_its_table_and_shares_checkpoints_between_nodes() {
        JdbcCheckpointStore node1 = new JdbcCheckpointStore(dataSource);
        JdbcCheckpointStore node2 = new JdbcCheckpointStore(dataSource);
        node1.save("lp", "account-1", Map.of("since", "1763600000000", "cursor", "42"));
        assertThat(node2.load("lp", "account-1")).contains(Map.of("since", "1763600000000", "cursor", "42"));
        node2.save("lp", "account-1", Map.of("since", "1763700000000", "cursor", "0"));
        assertThat(node1.load("lp", "account-1")).contains(Map.of("since", "1763700000000", "cursor", "0"));
        assertThat(node1.load("lp", "account-2")).isEmpty();
    }

    @Test
    void an_unreadable_row_is_an_error_not_a_reset() throws Exception {
        JdbcCheckpointStore store = new JdbcCheckpointStore(dataSource);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO conduit_checkpoint (connector_id, partition_key, checkpoint) VALUES ('lp', 'p', 'not json')");
        }
        assertThatThrownBy(() -> store.load("lp", "p")).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("unreadable");
    }
}

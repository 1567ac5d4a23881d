package io.conduit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.conduit.test.DovecotServer;
import io.conduit.test.Exports;
import io.conduit.test.ImporterProcess;
import io.conduit.test.TestSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clustered mode end to end: two Conduit JVMs ({@code java -jar target/conduit.jar}, each with its own working and
 * state folder) share a fresh PostgreSQL schema ({@code conduit.cluster.enabled}) and the shared Dovecot, with one
 * WhatsApp connector polling one drop folder every 2 seconds; both nodes start at the same time. Exports dropped
 * there are archived into each custodian's mailbox exactly once, each fire time of the connector's schedule runs on
 * one node only, and when the node that is archiving is killed with SIGKILL in the middle of an export, the other node
 * takes the schedule over and finishes it, still exactly once. The nodes' logs and the cluster tables are left in
 * {@code target/cluster-it/}.
 */
class ClusterIT {

    private static final String CONNECTOR = "whatsapp-cluster";
    private static final String FOLDER = "Cluster Test";
    private static final List<String> CUSTODIANS = List.of("cluster.alice@example.com", "cluster.bob@example.com");

    @TempDir
    Path tmp;

    private TestSchema schema;
    private final Map<String, Process> nodes = new LinkedHashMap<>();

    @BeforeEach
    void freshSchema() throws Exception {
        schema = TestSchema.create("conduit_cluster_");
    }

    @AfterEach
    void stopNodesAndDropSchema() throws Exception {
        for (Process p : nodes.values()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Path logs = Files.createDirectories(Path.of("target", "cluster-it"));
        try (Connection c = connection(); Statement s = c.createStatement()) {
            Files.write(logs.resolve("db.txt"), List.of(
                    "scheduler_state " + rows(s, "SELECT instance_name || ' ' || last_checkin_time FROM qrtz_scheduler_state"),
                    "triggers " + rows(s, "SELECT trigger_name || ' ' || trigger_state || ' ' || next_fire_time FROM qrtz_triggers"),
                    "fired " + rows(s, "SELECT instance_name || ' ' || state || ' ' || fired_time FROM qrtz_fired_triggers"),
                    "fires " + rows(s, "SELECT node || ' ' || scheduled_fire_time || ' ' || fired_at FROM conduit_schedule_fire ORDER BY id")));
        } catch (SQLException e) {
            Files.writeString(logs.resolve("db.txt"), "no cluster tables: " + e.getMessage());
        }
        for (String node : List.of("node-1", "node-2")) {
            Path log = tmp.resolve(node).resolve("node.log");
            if (Files.exists(log)) {
                Files.copy(log, logs.resolve(node + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        schema.close();
    }

    @Test
    void two_nodes_fire_each_schedule_once_archive_every_item_once_and_carry_on_when_one_is_killed() throws Exception {
        DovecotServer dovecot = DovecotServer.shared();
        Map<String, String> users = new LinkedHashMap<>();
        CUSTODIANS.forEach(u -> users.put(u, "x"));
        users.put("cluster.catchall@example.com", "x");
        dovecot.addUsers(users);
        Path drop = Files.createDirectories(tmp.resolve("drop"));

        // started together: the startup lock has them create the tables and the connector's trigger one at a time
        start("node-1", dovecot, drop);
        start("node-2", dovecot, drop);
        await().atMost(Duration.ofSeconds(90)).until(() -> alive() && count("SELECT count(*) FROM qrtz_scheduler_state") == 2);
        assertThat(count("SELECT count(*) FROM qrtz_triggers")).as("one trigger for the connector, shared").isEqualTo(1);

        // both nodes poll the same folder; each export is read on one node, each item archived once
        Set<String> expected = new HashSet<>();
        expected.addAll(dropExport(drop, "WhatsApp Chat - Desk A.txt", 100));
        expected.addAll(dropExport(drop, "WhatsApp Chat - Desk B.txt", 100));
        awaitArchived(dovecot, expected);
        long firesBefore = count("SELECT count(*) FROM conduit_schedule_fire");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM conduit_schedule_fire") >= firesBefore + 3);
        for (String custodian : CUSTODIANS) {
            ImporterProcess.assertExactlyOnce("cluster, " + custodian, dovecot.messageIds(custodian, FOLDER), expected);
        }
        assertThat(count("SELECT count(DISTINCT item_id) FROM conduit_connector_log WHERE type = 'item'")).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM conduit_connector_log WHERE type = 'item'"))
                .as("item lines: each item archived by one node, once").isEqualTo(200);
        assertThat(count("SELECT count(*) FROM conduit_connector_log_copy")).isEqualTo(400);
        assertThat(count("SELECT count(*) FROM conduit_connector_run WHERE balanced AND archived = 100")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM conduit_processed_file")).isEqualTo(2);

        // a third export: kill the node archiving it mid-way; the other node takes the schedule over and finishes it
        expected.addAll(dropExport(drop, "WhatsApp Chat - Desk C.txt", 300));
        long archivedBefore = count("SELECT count(*) FROM conduit_connector_log WHERE type = 'item'");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> count("SELECT count(*) FROM conduit_connector_log WHERE type = 'item'") >= archivedBefore + 30);
        String victim = text("SELECT node FROM conduit_connector_log ORDER BY id DESC LIMIT 1");
        Process killed = nodes.remove(victim);
        killed.destroyForcibly(); // SIGKILL
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.currentTimeMillis();
        String survivor = nodes.keySet().iterator().next();
        System.out.printf("cluster test: killed %s after %d items of export C; %s carries on%n", victim,
                count("SELECT count(*) FROM conduit_connector_log WHERE type = 'item'") - archivedBefore, survivor);

        awaitArchived(dovecot, expected);
        for (String custodian : CUSTODIANS) {
            ImporterProcess.assertExactlyOnce("cluster after the kill, " + custodian, dovecot.messageIds(custodian, FOLDER), expected);
        }
        // the last batch's copies are in Dovecot a moment before the run records it and marks the file processed
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM conduit_processed_file") == 3);
        assertThat(count("SELECT count(*) FROM conduit_connector_run WHERE NOT balanced")).isZero();
        try (Connection c = connection(); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT trigger_name, scheduled_fire_time, count(*) FROM conduit_schedule_fire "
                    + "GROUP BY trigger_name, scheduled_fire_time HAVING count(*) > 1"))
                    .as("fire times that ran on more than one node").isEmpty();
            assertThat(rows(s, "SELECT DISTINCT trigger_name FROM conduit_schedule_fire")).containsExactly(CONNECTOR);
            assertThat(rows(s, "SELECT DISTINCT node FROM conduit_schedule_fire WHERE fired_at > to_timestamp(" + killedAt / 1000.0 + ")"))
                    .as("nodes that fired after the kill").containsExactly(survivor);
            System.out.println("cluster test: fires per node " + rows(s,
                    "SELECT node || '=' || count(*) FROM conduit_schedule_fire GROUP BY node ORDER BY node"));
        }
    }

    /** Starts a node: its own folder with an application.properties, the shared drop folder, schema and Dovecot. */
    private void start(String nodeId, DovecotServer dovecot, Path drop) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(nodeId));
        Path password = dir.resolve("imap-password");
        Files.writeString(password, dovecot.masterPassword());
        Path mapping = dir.resolve("mapping.csv");
        Files.writeString(mapping, "Alice," + CUSTODIANS.get(0) + "\nBob," + CUSTODIANS.get(1) + "\n");
        Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "camel.main.name = conduit-cluster-it",
                "conduit.state.dir = " + dir.resolve("state"),
                "conduit.store.uri = imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "conduit.imap.master-user = " + dovecot.masterUser(),
                "conduit.imap.password-file = " + password,
                "conduit.imap.truststore = " + dovecot.trustStore(),
                "conduit.imap.truststore-password = " + DovecotServer.TRUST_STORE_PASSWORD,
                "conduit.mapping.file = " + mapping,
                "conduit.mapping.default-region = US",
                "conduit.catch-all.mailbox = cluster.catchall@example.com",
                "conduit.cluster.enabled = true",
                "conduit.cluster.jdbc-url = " + schema.url(),
                "conduit.cluster.node-id = " + nodeId,
                "conduit.cluster.checkin-interval-ms = 1000",
                "camel.route-template[" + CONNECTOR + "].template-id = whatsapp-export-source",
                "camel.route-template[" + CONNECTOR + "].input = " + drop,
                "camel.route-template[" + CONNECTOR + "].cron = 0/2 * * * * ?",
                "camel.route-template[" + CONNECTOR + "].zone = UTC",
                "camel.route-template[" + CONNECTOR + "].folder = " + FOLDER,
                ""));
        // the jar's logging, plus Quartz's cluster manager (failed nodes detected, triggers recovered)
        Path logConfig = dir.resolve("log4j2.xml");
        Files.writeString(logConfig, """
                <Configuration status="WARN">
                  <Appenders><Console name="out" target="SYSTEM_ERR">
                    <PatternLayout pattern="%d{ISO8601} %-5level [%t] %c{1} - %encode{%m}{CRLF}%n"/></Console></Appenders>
                  <Loggers>
                    <Logger name="io.conduit" level="INFO"/>
                    <Logger name="org.apache.camel.main" level="INFO"/>
                    <Logger name="org.quartz.impl.jdbcjobstore" level="INFO"/>
                    <Root level="WARN"><AppenderRef ref="out"/></Root>
                  </Loggers>
                </Configuration>
                """);
        Process p = new ProcessBuilder(ImporterProcess.conduit(
                List.of("-Xmx256m", "-Dlog4j2.configurationFile=" + logConfig), List.of())).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
        nodes.put(nodeId, p);
    }

    /** Writes an export beside the drop folder, then moves it in whole; returns its items' Message-IDs. */
    private Set<String> dropExport(Path drop, String name, int messages) throws Exception {
        Path staged = Exports.generate(tmp.resolve(name), messages, List.of("Alice", "Bob", "Carol"));
        Set<String> ids = ImporterProcess.expectedMessageIds(staged, CONNECTOR);
        assertThat(ids).hasSize(messages);
        Files.move(staged, drop.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return ids;
    }

    private void awaitArchived(DovecotServer dovecot, Set<String> expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(alive()).as("every node still running (see node.log)").isTrue();
            for (String custodian : CUSTODIANS) {
                if (!dovecot.folders(custodian).contains(FOLDER)
                        || !new HashSet<>(dovecot.messageIds(custodian, FOLDER)).containsAll(expected)) {
                    return false;
                }
            }
            return true;
        });
    }

    private boolean alive() throws Exception {
        for (Map.Entry<String, Process> node : nodes.entrySet()) {
            if (!node.getValue().isAlive()) {
                throw new AssertionError(node.getKey() + " exited " + node.getValue().exitValue() + ":\n"
                        + Files.readString(tmp.resolve(node.getKey()).resolve("node.log")));
            }
        }
        return true;
    }

    private Connection connection() throws SQLException {
        return schema.dataSource().getConnection();
    }

    /** A count, or -1 while the table does not exist yet. */
    private long count(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return -1;
            }
            throw e;
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}

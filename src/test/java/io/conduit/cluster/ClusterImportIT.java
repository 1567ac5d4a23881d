package io.conduit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.conduit.ConduitOptions;
import io.conduit.cli.ConduitCommand;
import io.conduit.test.TestSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code import} command on a clustered configuration (a fresh PostgreSQL schema, dropped after): it uses the
 * cluster's shared stores, so an import on a second node, with a state folder of its own, finds every item already
 * archived by the first; and, as a one-shot command, it never joins the cluster's scheduler.
 */
class ClusterImportIT {

    @TempDir
    Path tmp;

    private TestSchema schema;
    private final Map<String, String> cluster = new LinkedHashMap<>();

    @BeforeEach
    void freshSchema() throws Exception {
        schema = TestSchema.create("conduit_import_");
        cluster.put(ConduitOptions.CLUSTER_ENABLED, "true");
        cluster.put(ConduitOptions.CLUSTER_JDBC_URL, schema.url());
        cluster.put(ConduitOptions.LEDGER_KEY_DIR, tmp.resolve("ledger-keys").toString()); // one key, mounted on every node
        cluster.forEach(System::setProperty); // JVM system properties override application.properties
    }

    @AfterEach
    void dropSchema() throws Exception {
        cluster.keySet().forEach(System::clearProperty);
        schema.close();
    }

    @Test
    void an_import_on_a_second_node_finds_every_item_archived_by_the_first() throws Exception {
        String first = importDemo("node-1");
        assertThat(first).contains("\"items\":21,\"archived\":21,").contains("\"duplicates\":0");
        String second = importDemo("node-2");
        assertThat(second).contains("\"items\":21,\"archived\":0,").contains("\"duplicates\":21");

        assertThat(count("SELECT count(*) FROM conduit_archived_item")).isEqualTo(21);
        assertThat(count("SELECT count(DISTINCT node) FROM conduit_connector_run")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM conduit_connector_run WHERE NOT balanced")).isZero();
        assertThat(count("SELECT count(*) FROM qrtz_scheduler_state")).as("one-shot commands never join the scheduler").isZero();

        // issue 13: one ledger chain in the database, both nodes' entries and seals, verified intact from any node
        assertThat(count("SELECT count(*) FROM conduit_ledger WHERE type = 'seal'")).as("a seal per file per import").isEqualTo(4);
        assertThat(count("SELECT count(DISTINCT node) FROM conduit_ledger")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM conduit_ledger WHERE type = 'duplicate'")).isEqualTo(21);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute("verify", "--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("node-2").toString(),
                "--report", tmp.resolve("report").toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("read the ledger from the cluster database")
                .contains("\"intact\":true").contains("\"checked\":" + count("SELECT count(*) FROM conduit_ledger WHERE type = 'copy'"));
    }

    private String importDemo(String node) {
        System.setProperty(ConduitOptions.CLUSTER_NODE_ID, node);
        try {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new ConduitCommand());
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(new StringWriter()));
            int exit = cli.execute("import", "whatsapp", "demo/whatsapp", "--mapping", "demo/mapping.csv",
                    "--default-region", "GB", "--owner", "+44 7700 900001", "--zone", "Europe/London",
                    "--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve(node).toString());
            assertThat(exit).as(out.toString()).isZero();
            return out.toString();
        } finally {
            System.clearProperty(ConduitOptions.CLUSTER_NODE_ID);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = schema.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package io.conduit.source.sql;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;


import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@code sql-source} template with the built-in Cisco IM and Presence query against a real PostgreSQL holding a
 * {@code jm} table shaped as Cisco's "Database Setup for IM and Presence Service" describes it, with rows inserted
 * while the connector polls: every row ends in its custodians' mailboxes exactly once.
 */
class JabberSqlSourceIT {

    private static final String BASE_URL =
            System.getenv().getOrDefault("CONDUIT_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @TempDir
    Path tmp;

    private String schema;
    private String url;
    private PGSimpleDataSource db;
    private Main main;

    @BeforeEach
    void jmTable() throws Exception {
        schema = "conduit_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        url = BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        db = new PGSimpleDataSource();
        db.setUrl(BASE_URL);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("""
                    CREATE TABLE %s.jm (
                      to_jid VARCHAR(3071) NOT NULL, from_jid VARCHAR(3071) NOT NULL, sent_date TIMESTAMP NOT NULL,
                      subject VARCHAR(128), thread_id VARCHAR(128), msg_type CHAR(1), direction CHAR(1),
                      body_len INTEGER, message_len INTEGER, body_string VARCHAR(4000), message_string VARCHAR(4000),
                      body_text TEXT, message_text TEXT, history_flag CHAR(1))""".formatted(schema));
        }
        db.setUrl(url);
    }

    @AfterEach
    void drop() throws Exception {
        if (main != null) {
            main.stop();
        }
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setUrl(BASE_URL);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void archives_every_row_once_including_rows_inserted_while_it_polls() throws Exception {
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "alice@cisco.example,alice@example.com\n");
        AtomicInteger inserted = new AtomicInteger();
        insert(inserted, 50);
        main = ConduitCamel.newMain(Map.of(
                "camel.route-template[jabber-test].template-id", "sql-source",
                "camel.route-template[jabber-test].jdbc-url", url,
                "camel.route-template[jabber-test].trigger", "jabber-test",
                "camel.route-template[jabber-test].cron", "0/1 * * * * ?",
                "camel.route-template[whatsapp-demo].input", tmp.resolve("no-whatsapp").toString(),
                ConduitOptions.MAPPING_FILE, mapping.toString(),
                ConduitOptions.MAILBOX_DOMAINS, "example.com",
                ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"),
                ConduitOptions.STATE_DIR, tmp.resolve("state").toString()));
        main.start();

        Path log = tmp.resolve("state/connector-log/jabber-test.jsonl");
        for (int i = 0; i < 10; i++) {
            long polls = runLines(log);
            insert(inserted, 5 + i);
            await().atMost(Duration.ofSeconds(30)).until(() -> runLines(log) > polls); // the next poll has run
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> messages("alice@example.com").size() == inserted.get());
        List<MimeMessage> alice = messages("alice@example.com");
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : alice) {
            ids.add(m.getMessageID());
        }
        assertThat(ids).as("every message once, though logged inbound and outbound").hasSize(inserted.get());
        assertThat(alice).allMatch(m -> header(m, ConduitHeaders.MESSAGE_CLASS).equals("IPM.NOTE.Jabber.IM"));
        assertThat(Maildirs.messages(tmp.resolve("archive"), "bob@example.com", "Cisco Jabber")).hasSize(inserted.get());
        assertThat(Files.readString(tmp.resolve("state/checkpoints/jabber-test.json"))).contains("\"kind\" : \"timestamp\"");
        assertThat(Files.readAllLines(tmp.resolve("state/connector-log/jabber-test.jsonl")))
                .filteredOn(l -> l.contains("\"type\":\"run\"")).allMatch(l -> l.contains("\"balanced\":true"));
    }

    @Test
    void a_poll_that_fails_is_logged_and_repeated_not_quarantined() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE jm");
        }
        main = ConduitCamel.newMain(Map.of(
                "camel.route-template[jabber-down].template-id", "sql-source",
                "camel.route-template[jabber-down].jdbc-url", url,
                "camel.route-template[jabber-down].trigger", "jabber-down",
                "camel.route-template[jabber-down].cron", "0/1 * * * * ?",
                "camel.route-template[whatsapp-demo].input", tmp.resolve("no-whatsapp").toString(),
                ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"),
                ConduitOptions.STATE_DIR, tmp.resolve("state").toString()));
        main.start();
        Path log = tmp.resolve("state/connector-log/jabber-down.jsonl");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                && Files.readAllLines(log).stream().filter(l -> l.contains("\"type\":\"poll-failed\"")).count() >= 2);

        assertThat(Files.readString(log)).contains("PSQLException").contains("does not exist");
        assertThat(tmp.resolve("state/quarantine")).doesNotExist();
        assertThat(tmp.resolve("state/checkpoints/jabber-down.json")).doesNotExist();
    }

    private static long runLines(Path log) throws Exception {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("\"type\":\"run\"")).count() : 0;
    }

    private List<MimeMessage> messages(String mailbox) throws Exception {
        return Maildirs.messages(tmp.resolve("archive"), mailbox, "Cisco Jabber");
    }

    /**
     * Inserts {@code rows} messages as the Message Archiver logs them: an inbound row ({@code direction 'I'}) when the
     * server receives the message and an outbound row ({@code 'O'}) 40 ms later when it delivers it.
     */
    private void insert(AtomicInteger counter, int rows) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO jm (to_jid, from_jid, sent_date, thread_id, msg_type, direction, body_string) VALUES (?, ?, ?, ?, 'c', ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                int n = counter.incrementAndGet();
                boolean fromAlice = n % 2 == 0;
                for (String direction : List.of("I", "O")) {
                    s.setString(1, fromAlice ? "bob@example.com/jabber_1234" : "alice@cisco.example/jabber_99");
                    s.setString(2, fromAlice ? "alice@cisco.example/jabber_99" : "bob@example.com/jabber_1234");
                    Instant received = Instant.parse("2026-11-20T09:00:00Z").plusSeconds(n);
                    s.setTimestamp(3, Timestamp.from("I".equals(direction) ? received : received.plusMillis(40)));
                    s.setString(4, "thread-" + (n % 3));
                    s.setString(5, direction);
                    s.setString(6, "IM number " + n);
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

}

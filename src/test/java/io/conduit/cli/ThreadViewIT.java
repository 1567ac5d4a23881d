package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.conduit.test.DovecotServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 11, point 7, in a real server: Dovecot's {@code UID THREAD REFERENCES} (RFC 5256) over the demo chat archived
 * into a custodian's mailbox gives one thread per conversation day, each holding every message of that day, and a
 * reply threads under its parent.
 */
class ThreadViewIT {

    private static final String DANIEL = "daniel.reed@example.com";

    @TempDir
    Path tmp;

    private DovecotServer dovecot;
    private Path password;

    private String run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        assertThat(cli.execute(args)).as(out.toString()).isZero();
        return out.toString();
    }

    private void importDemoChat(String folder) throws Exception {
        dovecot = DovecotServer.shared();
        dovecot.addUsers(Map.of(DANIEL, "user-secret", "compliance@example.com", "user-secret"));
        password = tmp.resolve("imap-password");
        Files.writeString(password, dovecot.masterPassword() + "\n");
        run("import", "whatsapp", "demo/whatsapp/WhatsApp Chat with Priya Shah.txt",
                "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-master-user", dovecot.masterUser(), "--imap-password-file", password.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--state", tmp.resolve("state").toString(), "--catch-all", "compliance@example.com",
                "--mapping", "demo/mapping.csv", "--default-region", "GB", "--zone", "Europe/London",
                "--owner", "+44 7700 900001", "--folder", folder);
    }

    @Test
    void export_rsmf_reads_a_custodians_copies_back_over_imap_and_writes_valid_files() throws Exception {
        importDemoChat("RSMF View");

        String out = run("export", "rsmf", "--mailbox", DANIEL, "--from", "2026-11-14", "--to", "2026-11-15",
                "--out", tmp.resolve("rsmf").toString(), "--store", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-master-user", dovecot.masterUser(), "--imap-password-file", password.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD);

        assertThat(out).contains("\"files\":2");
        try (java.util.stream.Stream<Path> files = Files.list(tmp.resolve("rsmf"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".rsmf")).toList()) {
                io.conduit.export.RsmfFiles.Rsmf rsmf = io.conduit.export.RsmfFiles.open(f);
                assertThat(rsmf.errors()).as(f.toString()).isEmpty();
                assertThat(rsmf.firstHeaderLine()).isEqualTo("X-RSMF-Version: 2.0.0");
            }
        }
    }

    @Test
    void dovecot_threads_the_demo_chat_into_one_thread_per_day() throws Exception {
        importDemoChat("Thread View");

        Map<Long, MimeMessage> byUid = dovecot.messagesByUid(DANIEL, "Thread View");
        List<List<Long>> threads = dovecot.threadReferences(DANIEL, "Thread View");

        Map<String, Set<Long>> bySubject = new LinkedHashMap<>();
        byUid.forEach((uid, m) -> bySubject.computeIfAbsent(header(m, "Subject"), s -> new TreeSet<>()).add(uid));
        assertThat(bySubject.keySet()).hasSize(2).allMatch(s -> s.startsWith("[WhatsApp] ") && s.contains("Priya Shah"))
                .anyMatch(s -> s.endsWith("\u2014 2026-11-14")).anyMatch(s -> s.endsWith("\u2014 2026-11-15"));
        assertThat(threads).hasSize(2);
        assertThat(threads.stream().<Set<Long>>map(TreeSet::new).toList()).containsExactlyInAnyOrderElementsOf(bySubject.values());
        System.out.printf("THREAD REFERENCES of the demo chat in %s: %s (%d messages)%n", DANIEL, threads, byUid.size());
    }
}

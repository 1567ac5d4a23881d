package io.conduit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.conduit.test.DovecotServer;
import io.conduit.test.Exports;
import io.conduit.test.ImporterProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across crashes: the importer runs as its own JVM on a 10,000-item export into a real Dovecot and is
 * killed with SIGKILL at random points (after a random number of further items were stored) at least ten times, restarted
 * each time; at the end each expected copy is in its mailbox exactly once (compared by {@code Message-ID}). Run with
 * batching on (the default {@code conduit.store.batch-size}: MULTIAPPEND, group commit), and on a smaller export with
 * one record at a time.
 */
class CrashRecoveryIT {

    private static final String CONNECTOR = "crash-test";
    private static final List<String> CUSTODIANS = List.of("crash.alice@example.com", "crash.bob@example.com");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "batch size {0}, {1} messages, {2} kills")
    @CsvSource({"100, 10000, 10", "1, 3000, 5"})
    void every_copy_lands_exactly_once_however_often_the_importer_is_killed(int batchSize, int messages, int minKills)
            throws Exception {
        DovecotServer dovecot = DovecotServer.shared();
        String folder = "Crash Test " + batchSize;
        Map<String, String> users = new LinkedHashMap<>();
        CUSTODIANS.forEach(u -> users.put(u, "x"));
        users.put("crash.catchall@example.com", "x");
        dovecot.addUsers(users);
        Path export = Exports.generate(tmp.resolve("WhatsApp Chat - Crash Desk.txt"), messages, List.of("Alice", "Bob", "Carol"));
        Path mapping = tmp.resolve("mapping.csv");
        Files.writeString(mapping, "Alice," + CUSTODIANS.get(0) + "\nBob," + CUSTODIANS.get(1) + "\n");
        Path password = tmp.resolve("password");
        Files.writeString(password, dovecot.masterPassword());
        Path state = tmp.resolve("state-" + batchSize);
        List<String> command = ImporterProcess.command(List.of("-Xmx256m", "-Dconduit.store.batch-size=" + batchSize), List.of(export.toString(),
                "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(), "--imap-master-user", dovecot.masterUser(),
                "--imap-password-file", password.toString(), "--truststore", dovecot.trustStore().toString(),
                "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD, "--mapping", mapping.toString(),
                "--catch-all", "crash.catchall@example.com", "--connector", CONNECTOR, "--state", state.toString(),
                "--folder", folder));

        Random random = new Random();
        Path progress = state.resolve("connector-log/" + CONNECTOR + ".jsonl"); // one line per stored item, append-only
        int kills = 0;
        while (kills < minKills) {
            long before = ImporterProcess.lines(progress);
            // kill points at most messages / (minKills + 1) apart, so that minKills of them always fall before the end
            long target = before + 100 + random.nextInt(messages / (minKills + 1) - 100);
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("run-" + kills + ".log").toFile()).start();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ImporterProcess.lines(progress) >= target || !p.isAlive());
            if (!p.isAlive()) {
                break; // finished before this kill point: the export is done
            }
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills++;
        }
        Process last = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("run-final.log").toFile()).start();
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String finalLog = Files.readString(tmp.resolve("run-final.log"));
        assertThat(last.exitValue()).as(finalLog).isZero();
        System.out.printf("crash test: %d SIGKILLs survived; final run: %s%n", kills,
                finalLog.lines().filter(l -> l.startsWith("{")).findFirst().orElse("?"));
        assertThat(kills).as("kills during the import").isGreaterThanOrEqualTo(minKills);

        Set<String> expected = ImporterProcess.expectedMessageIds(export, CONNECTOR);
        assertThat(expected).hasSize(messages);
        ImporterProcess.assertExactlyOnce("crash test, " + CUSTODIANS.get(0), dovecot.messageIds(CUSTODIANS.get(0), folder), expected);
        ImporterProcess.assertExactlyOnce("crash test, " + CUSTODIANS.get(1), dovecot.messageIds(CUSTODIANS.get(1), folder), expected);

        // issue 13: the evidence ledger the killed runs left verifies clean (no gap, no double entry, every copy intact)
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new io.conduit.cli.ConduitCommand());
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(out));
        long start = System.nanoTime();
        int exit = cli.execute("verify", "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-master-user", dovecot.masterUser(), "--imap-password-file", password.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--state", state.toString(), "--report", tmp.resolve("verify").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        String[] lines = out.toString().strip().split("\n");
        System.out.printf("crash test verify: %.1f s, %s%n", seconds, lines[lines.length - 1]);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).doesNotContain("double-entry").doesNotContain("removed").doesNotContain("edited");
        assertThat(lines[lines.length - 1]).contains("\"intact\":true").contains("\"checked\":" + 2 * messages)
                .contains("\"missing\":0").contains("\"altered\":0").contains("\"unknown\":0");
    }
}

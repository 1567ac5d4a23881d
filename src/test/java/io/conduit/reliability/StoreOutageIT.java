package io.conduit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.conduit.test.DovecotServer;
import io.conduit.test.Exports;
import io.conduit.test.ImporterProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store outages: Dovecot is stopped and started again several times while an import runs. Every failed APPEND is
 * redelivered with backoff over a re-established connection; at the end every copy is present exactly once and
 * nothing was quarantined.
 */
class StoreOutageIT {

    private static final int MESSAGES = 5_000;
    private static final int OUTAGES = 4;
    private static final String CONNECTOR = "outage-test";
    private static final String CUSTODIAN = "outage.alice@example.com";

    @TempDir
    Path tmp;

    @Test
    void an_import_survives_repeated_imap_outages_without_losing_or_doubling_a_copy() throws Exception {
        DovecotServer dovecot = DovecotServer.shared();
        Map<String, String> users = new LinkedHashMap<>();
        users.put(CUSTODIAN, "x");
        users.put("outage.catchall@example.com", "x");
        dovecot.addUsers(users);
        Path export = Exports.generate(tmp.resolve("WhatsApp Chat - Outage Desk.txt"), MESSAGES, List.of("Alice", "Bob"));
        Path mapping = tmp.resolve("mapping.csv");
        Files.writeString(mapping, "Alice," + CUSTODIAN + "\n");
        Path password = tmp.resolve("password");
        Files.writeString(password, dovecot.masterPassword());
        Path state = tmp.resolve("state");
        Path log = tmp.resolve("importer.log");
        List<String> command = ImporterProcess.command(
                List.of("-Xmx256m", "-Dconduit.redelivery.maximum=12", "-Dconduit.redelivery.delay-ms=100"),
                List.of(export.toString(), "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                        "--imap-master-user", dovecot.masterUser(), "--imap-password-file", password.toString(),
                        "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                        "--mapping", mapping.toString(), "--catch-all", "outage.catchall@example.com",
                        "--connector", CONNECTOR, "--state", state.toString(), "--folder", "Outage Test"));
        Path progress = state.resolve("connector-log/" + CONNECTOR + ".jsonl");

        Process importer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int outages = 0;
        try {
            for (int i = 0; i < OUTAGES; i++) {
                // outage i once the import is (i+1)/(OUTAGES+1) through: an import that ran ahead during an outage
                // (connections Dovecot had already accepted keep working for a moment) still gets every outage
                long target = (long) (i + 1) * MESSAGES / (OUTAGES + 1);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                        .until(() -> ImporterProcess.lines(progress) >= target || !importer.isAlive());
                if (!importer.isAlive()) {
                    break;
                }
                // held still while the server goes down: a batched import moves thousands of items a second, and
                // would otherwise finish before the outage begins
                ImporterProcess.suspend(importer);
                long retriesBefore = retryLines(log);
                dovecot.stop();
                ImporterProcess.resume(importer);
                await().atMost(Duration.ofMinutes(1)).until(() -> retryLines(log) > retriesBefore || !importer.isAlive());
                dovecot.start();
                outages++;
            }
        } finally {
            if (importer.isAlive()) {
                ImporterProcess.resume(importer);
            }
            if (!dovecot.isRunning()) {
                dovecot.start();
            }
        }
        assertThat(importer.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log);
        assertThat(importer.exitValue()).as(output).isZero();
        System.out.printf("outage test: %d outages survived, %d redelivery attempts logged; %s%n", outages, retryLines(log),
                output.lines().filter(l -> l.startsWith("{")).findFirst().orElse("?"));
        assertThat(outages).isEqualTo(OUTAGES);
        assertThat(output).contains("\"quarantined\":0");

        Set<String> expected = ImporterProcess.expectedMessageIds(export, CONNECTOR);
        ImporterProcess.assertExactlyOnce("outage test", dovecot.messageIds(CUSTODIAN, "Outage Test"), expected);
    }

    private static long retryLines(Path log) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("On delivery attempt") || l.contains("reconnecting")).count();
        }
    }
}

package io.conduit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.conduit.test.DovecotServer;
import io.conduit.test.Exports;
import io.conduit.test.ImporterProcess;
import io.conduit.test.OAuthIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outages with SASL XOAUTH2 (issue 10 point 5): while an import logs in to a private Dovecot with client-credentials
 * tokens from a loopback {@link OAuthIssuer}, Dovecot is stopped and started again several times, and at every other
 * outage the token endpoint also answers 503 from before Dovecot goes down until after it is back (the importer's
 * token, held about 2 s, has lapsed by then, so it must ask for a new one and be refused a few times). Every failed
 * APPEND is redelivered with backoff; at the end every copy is present exactly once, nothing was quarantined, and
 * neither the client secret nor any token issued appears in the importer's output.
 */
class OAuthOutageIT {

    private static final int MESSAGES = 3_000;
    private static final int OUTAGES = 4;
    private static final String CONNECTOR = "oauth-outage-test";
    private static final String ACCOUNT = "archive@example.com";
    private static final String CUSTODIAN = "oauth.outage.alice@example.com";
    private static final String FOLDER = "OAuth Outage";

    @TempDir
    Path tmp;

    private OAuthIssuer issuer;
    private DovecotServer dovecot;

    @AfterEach
    void stop() {
        if (dovecot != null) {
            dovecot.stop();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void an_xoauth2_import_survives_imap_and_token_endpoint_outages_without_losing_doubling_or_leaking() throws Exception {
        issuer = new OAuthIssuer("conduit-archiver", "client-secret-" + UUID.randomUUID(), ACCOUNT)
                .lifetime(3600, null);
        dovecot = issuer.dovecot(Path.of("target", "dovecot-oauth-outage-" + UUID.randomUUID().toString().substring(0, 8)));
        dovecot.start();
        dovecot.addUser(ACCOUNT, "reader-" + UUID.randomUUID()); // only for reading the copies back (master user)
        Path export = Exports.generate(tmp.resolve("WhatsApp Chat - OAuth Outage Desk.txt"), MESSAGES, List.of("Alice", "Bob"));
        Path mapping = tmp.resolve("mapping.csv");
        Files.writeString(mapping, "Alice," + CUSTODIAN + "\n");
        Path secret = issuer.writeSecret(tmp.resolve("client-secret"));
        Path state = tmp.resolve("state");
        Path log = tmp.resolve("importer.log");
        List<String> args = new ArrayList<>(List.of(export.toString(),
                "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD));
        args.addAll(issuer.cliOptions(secret));
        args.addAll(List.of("--mapping", mapping.toString(), "--catch-all", "oauth.outage.catchall@example.com",
                "--connector", CONNECTOR, "--state", state.toString(), "--folder", FOLDER));
        List<String> command = ImporterProcess.command(
                List.of("-Xmx256m", "-Dconduit.redelivery.maximum=12", "-Dconduit.redelivery.delay-ms=100"), args);
        Path progress = state.resolve("connector-log/" + CONNECTOR + ".jsonl");

        Process importer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int outages = 0;
        int tokenOutages = 0;
        try {
            for (int i = 0; i < OUTAGES; i++) {
                long target = (long) (i + 1) * MESSAGES / (OUTAGES + 1);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                        .until(() -> ImporterProcess.lines(progress) >= target || !importer.isAlive());
                if (!importer.isAlive()) {
                    break;
                }
                // held still while the server goes down: a batched import moves thousands of items a second, and
                // would otherwise finish before the outage begins
                ImporterProcess.suspend(importer);
                boolean tokenOutage = i % 2 == 1;
                long retriesBefore = retryLines(log);
                if (tokenOutage) {
                    issuer.unavailable(true);
                    issuer.revokeAll(); // the held token is refused at the next login: a new one is asked, and refused
                }
                dovecot.stop();
                ImporterProcess.resume(importer);
                await().atMost(Duration.ofMinutes(1)).until(() -> retryLines(log) > retriesBefore || !importer.isAlive());
                dovecot.start();
                if (tokenOutage) {
                    // Dovecot is back, the token endpoint is not: the importer is refused a token at least twice more
                    int refusedBefore = issuer.unavailableAnswers();
                    await().atMost(Duration.ofMinutes(1))
                            .until(() -> issuer.unavailableAnswers() >= refusedBefore + 2 || !importer.isAlive());
                    issuer.unavailable(false);
                    tokenOutages++;
                }
                outages++;
            }
        } finally {
            if (importer.isAlive()) {
                ImporterProcess.resume(importer);
            }
            issuer.unavailable(false);
            if (!dovecot.isRunning()) {
                dovecot.start();
            }
        }
        assertThat(importer.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log);
        assertThat(importer.exitValue()).as(output).isZero();
        System.out.printf("oauth outage test: %d outages (%d with the token endpoint down, %d answers 503), "
                        + "%d redelivery attempts logged, tokens issued %d, introspections %d; %s%n", outages, tokenOutages,
                issuer.unavailableAnswers(), retryLines(log), issuer.issued(), issuer.introspected(),
                output.lines().filter(l -> l.startsWith("{")).findFirst().orElse("?"));
        assertThat(outages).isEqualTo(OUTAGES);
        assertThat(tokenOutages).isEqualTo(OUTAGES / 2);
        assertThat(output).contains("\"quarantined\":0");

        Set<String> expected = ImporterProcess.expectedMessageIds(export, CONNECTOR);
        ImporterProcess.assertExactlyOnce("oauth outage test", dovecot.messageIds(ACCOUNT, CUSTODIAN + "/" + FOLDER), expected);

        // no secret in the output: not the client secret, not one of the tokens issued
        // a token outage ends with a new token (two outages may share one when the second comes before the held
        // token is refused again)
        assertThat(issuer.tokens()).as("a new token after a token outage").hasSizeGreaterThanOrEqualTo(2);
        assertThat(output).doesNotContain(issuer.clientSecret());
        for (String token : issuer.tokens()) {
            assertThat(output).doesNotContain(token);
        }
        assertThat(output).doesNotContain("tok-");
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

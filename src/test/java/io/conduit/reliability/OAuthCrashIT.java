package io.conduit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.cli.ConduitCommand;
import io.conduit.test.DovecotServer;
import io.conduit.test.Exports;
import io.conduit.test.ImporterProcess;
import io.conduit.test.OAuthIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Exactly once across crashes with SASL XOAUTH2 (issue 10 point 5): the importer runs as its own JVM into a private
 * Dovecot whose {@code oauth2} passdb asks a loopback {@link OAuthIssuer}, logs in to one archive account with
 * client-credentials tokens, and is killed with SIGKILL at random points at least six times. Tokens are short-lived
 * (the client holds each for about 3 s, the issuer accepts it for 2 s, so a cached token can be refused as expired),
 * every third token is revoked after its first login, and before every other restart the next token is handed out
 * revoked: each refused login is renewed once. At the end every copy is in its folder exactly once (by
 * {@code Message-ID}), the last run's summary balances, {@code verify} with the same OAuth options is clean, and
 * Dovecot asked the issuer about a token per login (per session), far fewer times than there are copies.
 */
class OAuthCrashIT {

    private static final int MESSAGES = 4_000;
    private static final int KILLS = 6;
    private static final String CONNECTOR = "oauth-crash-test";
    private static final String ACCOUNT = "archive@example.com";
    private static final List<String> CUSTODIANS = List.of("oauth.alice@example.com", "oauth.bob@example.com");
    private static final String FOLDER = "OAuth Crash";

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
    void every_copy_lands_exactly_once_over_xoauth2_however_often_the_importer_is_killed() throws Exception {
        issuer = new OAuthIssuer("conduit-archiver", "client-secret-" + UUID.randomUUID(), ACCOUNT)
                .lifetime(303, Duration.ofSeconds(2)) // Conduit renews 300 s before expiry: it holds a token ~3 s
                .revokeAfterFirstLogin(3);
        dovecot = issuer.dovecot(Path.of("target", "dovecot-oauth-crash-" + UUID.randomUUID().toString().substring(0, 8)));
        dovecot.start();
        dovecot.addUser(ACCOUNT, "reader-" + UUID.randomUUID()); // only for reading the copies back (master user)
        Path export = Exports.generate(tmp.resolve("WhatsApp Chat - OAuth Crash Desk.txt"), MESSAGES,
                List.of("Alice", "Bob", "Carol"));
        Path mapping = tmp.resolve("mapping.csv");
        Files.writeString(mapping, "Alice," + CUSTODIANS.get(0) + "\nBob," + CUSTODIANS.get(1) + "\n");
        Path secret = issuer.writeSecret(tmp.resolve("client-secret"));
        Path state = tmp.resolve("state");
        List<String> store = new ArrayList<>(List.of("--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD));
        store.addAll(issuer.cliOptions(secret));
        List<String> args = new ArrayList<>(List.of(export.toString()));
        args.addAll(store);
        args.addAll(List.of("--mapping", mapping.toString(), "--catch-all", "oauth.catchall@example.com",
                "--connector", CONNECTOR, "--state", state.toString(), "--folder", FOLDER));
        List<String> command = ImporterProcess.command(List.of("-Xmx256m"), args);

        Random random = new Random();
        Path progress = state.resolve("connector-log/" + CONNECTOR + ".jsonl"); // one line per stored item
        int kills = 0;
        int revokedAtIssue = 0;
        List<Path> logs = new ArrayList<>();
        while (kills < KILLS) {
            if (kills % 2 == 1) {
                issuer.revokeNext(1); // this run's first token is refused by Dovecot and renewed
                revokedAtIssue++;
            }
            long target = ImporterProcess.lines(progress) + 150 + random.nextInt(450);
            Path log = tmp.resolve("run-" + kills + ".log");
            logs.add(log);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ImporterProcess.lines(progress) >= target || !p.isAlive());
            if (!p.isAlive()) {
                break; // finished before this kill point
            }
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills++;
        }
        Path finalLog = tmp.resolve("run-final.log");
        logs.add(finalLog);
        Process last = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(finalLog.toFile()).start();
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(finalLog);
        assertThat(last.exitValue()).as(output).isZero();
        String summaryLine = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("?");
        System.out.printf("oauth crash test: %d SIGKILLs survived; tokens issued %d, introspections %d, refused %d; "
                + "final run: %s%n", kills, issuer.issued(), issuer.introspected(), issuer.refused(), summaryLine);
        assertThat(kills).as("kills during the import").isGreaterThanOrEqualTo(KILLS);

        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(summaryLine, Map.class);
        int items = ((Number) summary.get("items")).intValue();
        assertThat(items).as("the last run reads what the killed runs left unread").isPositive().isLessThanOrEqualTo(MESSAGES);
        assertThat(summary.get("quarantined")).isEqualTo(0);
        assertThat(((Number) summary.get("archived")).intValue() + ((Number) summary.get("duplicates")).intValue())
                .as("the final run's summary balances").isEqualTo(items);
        assertThat(summary.get("copies")).as("two custodians a message").isEqualTo(2 * ((Number) summary.get("archived")).intValue());

        Set<String> expected = ImporterProcess.expectedMessageIds(export, CONNECTOR);
        assertThat(expected).hasSize(MESSAGES);
        for (String custodian : CUSTODIANS) {
            ImporterProcess.assertExactlyOnce("oauth crash test, " + custodian,
                    dovecot.messageIds(ACCOUNT, custodian + "/" + FOLDER), expected);
        }

        // logins: one per session, never per item; each refused token was renewed once and the login went on
        assertThat(issuer.refused()).as("revoked tokens refused by Dovecot").isGreaterThanOrEqualTo(revokedAtIssue);
        assertThat(issuer.issued()).as("a fresh token for each refused one").isGreaterThan(kills + revokedAtIssue);
        assertThat(issuer.introspected()).as("XOAUTH2 logins (introspections) against %d copies", 2 * MESSAGES)
                .isLessThan(2 * MESSAGES / 20);
        for (Path log : logs) {
            String text = Files.readString(log);
            assertThat(text).as(log.getFileName().toString()).doesNotContain(issuer.clientSecret()).doesNotContain("tok-");
        }

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> verify = new ArrayList<>(List.of("verify"));
        verify.addAll(store);
        verify.addAll(List.of("--state", state.toString(), "--report", tmp.resolve("verify").toString()));
        int introspectedBefore = issuer.introspected();
        int exit = cli.execute(verify.toArray(String[]::new));
        String[] lines = out.toString().strip().split("\n");
        System.out.printf("oauth crash test verify: %s (%d XOAUTH2 logins)%n", lines[lines.length - 1],
                issuer.introspected() - introspectedBefore);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).doesNotContain("double-entry").doesNotContain("removed").doesNotContain("edited")
                .doesNotContain(issuer.clientSecret()).doesNotContain("tok-");
        assertThat(lines[lines.length - 1]).contains("\"intact\":true").contains("\"checked\":" + 2 * MESSAGES)
                .contains("\"missing\":0").contains("\"altered\":0").contains("\"unknown\":0");
        assertThat(issuer.introspected() - introspectedBefore).as("verify logs in per session too").isLessThan(50);
    }
}

package io.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.cli.ConduitCommand;
import io.conduit.mime.ConduitHeaders;
import io.conduit.test.DovecotServer;
import io.conduit.test.OAuthIssuer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * IMAP with SASL XOAUTH2 against a real Dovecot: its {@code oauth2} passdb asks a loopback introspection endpoint
 * (Dovecot 2.3, {@code introspection_mode = post}) whether each token is active and whose it is, as docker-mailserver
 * tests it; a small RFC 6749 issuer ({@link OAuthIssuer}) hands out client-credentials tokens. Conduit's generic
 * provider gets one token per run (cached), logs in to the archive account with it, renews a token the server refused
 * once, and archives the demo exactly once.
 */
class ImapOAuthIT {

    static final String ACCOUNT = "archive@example.com";
    static final String CLIENT = "conduit-archiver";
    static final String SECRET = "client-secret-" + UUID.randomUUID();

    @TempDir
    static Path tmp;

    static DovecotServer dovecot;
    static OAuthIssuer issuer;

    @BeforeAll
    static void start() throws Exception {
        issuer = new OAuthIssuer(CLIENT, SECRET, ACCOUNT);
        dovecot = issuer.dovecot(Path.of("target", "dovecot-oauth-" + UUID.randomUUID().toString().substring(0, 8)));
        dovecot.start();
        // a password too, only so that this test reads the account back through the master user
        dovecot.addUser(ACCOUNT, "reader-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        if (dovecot != null) {
            dovecot.stop();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private static Map<String, Object> importDemo(Path state, int expectedExit) throws Exception {
        Path secretFile = Files.writeString(tmp.resolve("client-secret"), SECRET + "\n");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> args = new ArrayList<>(List.of("import", "whatsapp", "demo/whatsapp",
                "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-user", ACCOUNT, "--oauth", "generic",
                "--oauth-token-url", issuer.tokenUrl(),
                "--oauth-client-id", CLIENT, "--oauth-client-secret-file", secretFile.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--state", state.toString(), "--catch-all", "compliance@example.com",
                "--mapping", "demo/mapping.csv", "--default-region", "GB", "--owner", "+44 7700 900001",
                "--zone", "Europe/London"));
        int exit = cli.execute(args.toArray(String[]::new));
        assertThat(exit).as(out.toString()).isEqualTo(expectedExit);
        assertThat(out.toString()).doesNotContain(SECRET).doesNotContain("tok-");
        String[] lines = out.toString().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(lines[lines.length - 1], Map.class);
        return summary;
    }

    @Test
    void a_generic_oauth_login_archives_the_demo_once_renews_a_refused_token_and_a_rerun_adds_nothing() throws Exception {
        Path state = tmp.resolve("state");
        issuer.revokeNext(1); // the first token is refused by Dovecot: Conduit asks for a new one and logs in with it

        Map<String, Object> first = importDemo(state, 0);

        assertThat(first.get("archived")).isEqualTo(first.get("items"));
        assertThat(issuer.issued()).as("one refused token, then one token for the whole run").isEqualTo(2);
        assertThat(issuer.introspected()).as("Dovecot checked the tokens").isGreaterThanOrEqualTo(2);
        // plain login into one archive account: each custodian's copies in <custodian>/<folder> there
        List<MimeMessage> daniel = dovecot.messages(ACCOUNT, "daniel.reed@example.com/WhatsApp Archiver");
        assertThat(daniel).hasSize(((Number) first.get("items")).intValue());
        assertThat(daniel).allSatisfy(m -> {
            assertThat(m.getHeader(ConduitHeaders.CONTENT_CLASS, null)).startsWith("urn:content-class:custom.WhatsApp.");
            assertThat(m.getHeader(ConduitHeaders.MESSAGE_CLASS, null)).startsWith("IPM.NOTE.WhatsApp.");
        });

        Map<String, Object> again = importDemo(state, 0);

        assertThat(again.get("duplicates")).isEqualTo(first.get("items"));
        assertThat(again.get("copies")).isEqualTo(0);
    }

    @Test
    void a_client_the_issuer_refuses_fails_before_any_item_is_read_naming_the_provider_not_the_secret() throws Exception {
        Path secretFile = Files.writeString(tmp.resolve("wrong-secret"), "not-the-secret\n");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute("import", "whatsapp", "demo/whatsapp",
                "--to", "imaps://" + dovecot.host() + ":" + dovecot.imapsPort(),
                "--imap-user", ACCOUNT, "--oauth", "generic",
                "--oauth-token-url", issuer.tokenUrl(),
                "--oauth-client-id", CLIENT, "--oauth-client-secret-file", secretFile.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--state", tmp.resolve("state-refused").toString(), "--catch-all", "compliance@example.com");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("cannot take copies, nothing was read").contains("generic (token URL")
                .contains("invalid_client").doesNotContain("not-the-secret");
    }
}

package io.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conduit.cli.ConduitCommand;
import io.conduit.mime.ConduitHeaders;
import io.conduit.test.DovecotServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * IMAP with SASL XOAUTH2 against a real Dovecot: its {@code oauth2} passdb asks a loopback introspection endpoint
 * (Dovecot 2.3, {@code introspection_mode = post}) whether each token is active and whose it is, as docker-mailserver
 * tests it; a small RFC 6749 issuer in this test hands out client-credentials tokens. Conduit's generic provider gets
 * one token per run (cached), logs in to the archive account with it, renews a token the server refused once, and
 * archives the demo exactly once.
 */
class ImapOAuthIT {

    static final String ACCOUNT = "archive@example.com";
    static final String CLIENT = "conduit-archiver";
    static final String SECRET = "client-secret-" + UUID.randomUUID();

    @TempDir
    static Path tmp;

    static DovecotServer dovecot;
    static HttpServer issuer;
    static final Set<String> active = ConcurrentHashMap.newKeySet();
    static final AtomicInteger issued = new AtomicInteger();
    static final AtomicInteger introspected = new AtomicInteger();
    /** Tokens to hand out already revoked (the next n), to show a refused token is renewed once. */
    static final AtomicInteger revokeNext = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer.createContext("/token", ImapOAuthIT::token);
        issuer.createContext("/introspect", ImapOAuthIT::introspect);
        issuer.start();
        int port = issuer.getAddress().getPort();
        Path dir = Path.of("target", "dovecot-oauth-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir);
        Path oauthConf = dir.resolve("dovecot-oauth2.conf.ext");
        Files.writeString(oauthConf, """
                introspection_url = http://127.0.0.1:%d/introspect
                introspection_mode = post
                username_attribute = email
                active_attribute = active
                active_value = true
                """.formatted(port));
        dovecot = new DovecotServer(dir, "archiver", "master-" + UUID.randomUUID(), """
                auth_mechanisms = plain login xoauth2 oauthbearer
                passdb {
                  driver = oauth2
                  mechanisms = xoauth2 oauthbearer
                  args = %s
                }
                """.formatted(oauthConf));
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
            issuer.stop(0);
        }
    }

    private static void token(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!expected.equals(auth) || !body.contains("grant_type=client_credentials")) {
            answer(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String token = "tok-" + UUID.randomUUID();
        issued.incrementAndGet();
        if (revokeNext.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            active.add(token);
        }
        answer(ex, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private static void introspect(HttpExchange ex) throws IOException {
        introspected.incrementAndGet();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = null;
        for (String pair : body.split("&")) {
            if (pair.startsWith("token=")) {
                token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        boolean ok = token != null && active.contains(token);
        answer(ex, 200, ok ? "{\"active\":true,\"email\":\"" + ACCOUNT + "\"}" : "{\"active\":false}");
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
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
                "--oauth-token-url", "http://127.0.0.1:" + issuer.getAddress().getPort() + "/token",
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
        revokeNext.set(1); // the first token is refused by Dovecot: Conduit asks for a new one and logs in with it

        Map<String, Object> first = importDemo(state, 0);

        assertThat(first.get("archived")).isEqualTo(first.get("items"));
        assertThat(issued.get()).as("one refused token, then one token for the whole run").isEqualTo(2);
        assertThat(introspected.get()).as("Dovecot checked the tokens").isGreaterThanOrEqualTo(2);
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
                "--oauth-token-url", "http://127.0.0.1:" + issuer.getAddress().getPort() + "/token",
                "--oauth-client-id", CLIENT, "--oauth-client-secret-file", secretFile.toString(),
                "--truststore", dovecot.trustStore().toString(), "--truststore-password", DovecotServer.TRUST_STORE_PASSWORD,
                "--state", tmp.resolve("state-refused").toString(), "--catch-all", "compliance@example.com");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("cannot take copies, nothing was read").contains("generic (token URL")
                .contains("invalid_client").doesNotContain("not-the-secret");
    }
}

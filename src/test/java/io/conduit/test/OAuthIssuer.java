package io.conduit.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback OAuth 2.0 issuer for the XOAUTH2 tests: an RFC 6749 client-credentials token endpoint ({@code /token},
 * HTTP Basic client authentication, section 4.4) and the introspection endpoint Dovecot's {@code oauth2} passdb asks
 * with {@code introspection_mode = post} ({@code /introspect}, RFC 7662 shape: {@code active} and the account's
 * {@code email}), plus {@link #dovecot} for a private Dovecot whose passdb uses it, as docker-mailserver tests it.
 *
 * <p>Faults on demand: tokens handed out already revoked ({@link #revokeNext}), every n-th token revoked right after
 * its first login ({@link #revokeAfterFirstLogin}), tokens that the issuer treats as expired sooner than the
 * {@code expires_in} it advertises ({@link #lifetime}), and a token endpoint that answers 503 ({@link #unavailable}).
 * It counts tokens issued, introspections and refusals, and keeps every token it issued (to assert none is logged).
 * Thread-safe.
 */
public final class OAuthIssuer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String clientId;
    private final String clientSecret;
    private final String account;
    private final HttpServer server;
    /** Active tokens and when the issuer stops accepting each (nanoTime), Long.MAX_VALUE for never. */
    private final Map<String, Long> active = new ConcurrentHashMap<>();
    private final Map<String, Boolean> revokeOnFirstLogin = new ConcurrentHashMap<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger introspected = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger unavailableAnswers = new AtomicInteger();
    private final AtomicInteger revokeNext = new AtomicInteger();
    private volatile int revokeEvery;
    private volatile long expiresIn = 3600;
    private volatile Duration validFor;
    private volatile boolean unavailable;

    /**
     * Starts the issuer on a free loopback port.
     *
     * @param clientId     the only client it knows
     * @param clientSecret that client's secret
     * @param account      the account every token stands for (the {@code email} introspection answers)
     */
    public OAuthIssuer(String clientId, String clientSecret, String account) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.account = account;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", this::token);
        server.createContext("/introspect", this::introspect);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The token endpoint, e.g. {@code http://127.0.0.1:41234/token}. */
    public String tokenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The introspection endpoint Dovecot asks. */
    public String introspectionUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/introspect";
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /**
     * Token lifetimes: {@code expires_in} as advertised in seconds, and how long the issuer really accepts a token
     * ({@code null}: until revoked). A real validity below the advertised one plays a token the server holds expired
     * while the client still thinks it good.
     *
     * @return this issuer
     */
    public OAuthIssuer lifetime(long advertisedSeconds, Duration realValidity) {
        this.expiresIn = advertisedSeconds;
        this.validFor = realValidity;
        return this;
    }

    /** The next {@code n} tokens are handed out already revoked. */
    public OAuthIssuer revokeNext(int n) {
        revokeNext.set(n);
        return this;
    }

    /** Every {@code n}-th token issued (0: none) is revoked right after its first successful login. */
    public OAuthIssuer revokeAfterFirstLogin(int n) {
        revokeEvery = n;
        return this;
    }

    /** Revokes every token issued so far: the next login with any of them is refused. */
    public void revokeAll() {
        active.clear();
    }

    /** While true the token endpoint answers {@code 503 temporarily_unavailable}; introspection keeps working. */
    public void unavailable(boolean down) {
        unavailable = down;
    }

    /** Tokens issued so far. */
    public int issued() {
        return issued.get();
    }

    /** Introspection requests Dovecot made (one per XOAUTH2 login, the passdb caches nothing here). */
    public int introspected() {
        return introspected.get();
    }

    /** Introspections answered {@code active: false} (revoked, expired or unknown token). */
    public int refused() {
        return refused.get();
    }

    /** Token requests answered 503. */
    public int unavailableAnswers() {
        return unavailableAnswers.get();
    }

    /** Every token issued so far, secrets all (for asserting that none appears in a log). */
    public List<String> tokens() {
        return new ArrayList<>(tokens);
    }

    /** Writes the client secret to {@code file} (with a newline, as an admin would) and returns the file. */
    public Path writeSecret(Path file) throws IOException {
        return Files.writeString(file, clientSecret + "\n");
    }

    /** The import/verify options of a generic XOAUTH2 login to the account, the client secret in {@code secretFile}. */
    public List<String> cliOptions(Path secretFile) {
        return List.of("--imap-user", account, "--oauth", "generic", "--oauth-token-url", tokenUrl(),
                "--oauth-client-id", clientId, "--oauth-client-secret-file", secretFile.toString());
    }

    /**
     * A stopped private Dovecot under {@code dir} whose {@code oauth2} passdb (XOAUTH2 and OAUTHBEARER) asks this
     * issuer; its passwd-file passdb and master user stay for the tests to read mailboxes back. The account itself
     * needs {@link DovecotServer#addUser} with some password for that.
     */
    public DovecotServer dovecot(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path oauthConf = dir.toAbsolutePath().resolve("dovecot-oauth2.conf.ext");
        Files.writeString(oauthConf, """
                introspection_url = %s
                introspection_mode = post
                username_attribute = email
                active_attribute = active
                active_value = true
                """.formatted(introspectionUrl()));
        return new DovecotServer(dir, "archiver", "master-" + UUID.randomUUID(), """
                auth_mechanisms = plain login xoauth2 oauthbearer
                passdb {
                  driver = oauth2
                  mechanisms = xoauth2 oauthbearer
                  args = %s
                }
                """.formatted(oauthConf));
    }

    private void token(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (unavailable) {
            unavailableAnswers.incrementAndGet();
            answer(ex, 503, Map.of("error", "temporarily_unavailable"));
            return;
        }
        if (!expected.equals(auth) || !body.contains("grant_type=client_credentials")) {
            answer(ex, 401, Map.of("error", "invalid_client"));
            return;
        }
        String token = "tok-" + UUID.randomUUID();
        int n = issued.incrementAndGet();
        tokens.add(token);
        if (revokeNext.getAndUpdate(r -> Math.max(0, r - 1)) == 0) {
            Duration valid = validFor;
            active.put(token, valid == null ? Long.MAX_VALUE : System.nanoTime() + valid.toNanos());
            int every = revokeEvery;
            if (every > 0 && n % every == 0) {
                revokeOnFirstLogin.put(token, true);
            }
        }
        answer(ex, 200, Map.of("access_token", token, "token_type", "Bearer", "expires_in", expiresIn));
    }

    private void introspect(HttpExchange ex) throws IOException {
        introspected.incrementAndGet();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = null;
        for (String pair : body.split("&")) {
            if (pair.startsWith("token=")) {
                token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        Long until = token == null ? null : active.get(token);
        boolean ok = until != null && System.nanoTime() - until < 0;
        if (ok && revokeOnFirstLogin.remove(token) != null) {
            active.remove(token); // good for this login, refused at the next
        }
        if (!ok) {
            refused.incrementAndGet();
        }
        answer(ex, 200, ok ? Map.of("active", true, "email", account) : Map.of("active", false));
    }

    private static void answer(HttpExchange ex, int status, Map<String, ?> json) throws IOException {
        byte[] b = JSON.writeValueAsBytes(json);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
    }
}

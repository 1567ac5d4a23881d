package io.conduit.store.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conduit.store.StoredCopy;
import io.conduit.store.oauth.TokenProvider;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GraphStore against a loopback stand-in of the Graph calls it makes (message create, mailFolders, childFolders,
 * $filter lookup), playing 429 with Retry-After, 503, a token expiry (401) and checking the 4-requests-per-mailbox
 * limit. Calls as described in Microsoft Graph v1.0 "Create message" and "Create mailFolder" reference pages.
 */
class GraphStoreIT {

    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;
    private final Map<String, JsonNode> messages = new ConcurrentHashMap<>();
    private final Map<String, String> folders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger unavailableNext = new AtomicInteger();
    private final AtomicInteger expireNext = new AtomicInteger();
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> problems = new ArrayList<>();
    private final TestTokens tokens = new TestTokens();

    static final class TestTokens implements TokenProvider {
        final AtomicInteger issued = new AtomicInteger(1);
        final AtomicInteger invalidated = new AtomicInteger();

        @Override
        public String accessToken(String mailbox) {
            return "token-" + issued.get();
        }

        @Override
        public void invalidate(String mailbox) {
            invalidated.incrementAndGet();
            issued.incrementAndGet();
        }

        @Override
        public String describe() {
            return "test tokens";
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/v1.0/users/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String mailbox = URLDecoder.decode(path.split("/")[3], StandardCharsets.UTF_8);
        AtomicInteger n = inFlight.computeIfAbsent(mailbox, k -> new AtomicInteger());
        int now = n.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        current.set(n);
        try {
            if (now > 4) {
                reply(ex, 429, "{\"error\":{\"code\":\"ApplicationThrottled\"}}", "1");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (expireNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0 || auth == null || auth.equals("Bearer token-1") && tokens.issued.get() > 1) {
                reply(ex, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}", null);
                return;
            }
            if (throttleNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                reply(ex, 429, "{\"error\":{\"code\":\"ApplicationThrottled\"}}", "0");
                return;
            }
            if (dropNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                ex.close(); // no answer at all: the connection drops
                return;
            }
            if (unavailableNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                reply(ex, 503, "{\"error\":{\"code\":\"ServiceUnavailable\"}}", "0");
                return;
            }
            route(ex, mailbox, path);
        } finally {
            if (current.get() != null) {
                current.get().decrementAndGet();
                current.remove();
            }
        }
    }

    private void route(HttpExchange ex, String mailbox, String path) throws IOException {
        String method = ex.getRequestMethod();
        String query = ex.getRequestURI().getQuery();
        String rest = path.substring(path.indexOf('/', "/v1.0/users/".length()));
        byte[] body = ex.getRequestBody().readAllBytes();
        if (method.equals("GET") && rest.equals("/mailFolders/inbox")) {
            reply(ex, 200, "{\"id\":\"inbox-" + mailbox + "\"}", null);
        } else if (method.equals("GET") && (rest.equals("/mailFolders") || rest.endsWith("/childFolders"))) {
            String name = query.replaceAll(".*displayName eq '(.*)'.*", "$1");
            String id = folders.get(mailbox + "|" + rest + "|" + name);
            reply(ex, 200, id == null ? "{\"value\":[]}" : "{\"value\":[{\"id\":\"" + id + "\"}]}", null);
        } else if (method.equals("POST") && (rest.equals("/mailFolders") || rest.endsWith("/childFolders"))) {
            String name = json.readTree(body).path("displayName").asText();
            String id = "folder-" + ids.incrementAndGet();
            folders.put(mailbox + "|" + rest + "|" + name, id);
            reply(ex, 201, "{\"id\":\"" + id + "\",\"displayName\":\"" + name + "\"}", null);
        } else if (method.equals("POST") && rest.matches("/mailFolders/[^/]+/messages")) {
            JsonNode m = json.readTree(body);
            checkMessage(m);
            String id = "msg-" + ids.incrementAndGet();
            messages.put(id, ((com.fasterxml.jackson.databind.node.ObjectNode) m.deepCopy())
                    .put("parentFolderId", rest.split("/")[2]).put("mailbox", mailbox));
            reply(ex, 201, "{\"id\":\"" + id + "\"}", null);
        } else if (method.equals("GET") && rest.matches("/mailFolders/[^/]+/messages")) {
            String folder = rest.split("/")[2];
            String wanted = query.replaceAll(".*internetMessageId eq '(.*)'.*", "$1");
            String hit = messages.entrySet().stream()
                    .filter(e -> e.getValue().path("parentFolderId").asText().equals(folder)
                            && e.getValue().path("internetMessageId").asText().equals(wanted))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            reply(ex, 200, hit == null ? "{\"value\":[]}" : "{\"value\":[{\"id\":\"" + hit + "\"}]}", null);
        } else {
            reply(ex, 400, "{\"error\":{\"code\":\"BadRequest\"}}", null);
        }
    }

    /** The message fields GraphStore writes, with the types the Graph v1.0 message resource gives them. */
    private void checkMessage(JsonNode m) {
        synchronized (problems) {
            if (!m.path("subject").isTextual()) problems.add("subject");
            if (!m.path("body").path("content").isTextual()
                    || !m.path("body").path("contentType").asText().matches("text|html")) problems.add("body");
            if (!m.path("toRecipients").isArray()) problems.add("toRecipients");
            if (!m.path("from").path("emailAddress").path("address").isTextual()) problems.add("from");
            for (JsonNode p : m.path("singleValueExtendedProperties")) {
                if (!p.path("id").isTextual() || !p.path("value").isTextual()) problems.add("extended property");
            }
            for (JsonNode h : m.path("internetMessageHeaders")) {
                if (!h.path("name").asText().regionMatches(true, 0, "x-", 0, 2)) problems.add("header " + h);
            }
            if (m.path("internetMessageHeaders").size() > GraphStore.MAX_INTERNET_HEADERS) problems.add("headers");
        }
    }

    /** The request counter of the mailbox being answered: decremented before the answer leaves. */
    private final ThreadLocal<AtomicInteger> current = new ThreadLocal<>();

    private void reply(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        AtomicInteger n = current.get();
        if (n != null) {
            n.decrementAndGet();
            current.remove();
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private GraphStore store() {
        return new GraphStore(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0"), tokens, 2000);
    }

    private static MimeMessage message(int i) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<item-" + i + "@conduit.test>");
            }
        };
        m.setFrom(new InternetAddress("bob@example.com", "Bob"));
        m.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress("alice@example.com"));
        m.setSubject("[WhatsApp] Alice, Bob — 2026-11-20");
        m.setSentDate(new java.util.Date(1_763_600_000_000L + i));
        m.setText("hello " + i, "UTF-8");
        m.setHeader("X-Conduit-Message-Class", "IPM.NOTE.WhatsApp.Message");
        for (String h : List.of("Source", "Connector", "Conversation-Id", "Conversation-Type", "Item-Id", "Source-SHA256")) {
            m.setHeader("X-Conduit-" + h, "v-" + h);
        }
        m.saveChanges();
        return m;
    }

    @Test
    void creates_copy_with_exact_message_class_in_folder_created_on_demand() throws Exception {
        GraphStore store = store();
        StoredCopy copy = store.append("alice@example.com", "Inbox/WhatsApp Archiver", message(1));
        JsonNode m = messages.get(copy.correlationId());
        assertEquals("alice@example.com", m.path("mailbox").asText());
        assertEquals("IPM.NOTE.WhatsApp.Message", m.path("singleValueExtendedProperties").get(0).path("value").asText());
        assertEquals("1", m.path("singleValueExtendedProperties").get(1).path("value").asText());
        assertEquals("2025-11-20T00:53:20Z", m.path("singleValueExtendedProperties").get(2).path("value").asText());
        assertEquals(5, m.path("internetMessageHeaders").size());
        assertTrue(m.path("body").path("content").asText().contains("X-Conduit-Source-SHA256: v-Source-SHA256"));
        store.append("alice@example.com", "Inbox/WhatsApp Archiver", message(2));
        assertEquals(1, folders.size(), "folder created once, id cached");
        assertEquals(List.of(), problems);
    }

    @Test
    void redelivered_copy_is_found_not_doubled() throws Exception {
        GraphStore store = store();
        StoredCopy first = store.append("alice@example.com", "WhatsApp Archiver", message(7));
        StoredCopy again = store.appendIfAbsent("alice@example.com", "WhatsApp Archiver", message(7));
        assertEquals(first.correlationId(), again.correlationId());
        assertEquals(1, messages.size());
    }

    @Test
    void retries_after_429_503_dropped_connection_and_expired_token() throws Exception {
        GraphStore store = store();
        throttleNext.set(2);
        unavailableNext.set(1);
        expireNext.set(1);
        dropNext.set(1);
        store.append("alice@example.com", "WhatsApp Archiver", message(1));
        assertEquals(1, messages.size());
        assertEquals(1, tokens.invalidated.get());
        assertEquals(List.of(0, 0, 0, 0), List.of(throttleNext.get(), unavailableNext.get(), expireNext.get(), dropNext.get()),
                "every fault was played");
    }

    @Test
    void at_most_four_requests_per_mailbox_over_three_mailboxes() throws Exception {
        GraphStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<String> boxes = List.of("a@example.com", "b@example.com", "c@example.com");
        int perBox = 300;
        long start = System.nanoTime();
        List<Future<StoredCopy>> futures = new ArrayList<>();
        for (int i = 0; i < perBox * boxes.size(); i++) {
            int k = i;
            futures.add(pool.submit(() -> store.append(boxes.get(k % 3), "WhatsApp Archiver", message(k))));
        }
        for (Future<StoredCopy> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("graph stand-in: %d items into 3 mailboxes in %.2f s = %.0f items/s (max %d in flight per mailbox)%n",
                futures.size(), seconds, futures.size() / seconds, maxInFlight.get());
        assertEquals(perBox * boxes.size(), messages.size());
        assertTrue(maxInFlight.get() <= 4, "in flight per mailbox " + maxInFlight.get());
    }

    @Test
    void import_into_graph_archives_the_demo_with_the_exact_class_and_a_rerun_is_all_duplicates(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        server.createContext("/token", ex -> reply(ex, 200,
                "{\"access_token\":\"token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}", null));
        java.nio.file.Path secret = java.nio.file.Files.writeString(tmp.resolve("secret"), "client-secret\n");
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String[] args = {"import", "whatsapp", "demo/whatsapp", "--to", "graph+" + base + "/v1.0",
                "--oauth", "generic", "--oauth-token-url", base + "/token", "--oauth-client-id", "conduit",
                "--oauth-client-secret-file", secret.toString(), "--state", tmp.resolve("state").toString(),
                "--catch-all", "compliance@example.com", "--mapping", "demo/mapping.csv", "--default-region", "GB",
                "--owner", "+44 7700 900001", "--zone", "Europe/London"};

        Map<String, Object> first = importRun(args);
        Map<String, Object> again = importRun(args);

        assertThat(first.get("archived")).isEqualTo(first.get("items"));
        assertThat(messages).hasSize(((Number) first.get("copies")).intValue());
        assertThat(messages.values()).allSatisfy(m -> assertThat(m.toString())
                .contains("\"String 0x001A\"").contains("IPM.NOTE.WhatsApp."));
        assertThat(again.get("duplicates")).isEqualTo(first.get("items"));
        assertThat(again.get("copies")).isEqualTo(0);
    }

    private static Map<String, Object> importRun(String... args) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new io.conduit.cli.ConduitCommand());
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(out));
        int exit = cli.execute(args);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).doesNotContain("client-secret");
        String[] lines = out.toString().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new com.fasterxml.jackson.databind.ObjectMapper().readValue(lines[lines.length - 1], Map.class);
        return summary;
    }
}

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
import io.conduit.test.GraphStandIn;
import io.conduit.store.oauth.TokenProvider;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GraphStore against {@link GraphStandIn}, the loopback stand-in of the Graph calls it makes (message create, mailFolders, childFolders,
 * $filter lookup), playing 429 with Retry-After, 503, a token expiry (401) and checking the 4-requests-per-mailbox
 * limit. Calls as described in Microsoft Graph v1.0 "Create message" and "Create mailFolder" reference pages.
 */
class GraphStoreIT {

    private GraphStandIn standIn;
    private Map<String, com.fasterxml.jackson.databind.node.ObjectNode> messages;
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
        standIn = GraphStandIn.start();
        messages = standIn.messages();
    }

    @AfterEach
    void stop() {
        assertEquals(List.of(), standIn.schemaErrors(), "every request body matched the published schema");
        standIn.close();
    }

    private GraphStore store() {
        return new GraphStore(URI.create(standIn.graphBase()), tokens, 2000);
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
        assertEquals(1, standIn.folders().size(), "folder created once, id cached");
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
        standIn.throttleNext.set(2);
        standIn.unavailableNext.set(1);
        standIn.expireNext.set(1);
        standIn.dropNext.set(1);
        store.append("alice@example.com", "WhatsApp Archiver", message(1));
        assertEquals(1, messages.size());
        assertEquals(1, tokens.invalidated.get());
        assertEquals(List.of(0, 0, 0, 0), List.of(standIn.throttleNext.get(), standIn.unavailableNext.get(), standIn.expireNext.get(), standIn.dropNext.get()),
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
                futures.size(), seconds, futures.size() / seconds, standIn.maxInFlight());
        assertEquals(perBox * boxes.size(), messages.size());
        assertTrue(standIn.maxInFlight() <= 4, "in flight per mailbox " + standIn.maxInFlight());
    }

    @Test
    void import_into_graph_archives_the_demo_with_the_exact_class_and_a_rerun_is_all_duplicates(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path secret = java.nio.file.Files.writeString(tmp.resolve("secret"), "client-secret\n");
        String base = standIn.base();
        String[] args = {"import", "whatsapp", "demo/whatsapp", "--to", "graph+" + base + "/v1.0",
                "--oauth", "generic", "--oauth-token-url", base + "/token", "--oauth-client-id", "conduit",
                "--oauth-client-secret-file", secret.toString(), "--state", tmp.resolve("state").toString(),
                "--catch-all", "compliance@example.com", "--mapping", "demo/mapping.csv", "--default-region", "GB",
                "--owner", "+44 7700 900001", "--zone", "Europe/London"};

        Map<String, Object> first = importRun(args);
        Map<String, Object> again = importRun(args);

        assertThat(first.get("archived")).isEqualTo(first.get("items"));
        // the copies, and the evidence manifests (IPM.NOTE.Conduit.Manifest) in the catch-all mailbox
        java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> copies = messages.values().stream()
                .filter(m -> !m.toString().contains("IPM.NOTE.Conduit.Manifest")).toList();
        assertThat(copies).hasSize(((Number) first.get("copies")).intValue());
        assertThat(messages.size() - copies.size()).as("evidence manifests").isPositive();
        assertThat(copies).allSatisfy(m -> assertThat(m.toString())
                .contains("\"String 0x001A\"").contains("IPM.NOTE.WhatsApp."));
        assertThat(again.get("duplicates")).isEqualTo(first.get("items"));
        assertThat(again.get("copies")).isEqualTo(0);
    }

    @Test
    void an_item_the_mailbox_refuses_as_too_big_is_archived_without_its_largest_file(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        standIn.maxRequestBytes = 200_000; // a mailbox's maximum receive size: 413 ErrorMessageSizeExceeded
        java.nio.file.Path export = tmp.resolve("WhatsApp Chat - Big Photo.zip");
        byte[] photo = new byte[300_000];
        new java.util.Random(7).nextBytes(photo);
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(export))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("_chat.txt"));
            zip.write(("[01/02/2026, 10:00:00] Alice: the signed sheet\n"
                    + "[01/02/2026, 10:00:05] Alice: \u200e<attached: 00000001-PHOTO-2026-02-01-10-00-05.jpg>\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("00000001-PHOTO-2026-02-01-10-00-05.jpg"));
            zip.write(photo);
        }
        java.nio.file.Path mapping = java.nio.file.Files.writeString(tmp.resolve("mapping.csv"), "Alice,alice@example.com\n");
        java.nio.file.Path secret = java.nio.file.Files.writeString(tmp.resolve("secret"), "client-secret\n");
        String base = standIn.base();
        Map<String, Object> run = importRun("import", "whatsapp", export.toString(), "--to", "graph+" + base + "/v1.0",
                "--oauth", "generic", "--oauth-token-url", base + "/token", "--oauth-client-id", "conduit",
                "--oauth-client-secret-file", secret.toString(), "--state", tmp.resolve("state").toString(),
                "--catch-all", "compliance@example.com", "--mapping", mapping.toString(), "--owner", "Alice");

        assertThat(run).containsEntry("items", 2).containsEntry("archived", 2).containsEntry("partial", 1)
                .containsEntry("quarantined", 0);
        assertThat(standIn.messageIds("alice@example.com", "WhatsApp Archiver")).hasSize(2);
        assertThat(messages.values().stream().map(Object::toString)
                .filter(m -> m.contains("Attachment omitted: 00000001-PHOTO-2026-02-01-10-00-05.jpg"))).hasSize(1);
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

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.conduit.store.graph.GraphStore;
import io.conduit.store.oauth.TokenProvider;
import io.conduit.test.GraphStandIn;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Items/s from GraphStore into the loopback Graph stand-in (schema check on, 4 requests in flight per mailbox at
 * most) over 3 mailboxes; ITEMS copies in total (default 3000), from THREADS callers (default 24). Not a real tenant:
 * the figure measures the store's own cost and the 4-per-mailbox limit on loopback, not Exchange Online.
 *
 *   mvn -B -ntp -o test-compile && mvn -B -ntp -o package -DskipTests   (once: target/conduit.jar, target/test-classes)
 *   java -cp target/conduit.jar:target/test-classes bench/GraphBench.java [ITEMS] [THREADS]
 */
public class GraphBench {
    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        List<String> boxes = List.of("a@example.com", "b@example.com", "c@example.com");
        TokenProvider tokens = new TokenProvider() {
            @Override
            public String accessToken(String mailbox) {
                return "token-1";
            }

            @Override
            public void invalidate(String mailbox) {
            }

            @Override
            public String describe() {
                return "bench tokens";
            }
        };
        try (GraphStandIn graph = GraphStandIn.start(); GraphStore store = new GraphStore(URI.create(graph.graphBase()), tokens, 2000)) {
            for (String box : boxes) {
                store.append(box, "WhatsApp Archiver", message(-1)); // folders created, connections warm
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                int k = i;
                futures.add(pool.submit(() -> store.append(boxes.get(k % 3), "WhatsApp Archiver", message(k))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("graph stand-in: %d items into 3 mailboxes in %.2f s = %.0f items/s; %d threads, max %d in flight per mailbox, %d schema errors%n",
                    items, seconds, items / seconds, threads, graph.maxInFlight(), graph.schemaErrors().size());
        }
    }

    private static MimeMessage message(int i) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<bench-" + i + "@conduit.test>");
            }
        };
        m.setFrom(new InternetAddress("bob@example.com", "Bob"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.com"));
        m.setSubject("[WhatsApp] Alice, Bob - 2026-11-20");
        m.setSentDate(new java.util.Date(1_763_600_000_000L + i * 1000L));
        m.setText("message " + i + " about the 2031 gilts", "UTF-8");
        m.setHeader("X-Conduit-Message-Class", "IPM.NOTE.WhatsApp.Message");
        for (String h : List.of("Source", "Connector", "Conversation-Id", "Item-Id", "Source-SHA256")) {
            m.setHeader("X-Conduit-" + h, "v-" + h);
        }
        m.saveChanges();
        return m;
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load for the WhatsApp Business webhook benchmark (bench/webhook-throughput.sh): posts DELIVERIES signed deliveries
 * (X-Hub-Signature-256, HMAC-SHA256 of the body with the app secret, as Meta signs them) from CONCURRENCY clients,
 * each a copy of a text-message payload with its own wamid, retrying any delivery not answered 2xx as Meta does; then
 * waits until as many message files are in the Maildir. Prints accepted/s and archived/s.
 *
 *   java bench/WebhookLoad.java URL SECRET TEMPLATE.json DELIVERIES CONCURRENCY MAILDIR
 */
public class WebhookLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(args[1].getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String template = Files.readString(Path.of(args[2]));
        int deliveries = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        Path maildir = Path.of(args[5]);
        String wamid = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA1";
        if (!template.contains(wamid)) {
            throw new IllegalArgumentException("the template has no wamid " + wamid);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            clients.submit(() -> {
                Mac m = (Mac) mac.clone();
                for (int i = next.getAndIncrement(); i < deliveries; i = next.getAndIncrement()) {
                    byte[] body = template.replace(wamid, "wamid.BENCH" + i)
                            .replace("Does it come in another color?", "bench message " + i).getBytes(StandardCharsets.UTF_8);
                    String signature = "sha256=" + HexFormat.of().formatHex(m.doFinal(body));
                    while (true) {
                        try {
                            int status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                    .header("X-Hub-Signature-256", signature).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status / 100 == 2) {
                                break;
                            }
                        } catch (java.io.IOException e) {
                            // refused or reset: retried, as Meta retries
                        }
                        retries.incrementAndGet();
                        Thread.sleep(50);
                    }
                }
                return null;
            });
        }
        clients.shutdown();
        clients.awaitTermination(1, TimeUnit.HOURS);
        double accepted = (System.nanoTime() - t0) / 1e9;
        long files;
        while ((files = count(maildir)) < deliveries) {
            Thread.sleep(100);
        }
        double archived = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d deliveries, %d clients: accepted in %.1f s (%.0f/s, %d retries); archived in %.1f s (%.0f/s)%n",
                deliveries, concurrency, accepted, deliveries / accepted, retries.get(), archived, files / archived);
    }

    private static long count(Path root) throws java.io.IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        java.util.List<Path> folders;
        try (Stream<Path> s = Files.walk(root)) {
            folders = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals("new")
                    && !p.toString().contains("Conduit Evidence")).toList();
        }
        long n = 0;
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                n += files.count();
            }
        }
        return n;
    }
}

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import io.conduit.state.idempotency.EmbeddedStateDatabase;
import io.conduit.state.idempotency.JdbcIdempotentRepository;

/**
 * Idempotency keys off the heap: loads KEYS keys (SHA-256 hex, like the idempotent consumer's) into the embedded state
 * database of WORKDIR and, at each step, prints the heap used after a GC, the database size, and the cost of a
 * lookup (present and absent keys, random) and of a single durable add, as the count grows.
 *
 *   java -Xmx256m -cp target/conduit.jar bench/StateKeysBench.java [KEYS] [WORKDIR]     defaults: 10000000 bench/target/keys
 */
public class StateKeysBench {
    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path work = Path.of(args.length > 1 ? args[1] : "bench/target/keys");
        Files.createDirectories(work);
        EmbeddedStateDatabase db = EmbeddedStateDatabase.open(work);
        JdbcIdempotentRepository keys = JdbcIdempotentRepository.embeddedArchivedItems(db);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf("%12s %10s %12s %14s %14s %12s %10s%n", "keys", "load k/s", "heap MB", "hit us", "miss us",
                "add us", "db MB");
        long loaded = 0;
        long step = Math.min(total, 1_000_000L);
        long next = Math.min(total, 10_000L);
        SplittableRandom random = new SplittableRandom(42);
        while (loaded < total) {
            long start = System.nanoTime();
            long from = loaded;
            while (loaded < next) {
                List<String> batch = new ArrayList<>(100_000);
                for (int i = 0; i < 100_000 && loaded < next; i++) {
                    batch.add(key(loaded++));
                }
                keys.addAll(batch);
            }
            double loadRate = (loaded - from) / ((System.nanoTime() - start) / 1e9) / 1000;
            System.gc();
            double heap = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
            int probes = 20_000;
            long t = System.nanoTime();
            for (int i = 0; i < probes; i++) {
                if (!keys.contains(key(random.nextLong(loaded)))) {
                    throw new IllegalStateException("a loaded key is missing");
                }
            }
            double hit = (System.nanoTime() - t) / 1e3 / probes;
            t = System.nanoTime();
            for (int i = 0; i < probes; i++) {
                if (keys.contains(key(total + random.nextLong(1L << 40)))) {
                    throw new IllegalStateException("an absent key is found");
                }
            }
            double miss = (System.nanoTime() - t) / 1e3 / probes;
            int adds = 200;
            t = System.nanoTime();
            for (int i = 0; i < adds; i++) {
                keys.add(key(-1 - loaded - i));
            }
            double add = (System.nanoTime() - t) / 1e3 / adds;
            long dbBytes = Files.size(work.resolve(EmbeddedStateDatabase.FILE));
            System.out.printf("%,12d %10.0f %12.1f %14.1f %14.1f %12.1f %10.0f%n", loaded, loadRate, heap, hit, miss, add,
                    dbBytes / 1048576.0);
            next = next < step ? Math.min(total, next * 10) : Math.min(total, next + step * (next >= 5 * step ? 5 : 1));
        }
        System.out.printf("peak heap (committed max over pools): %.1f MB, -Xmx %d MB%n",
                ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576);
        db.stop();
    }

    private static String key(long i) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(sha.digest(Long.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
}

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import io.conduit.model.ArchiveItem;
import io.conduit.source.SourceSettings;
import io.conduit.source.csv.DelimitedTextReader;
import io.conduit.source.csv.DelimitedTextRecords;
import io.conduit.state.ArchivedItemRepository;

/**
 * Two figures behind bench/csv-1m-rows.sh, without the store: the delimited text reader alone over a file (rows/s),
 * and the heap that the idempotency repository holds once it has loaded as many keys as the file has rows.
 *
 *   java -Xmx256m -cp target/conduit.jar bench/CsvReaderBench.java FILE WORKDIR
 */
public class CsvReaderBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path work = Path.of(args[1]);
        SourceSettings settings = new SourceSettings("csv-import", ZoneId.of("UTC"), null, "GB", Map.of());
        long items = 0, rejected = 0;
        long start = System.nanoTime();
        Path keys = work.resolve("keys.txt");
        try (DelimitedTextRecords records = DelimitedTextReader.open(file, settings);
             var out = Files.newBufferedWriter(keys)) {
            while (records.hasNext()) {
                if (records.next() instanceof ArchiveItem item) {
                    items++;
                    out.write(item.idempotencyKey());
                    out.newLine();
                } else {
                    rejected++;
                }
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("reader only: %d items, %d rejected in %.1f s: %.0f rows/s, heap used now %d MB%n",
                items, rejected, s, (items + rejected) / s, used() >> 20);
        long before = used();
        ArchivedItemRepository repo = new ArchivedItemRepository(keys.toFile());
        repo.start();
        long after = used();
        System.out.printf("idempotency repository with %d keys: %d MB of heap (%d bytes a key), file %d MB%n",
                items, (after - before) >> 20, items == 0 ? 0 : (after - before) / items, Files.size(keys) >> 20);
        repo.stop();
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20) << 20;
    }
}

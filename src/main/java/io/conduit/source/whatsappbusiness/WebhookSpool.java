package io.conduit.source.whatsappbusiness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The durable spool of one webhook connector: each accepted delivery's raw body is one file
 * {@code <epoch ms>-<random>.json}, written under a {@code .tmp} name, forced to disk and renamed atomically (the
 * Signal spool's rule) before the webhook answers 200, and deleted once archived.
 */
public final class WebhookSpool {

    private static final String SUFFIX = ".json";
    private final Path dir;

    /** @param dir the connector's spool folder, created when absent */
    public WebhookSpool(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** The spool folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Writes one delivery and forces it (and the folder entry) to disk.
     *
     * @param body the raw, signature-checked request body
     * @return the spool file
     * @throws IOException when it cannot be written; the webhook then answers 500 so that Meta redelivers
     */
    public Path write(byte[] body) throws IOException {
        String base = String.format("%013d-%s", Instant.now().toEpochMilli(), UUID.randomUUID());
        Path tmp = dir.resolve(base + SUFFIX + ".tmp");
        Path target = dir.resolve(base + SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(body);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a folder for sync; the file itself is on disk
        }
        return target;
    }

    /**
     * A {@code .tmp} older than this is left by a crash before its 200 (never acknowledged: Meta redelivers it); a
     * younger one may be a delivery being written right now.
     */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(1);

    /**
     * The spool files waiting to be archived, oldest first; a {@code .tmp} left by a crash before the 200 (older than
     * {@link #ABANDONED_AFTER}) is deleted, one being written by the listener at the same time is left alone.
     */
    public List<Path> pending() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(SUFFIX + ".tmp")) {
                    deleteIfAbandoned(p);
                } else if (n.endsWith(SUFFIX)) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    private static void deleteIfAbandoned(Path tmp) throws IOException {
        try {
            if (Files.getLastModifiedTime(tmp).toInstant().isBefore(Instant.now().minus(ABANDONED_AFTER))) {
                Files.deleteIfExists(tmp);
            }
        } catch (java.nio.file.NoSuchFileException moved) {
            // renamed into place while listed: the next listing finds it
        }
    }

    /** Number of deliveries waiting (the spool depth metric). */
    public int depth() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).count();
        }
    }

    /**
     * When the oldest delivery still waiting was accepted (its file's modification time), or {@code null} when none
     * waits: the age of that delivery is how far media downloads and archiving lag behind Meta's deliveries.
     */
    public java.time.Instant oldestWaiting() throws IOException {
        java.time.Instant oldest = null;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().endsWith(SUFFIX)) {
                    try {
                        java.time.Instant t = Files.getLastModifiedTime(p).toInstant();
                        oldest = oldest == null || t.isBefore(oldest) ? t : oldest;
                    } catch (java.nio.file.NoSuchFileException archived) {
                        // archived and deleted while listed
                    }
                }
            }
        }
        return oldest;
    }
}

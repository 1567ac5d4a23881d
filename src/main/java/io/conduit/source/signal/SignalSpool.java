package io.conduit.source.signal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes the lines of one {@link SignalRpcClient#receive(String)} poll to a spool file that {@link SignalJsonReader}
 * reads, so that a poll is on disk before anything is archived.
 */
public final class SignalSpool {

    private SignalSpool() {
    }

    /**
     * Writes one poll's lines to {@code <dir>/<prefix>-<epoch ms>-<random>.jsonl}: first to a {@code .tmp} name,
     * forced to disk, then atomically renamed, so that a reader polling {@code *.jsonl} never sees a partial file.
     *
     * @param dir    the spool folder, created when absent
     * @param prefix file name prefix, e.g. the connector id; must be a plain file name
     * @param lines  JSON lines, one object each, without line breaks
     * @return the spool file, or empty when there were no lines (nothing is written)
     * @throws IOException when the folder or file cannot be written, or the prefix is not a plain file name
     */
    public static Optional<Path> write(Path dir, String prefix, List<String> lines) throws IOException {
        if (!SignalAttachments.isSafe(prefix)) {
            throw new IOException("spool prefix is not a plain file name: " + Escapes.of(prefix));
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Files.createDirectories(dir);
        String base = prefix + "-" + Instant.now().toEpochMilli() + "-" + UUID.randomUUID();
        Path tmp = dir.resolve(base + ".jsonl.tmp");
        Path target = dir.resolve(base + ".jsonl");
        try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            var out = java.nio.channels.Channels.newOutputStream(channel);
            for (String line : lines) {
                if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                    throw new IOException("a spool line contains a line break");
                }
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of(target);
    }
}

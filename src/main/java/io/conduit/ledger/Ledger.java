package io.conduit.ledger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.state.ConnectorRun;
import io.conduit.store.StoredCopy;

/**
 * The evidence ledger: one append-only, hash-chained JSON-lines file per connector under {@code <state>/ledger/},
 * {@code <connector>.jsonl}.
 *
 * <p>Every line is one entry, a JSON object with {@code v} (1), {@code seq} (1, 2, ... per connector), {@code time}
 * (ISO-8601 UTC), {@code connector}, {@code type} and {@code prev} (the previous entry's {@code hash}, 64 zeros for
 * the first), and {@code hash}: the lower-case hex SHA-256 of the entry's RFC 8785 canonical JSON without its
 * {@code hash} member. Types:
 * <ul>
 * <li>{@code copy}: {@code itemId}, {@code source} (file:line or record reference), {@code sourceSha256},
 * {@code messageId}, {@code mailbox}, {@code folder}, {@code correlationId} (APPENDUID URL or Maildir file), {@code size}
 * and {@code mimeSha256} ({@link MimeDigest}); one entry per copy;</li>
 * <li>{@code duplicate}: {@code itemId}, {@code source}; {@code quarantine}: {@code source}, {@code quarantineId},
 * {@code reason};</li>
 * <li>{@code seal}: at the end of each run, the run's counts ({@code items}, {@code archived}, {@code copies},
 * {@code duplicates}, {@code quarantined}, {@code balanced}), {@code input}, {@code since} (the {@code seq} of the
 * previous seal, 0 for none), {@code key} (SHA-256 of the public key's DER) and {@code sig}: the Ed25519 signature
 * (base64) of the canonical JSON without {@code hash} and {@code sig}; its {@code hash} covers {@code sig}.</li>
 * </ul>
 * A line cut short by a crash is cut off when the ledger is opened again: the item it was writing was not yet
 * committed, so it is redelivered, found in the store and recorded then. A copy already recorded (mailbox, folder and
 * Message-ID) is not recorded twice, so an item redelivered after a crash leaves one entry per copy.
 */
public final class Ledger implements AutoCloseable {

    /** The {@code prev} of a connector's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private final Path dir;
    private final LedgerKeys keys;
    private final Map<String, Chain> chains = new HashMap<>();
    private volatile java.util.function.ObjLongConsumer<String> afterSeal;

    /** Opens (and on first start creates, with its key pair) the ledger of a state folder. */
    public Ledger(Path stateDir) throws IOException {
        this.dir = stateDir.resolve("ledger");
        Files.createDirectories(dir);
        this.keys = LedgerKeys.loadOrCreate(dir);
    }

    /** The ledger folder of a state folder. */
    public static Path folder(Path stateDir) {
        return stateDir.resolve("ledger");
    }

    /** The ledger file of a connector. */
    public static Path file(Path ledgerDir, String connectorId) {
        return ledgerDir.resolve(safe(connectorId) + ".jsonl");
    }

    public LedgerKeys keys() {
        return keys;
    }

    /** Records the copies of one archived item, one entry per copy, written together. */
    public void copies(String connectorId, String source, String itemId, String sourceSha256, String messageId,
                       List<StoredCopy> copies) {
        Chain chain = chain(connectorId);
        synchronized (chain) {
            for (StoredCopy c : copies) {
                if (!chain.recorded.add(copyKey(c.mailbox(), c.folder(), messageId))) {
                    continue; // recorded before a crash, found again in the store on redelivery: no double entry
                }
                Map<String, Object> e = entry(chain, "copy");
                e.put("itemId", itemId);
                e.put("source", source);
                e.put("sourceSha256", sourceSha256);
                e.put("messageId", messageId);
                e.put("mailbox", c.mailbox());
                e.put("folder", c.folder());
                e.put("correlationId", c.correlationId());
                e.put("size", c.size());
                e.put("mimeSha256", c.mimeSha256());
                chain.append(e, null);
            }
            chain.flush();
        }
    }

    /** Records an item skipped as already archived. */
    public void duplicate(String connectorId, String source, String itemId) {
        Chain chain = chain(connectorId);
        synchronized (chain) {
            Map<String, Object> e = entry(chain, "duplicate");
            e.put("itemId", itemId);
            e.put("source", source);
            chain.append(e, null);
            chain.flush();
        }
    }

    /** Records a quarantined item, record or input. */
    public void quarantined(String connectorId, String source, String quarantineId, String reason) {
        Chain chain = chain(connectorId);
        synchronized (chain) {
            Map<String, Object> e = entry(chain, "quarantine");
            e.put("source", source);
            e.put("quarantineId", quarantineId);
            e.put("reason", reason);
            chain.append(e, null);
            chain.flush();
        }
    }

    /**
     * Called with the connector id and the seal's sequence number after each seal is on disk (for example
     * {@link EvidenceManifests#archive}); it runs on the thread that ended the run.
     */
    public void afterSeal(java.util.function.ObjLongConsumer<String> listener) {
        this.afterSeal = listener;
    }

    /** Ends a run with a signed seal entry; the file is forced to disk. */
    public void seal(ConnectorRun run) {
        Chain chain = chain(run.connectorId());
        long sealSeq;
        synchronized (chain) {
            Map<String, Object> e = entry(chain, "seal");
            e.put("input", run.input());
            e.put("items", run.items());
            e.put("archived", run.archived());
            e.put("copies", run.copies());
            e.put("duplicates", run.duplicates());
            e.put("quarantined", run.quarantined());
            e.put("balanced", run.balanced());
            e.put("since", chain.lastSeal);
            e.put("key", Canonical.sha256(keys.publicKey().getEncoded()));
            chain.append(e, keys);
            chain.lastSeal = chain.seq;
            chain.force();
            sealSeq = chain.seq;
        }
        java.util.function.ObjLongConsumer<String> listener = afterSeal;
        if (listener != null) {
            listener.accept(run.connectorId(), sealSeq);
        }
    }

    private Map<String, Object> entry(Chain chain, String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("v", 1);
        e.put("seq", chain.seq + 1);
        e.put("time", Instant.now().toString());
        e.put("connector", chain.connector);
        e.put("type", type);
        e.put("prev", chain.head);
        return e;
    }

    private Chain chain(String connectorId) {
        synchronized (chains) {
            return chains.computeIfAbsent(connectorId, id -> {
                try {
                    return new Chain(id, file(dir, id));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the ledger of connector " + id, e);
                }
            });
        }
    }

    @Override
    public void close() {
        synchronized (chains) {
            for (Chain c : chains.values()) {
                synchronized (c) {
                    c.close();
                }
            }
            chains.clear();
        }
    }

    /** What makes two copy entries the same copy: mailbox (case-insensitive), folder and Message-ID. */
    static String copyKey(Object mailbox, Object folder, Object messageId) {
        return String.valueOf(mailbox).toLowerCase(java.util.Locale.ROOT) + '\u0000' + folder + '\u0000' + messageId;
    }

    static String safe(String connectorId) {
        return connectorId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** One connector's file, its head and next sequence number. */
    private static final class Chain {
        final String connector;
        final Path file;
        long seq;
        long lastSeal;
        String head = GENESIS;
        final java.util.Set<String> recorded = new java.util.HashSet<>();
        FileChannel channel;
        BufferedWriter writer;

        Chain(String connector, Path file) throws IOException {
            this.connector = connector;
            this.file = file;
            long good = 0;
            if (Files.exists(file)) {
                long offset = 0;
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    // offsets in bytes: the lines are UTF-8, each ends with one \n
                    while ((line = in.readLine()) != null) {
                        offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
                        JsonNode n;
                        try {
                            n = Canonical.JSON.readTree(line);
                        } catch (IOException e) {
                            break; // a line cut short by a crash: cut off below
                        }
                        if (n == null || !n.hasNonNull("hash")) {
                            break;
                        }
                        seq = n.path("seq").asLong();
                        head = n.path("hash").asText();
                        if ("copy".equals(n.path("type").asText())) {
                            recorded.add(copyKey(n.path("mailbox").asText(), n.path("folder").asText(),
                                    n.path("messageId").asText()));
                        }
                        if ("seal".equals(n.path("type").asText())) {
                            lastSeal = seq;
                        }
                        good = Math.min(offset, Files.size(file));
                    }
                }
                if (good < Files.size(file)) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.truncate(good);
                    }
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            writer = new BufferedWriter(new java.io.OutputStreamWriter(java.nio.channels.Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8), 64 * 1024);
        }

        void append(Map<String, Object> entry, LedgerKeys signer) {
            if (signer != null) {
                entry.put("sig", signer.sign(Canonical.bytes(entry)));
            }
            String hash = Canonical.sha256(Canonical.bytes(entry));
            entry.put("hash", hash);
            try {
                writer.write(Canonical.utf8(Canonical.bytes(entry)));
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the ledger of connector " + connector, e);
            }
            seq++;
            head = hash;
        }

        void flush() {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the ledger of connector " + connector, e);
            }
        }

        void force() {
            flush();
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot force the ledger of connector " + connector, e);
            }
        }

        void close() {
            try {
                writer.close();
            } catch (IOException e) {
                // closing after a flush: nothing left to lose
            }
        }
    }
}

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
import java.util.ArrayList;
import java.util.HashMap;
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
    private final javax.sql.DataSource database;
    private final String node;
    private final Map<String, LedgerChain> chains = new HashMap<>();
    /** The copies the ledger files record, on disk (file ledger only; a cluster's table has its own index). */
    private final CopyIndex copies;
    private volatile SealListener afterSeal;

    /** Opens (and on first start creates, with its key pair) the ledger of a state folder. */
    public Ledger(Path stateDir) throws IOException {
        this(stateDir, stateDir.resolve("ledger"));
    }

    /**
     * Opens the ledger of a state folder with the key pair of {@code keyDir} (created there on first use); the public
     * key is also written into the ledger folder, where {@code verify} looks for it by default.
     */
    public Ledger(Path stateDir, Path keyDir) throws IOException {
        this.dir = stateDir.resolve("ledger");
        Files.createDirectories(dir);
        this.keys = LedgerKeys.loadOrCreate(keyDir);
        Path pem = dir.resolve(LedgerKeys.PUBLIC_FILE);
        if (!keyDir.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
            Files.writeString(pem, keys.publicKeyPem());
        }
        this.database = null;
        this.node = null;
        try {
            this.copies = new CopyIndex(dir);
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot open the ledger's copy index " + dir.resolve(CopyIndex.FILE) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Opens the ledger of a cluster: one chain per connector in the cluster's PostgreSQL database (table
     * {@value JdbcChain#TABLE}, created when missing), appended by whichever node runs the connector, each append under
     * a transaction-scoped advisory lock on the connector so that two nodes never fork a chain. Every node must seal
     * with the same key: give them the same {@code keyDir} (a mounted secret).
     *
     * @param keyDir folder of the key pair ({@code ed25519-private.der}, {@code ed25519-public.pem}), created on first use
     * @param node   this node's id, written with each entry's row
     * @throws IOException when the key pair cannot be read or created, or the table cannot be created
     */
    public Ledger(Path keyDir, javax.sql.DataSource database, String node) throws IOException {
        this.dir = keyDir;
        Files.createDirectories(dir);
        this.keys = LedgerKeys.loadOrCreate(dir);
        this.database = database;
        this.node = node;
        this.copies = null;
        try (java.sql.Connection c = database.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(JdbcChain.SCHEMA);
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot create the ledger table " + JdbcChain.TABLE + ": " + e.getMessage(), e);
        }
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
        LedgerChain chain = chain(connectorId);
        group(chain, () -> {
            for (StoredCopy c : copies) {
                String key = copyKey(c.mailbox(), c.folder(), messageId);
                if (chain.recorded(key)) {
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
                chain.append(e, null, key);
            }
        });
    }

    /**
     * Runs {@code entries} (this thread's {@link #copies}, {@link #duplicate} and {@link #quarantined} calls for the
     * connector) as one group: one transaction of the chain, written out (file, then copy index; or the database's
     * rows) once at its end, not once per item. A batch's items are recorded so (issue 14's group commit). Entries of
     * other threads wait for the group.
     *
     * @throws RuntimeException what {@code entries} or the commit threw. In a database the group's transaction is rolled
     *                          back; in a file, entries appended before the failure stay in the chain (written at the
     *                          next commit), and a copy recorded again is not given a second entry, while a duplicate
     *                          or quarantine entry would be: groups hold copy entries only
     */
    public void group(String connectorId, Runnable entries) {
        group(chain(connectorId), entries);
    }

    /** One transaction of the chain around {@code entries}, or the group of this thread already open on it. */
    private static void group(LedgerChain chain, Runnable entries) {
        synchronized (chain) {
            if (chain.grouped) {
                entries.run(); // already in a group of this thread
                return;
            }
            chain.begin();
            chain.grouped = true;
            try {
                entries.run();
            } catch (RuntimeException | Error e) {
                chain.abort();
                throw e;
            } finally {
                chain.grouped = false;
            }
            chain.commit(false);
        }
    }

    /** Records an item skipped as already archived. */
    public void duplicate(String connectorId, String source, String itemId) {
        LedgerChain chain = chain(connectorId);
        group(chain, () -> {
            Map<String, Object> e = entry(chain, "duplicate");
            e.put("itemId", itemId);
            e.put("source", source);
            chain.append(e, null, null);
        });
    }

    /** Records a quarantined item, record or input. */
    public void quarantined(String connectorId, String source, String quarantineId, String reason) {
        LedgerChain chain = chain(connectorId);
        group(chain, () -> {
            Map<String, Object> e = entry(chain, "quarantine");
            e.put("source", source);
            e.put("quarantineId", quarantineId);
            e.put("reason", reason);
            chain.append(e, null, null);
        });
    }

    /**
     * Called with the connector id and the seal's sequence number after each seal is on disk (for example
     * {@link EvidenceManifests#archive}); it runs on the thread that ended the run.
     */
    public void afterSeal(SealListener listener) {
        this.afterSeal = listener;
    }

    /** Ends a run with a signed seal entry; the file is forced to disk. */
    public void seal(ConnectorRun run) {
        LedgerChain chain = chain(run.connectorId());
        long sealSeq;
        long since;
        synchronized (chain) {
            chain.begin();
            since = chain.lastSeal;
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
            chain.append(e, keys, null);
            chain.lastSeal = chain.seq;
            chain.commit(true);
            sealSeq = chain.seq;
        }
        SealListener listener = afterSeal;
        if (listener != null) {
            listener.sealed(run.connectorId(), since, sealSeq);
        }
    }

    private Map<String, Object> entry(LedgerChain chain, String type) {
        // members in RFC 8785's order from the start: Canonical.bytes writes a TreeMap as it is, without a copy
        Map<String, Object> e = new java.util.TreeMap<>();
        e.put("v", 1);
        e.put("seq", chain.seq + 1);
        e.put("time", Instant.now().toString());
        e.put("connector", chain.connector);
        e.put("type", type);
        e.put("prev", chain.head);
        return e;
    }

    private LedgerChain chain(String connectorId) {
        synchronized (chains) {
            return chains.computeIfAbsent(connectorId, id -> {
                try {
                    return database != null ? new JdbcChain(id, database, node) : new FileChain(id, file(dir, id), copies);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the ledger of connector " + id, e);
                }
            });
        }
    }

    /**
     * Passes a connector's ledger lines with sequence numbers in {@code (after, through]}, in order, exactly as
     * written (for the evidence manifests).
     *
     * @throws IOException when the ledger cannot be read
     */
    public void lines(String connectorId, long after, long through, java.util.function.Consumer<String> line)
            throws IOException {
        if (database != null) {
            JdbcChain.lines(database, connectorId, after, through, line);
            return;
        }
        LedgerChain chain = chain(connectorId);
        synchronized (chain) {
            chain.commit(false);
        }
        try (BufferedReader in = Files.newBufferedReader(file(dir, connectorId), StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                JsonNode n;
                try {
                    n = Canonical.JSON.readTree(text);
                } catch (IOException e) {
                    break; // a line cut short: cut off when the ledger is next opened
                }
                long seq = n.path("seq").asLong();
                if (seq > through) {
                    break;
                }
                if (seq > after) {
                    line.accept(text);
                }
            }
        }
    }

    /**
     * Writes the cluster's ledger as a ledger folder, {@code <connector>.jsonl} per connector in sequence order, with
     * the public key, so that {@code verify} reads it as it reads a state folder's ledger.
     *
     * @throws IOException when the database or the folder cannot be read or written
     */
    public static void export(javax.sql.DataSource database, PublicKeySource keys, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String connector : JdbcChain.connectors(database)) {
            try (BufferedWriter out = Files.newBufferedWriter(file(dir, connector), StandardCharsets.UTF_8)) {
                JdbcChain.lines(database, connector, 0, Long.MAX_VALUE, text -> {
                    try {
                        out.write(text);
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        keys.write(dir.resolve(LedgerKeys.PUBLIC_FILE));
    }

    /** Told of each seal once it is on disk. */
    @FunctionalInterface
    public interface SealListener {
        /**
         * @param since   the sequence number of the connector's previous seal (0 for none)
         * @param sealSeq the sequence number of this seal
         */
        void sealed(String connectorId, long since, long sealSeq);
    }

    /** Where {@link #export} takes the public key from. */
    public interface PublicKeySource {
        void write(Path pem) throws IOException;
    }

    @Override
    public void close() {
        List<LedgerChain> open;
        synchronized (chains) {
            open = new ArrayList<>(chains.values());
            chains.clear();
        }
        // each chain's lock taken without holding the map's: a group holds its chain's lock and looks chains up
        for (LedgerChain c : open) {
            synchronized (c) {
                c.close();
            }
        }
        if (copies != null) {
            copies.close();
        }
    }

    /** What makes two copy entries the same copy: mailbox (case-insensitive), folder and Message-ID. */
    static String copyKey(Object mailbox, Object folder, Object messageId) {
        return String.valueOf(mailbox).toLowerCase(java.util.Locale.ROOT) + '\u0000' + folder + '\u0000' + messageId;
    }

    static String safe(String connectorId) {
        return connectorId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** One connector's file. */
    private static final class FileChain extends LedgerChain {
        final Path file;
        final CopyIndex index;
        /** Copy entries written since the last commit, indexed at the commit (after the file is written out). */
        final List<CopyIndex.Row> unindexed = new ArrayList<>();
        final java.util.Set<String> unindexedKeys = new java.util.HashSet<>();
        FileChannel channel;
        BufferedWriter writer;

        FileChain(String connector, Path file, CopyIndex index) throws IOException {
            super(connector);
            this.file = file;
            this.index = index;
            long indexed;
            try {
                indexed = index.indexedThrough(connector);
            } catch (java.sql.SQLException e) {
                throw new IOException("cannot read the ledger's copy index: " + e.getMessage(), e);
            }
            List<CopyIndex.Row> missing = new ArrayList<>();
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
                        if ("copy".equals(n.path("type").asText()) && seq > indexed) {
                            // an entry the index lacks (a crash before its commit, or an earlier version's state)
                            missing.add(new CopyIndex.Row(Canonical.sha256(copyKey(n.path("mailbox").asText(),
                                    n.path("folder").asText(), n.path("messageId").asText())
                                    .getBytes(StandardCharsets.UTF_8)), seq));
                            if (missing.size() == 10_000) {
                                index(missing);
                            }
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
            index(missing);
            try {
                index.dropAfter(connector, seq); // rows of entries the file no longer holds
            } catch (java.sql.SQLException e) {
                throw new IOException("cannot write the ledger's copy index: " + e.getMessage(), e);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            writer = new BufferedWriter(new java.io.OutputStreamWriter(java.nio.channels.Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8), 64 * 1024);
        }

        @Override
        void begin() {
            // appends go to the buffered writer; commit writes them out
        }

        private void index(List<CopyIndex.Row> rows) throws IOException {
            try {
                index.addAll(connector, rows);
            } catch (java.sql.SQLException e) {
                throw new IOException("cannot write the ledger's copy index: " + e.getMessage(), e);
            }
            rows.clear();
        }

        @Override
        boolean recorded(String copyKey) {
            String key = Canonical.sha256(copyKey.getBytes(StandardCharsets.UTF_8));
            try {
                return unindexedKeys.contains(key) || index.contains(connector, key);
            } catch (java.sql.SQLException e) {
                throw new UncheckedIOException(new IOException("cannot read the ledger's copy index: " + e.getMessage(), e));
            }
        }

        @Override
        void write(String line, long seq, String type, String hash, String copyKey) {
            try {
                writer.write(line);
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the ledger of connector " + connector, e);
            }
            if (copyKey != null) {
                String key = Canonical.sha256(copyKey.getBytes(StandardCharsets.UTF_8));
                unindexed.add(new CopyIndex.Row(key, seq));
                unindexedKeys.add(key);
            }
        }

        @Override
        void commit(boolean force) {
            try {
                writer.flush();
                if (force) {
                    channel.force(false);
                }
                // the file first: an index row without its line would hide a copy the ledger never recorded
                index(unindexed);
                unindexedKeys.clear();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the ledger of connector " + connector, e);
            }
        }

        @Override
        void close() {
            try {
                writer.close();
            } catch (IOException e) {
                // closing after a flush: nothing left to lose
            }
        }
    }
}

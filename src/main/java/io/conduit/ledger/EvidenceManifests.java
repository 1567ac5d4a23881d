package io.conduit.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.mime.ConduitHeaders;
import io.conduit.mime.HeaderValues;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoreException;
import jakarta.activation.DataHandler;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive holds its own evidence: after each sealed run, the seal and the run's ledger entries are archived as an
 * item of class {@value #MESSAGE_CLASS} into an evidence mailbox (by default the catch-all mailbox), folder
 * {@value #DEFAULT_FOLDER}, so the archive's own retention and holds cover the proof, and an auditor can verify from
 * the mailbox alone ({@code conduit verify --from-manifests}).
 *
 * <p>A manifest email: {@code Message-ID <manifest.<seal hash>@conduit.invalid>} (stored once however often it is
 * retried), the seal as JSON in the text, and two attachments: {@code <connector>-ledger-<first>-<last>.jsonl.gz}, the
 * ledger lines from the entry after the previous manifest through the seal, exactly as written (gzip), and
 * {@code ed25519-public.pem}. A run of more than {@code conduit.ledger.manifest-part-entries} entries (default
 * {@value #PART_ENTRIES}) is archived as several manifest emails, "part i of n", each with its own {@code Message-ID}
 * {@code <manifest.<seal hash>.<first entry>@conduit.invalid>}, built in temporary files so that memory stays flat.
 * A manifest covers the entries after the run's previous seal; one that could not be
 * stored (the evidence mailbox's server was down) is not lost: {@code <ledger folder>/<connector>.manifest-pending}
 * keeps where it started, and the next run's manifest covers its entries too. Runs closer together than the minimum
 * interval (a webhook's spool, one run per delivery) share one manifest: a seal within the interval of the last
 * manifest is deferred the same way, and {@link #flush()} (when Conduit stops) archives whatever is deferred.
 */
public final class EvidenceManifests {

    /** The message class of a manifest item. */
    public static final String MESSAGE_CLASS = "IPM.NOTE.Conduit.Manifest";
    /** The default folder of manifests in the evidence mailbox. */
    public static final String DEFAULT_FOLDER = "Conduit Evidence";
    /** Header naming the ledger sequence numbers a manifest covers, {@code <first>-<last>}. */
    public static final String LEDGER_RANGE = "X-Conduit-Ledger-Range";

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceManifests.class);
    private static final String FROM = "conduit-evidence@conduit.invalid";

    private final Path ledgerDir;
    private final Ledger ledger;
    private final LedgerKeys keys;
    private final ArchiveStore store;
    private final String mailbox;
    private final String folder;
    private final Session session = Session.getInstance(new Properties());
    private final long minIntervalMillis;
    private final int partEntries;
    private final Map<String, Long> archivedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> lastSeal = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param ledgerDir folder for the pending-manifest markers ({@code <state>/ledger})
     * @param ledger    the ledger whose seals are archived (its public key is attached)
     * @param store     where manifests go
     * @param mailbox   the evidence mailbox, e.g. the catch-all mailbox
     * @param folder    its folder, e.g. {@value #DEFAULT_FOLDER}
     */
    public EvidenceManifests(Path ledgerDir, Ledger ledger, ArchiveStore store, String mailbox, String folder) {
        this(ledgerDir, ledger, store, mailbox, folder, 0);
    }

    /**
     * @param minIntervalMillis the least time between two manifests of one connector, milliseconds (0: one per run)
     */
    public EvidenceManifests(Path ledgerDir, Ledger ledger, ArchiveStore store, String mailbox, String folder,
                             long minIntervalMillis) {
        this(ledgerDir, ledger, store, mailbox, folder, minIntervalMillis, PART_ENTRIES);
    }

    /**
     * @param partEntries most ledger entries in one manifest email; a run with more gets several, each named
     *                    "part i of n" and each with its own {@code Message-ID}
     */
    public EvidenceManifests(Path ledgerDir, Ledger ledger, ArchiveStore store, String mailbox, String folder,
                             long minIntervalMillis, int partEntries) {
        this.partEntries = Math.max(1, partEntries);
        this.minIntervalMillis = minIntervalMillis;
        this.ledgerDir = ledgerDir;
        this.ledger = ledger;
        this.keys = ledger.keys();
        this.store = store;
        this.mailbox = mailbox;
        this.folder = folder;
    }

    /**
     * Archives the manifest of a connector's entries up to its seal {@code sealSeq}; logs (never throws) when the
     * store refuses, so that the next run's manifest covers these entries.
     */
    public void archive(String connectorId, long since, long sealSeq) {
        archive(connectorId, since, sealSeq, false);
    }

    /** Archives every deferred manifest now, up to each connector's last seal (called when Conduit stops). */
    public void flush() {
        lastSeal.forEach((connector, seq) -> {
            if (Files.exists(ledgerDir.resolve(Ledger.safe(connector) + ".manifest-pending"))) {
                archive(connector, seq - 1, seq, true); // the pending marker says where the manifest starts
            }
        });
    }

    private synchronized void archive(String connectorId, long since, long sealSeq, boolean now) {
        lastSeal.put(connectorId, sealSeq);
        Path pending = ledgerDir.resolve(Ledger.safe(connectorId) + ".manifest-pending");
        long after = since;
        boolean deferred = !now && minIntervalMillis > 0
                && System.currentTimeMillis() - archivedAt.getOrDefault(connectorId, 0L) < minIntervalMillis;
        try {
            if (Files.exists(pending)) {
                after = Math.min(after, Long.parseLong(Files.readString(pending).strip()));
            }
            if (deferred) {
                if (!Files.exists(pending)) {
                    Files.createDirectories(ledgerDir);
                    Files.writeString(pending, Long.toString(after));
                }
                return; // the next manifest (or flush) covers these entries; nothing read from the ledger
            }
            Manifest m = collect(connectorId, after, sealSeq);
            try {
                if (m.seal == null || !"seal".equals(m.seal.path("type").asText())) {
                    LOG.warn("Evidence manifest of connector {}: entry {} is not a seal", HeaderValues.clean(connectorId),
                            sealSeq);
                    return;
                }
                for (int i = 0; i < m.parts.size(); i++) {
                    store.appendIfAbsent(mailbox, folder, message(connectorId, m, i));
                }
            } finally {
                for (Chunk part : m.parts) {
                    Files.deleteIfExists(part.gzip);
                }
            }
            archivedAt.put(connectorId, System.currentTimeMillis());
            Files.deleteIfExists(pending);
            LOG.info("Evidence manifest of connector {} (ledger entries {}-{}{}) archived into {} / {}",
                    HeaderValues.clean(connectorId), m.parts.get(0).first, sealSeq,
                    m.parts.size() > 1 ? ", " + m.parts.size() + " parts" : "", mailbox, folder);
        } catch (IOException | MessagingException | StoreException | RuntimeException e) {
            LOG.warn("Evidence manifest of connector {} (up to ledger entry {}) not archived into {} / {}: {}; the next "
                    + "run's manifest covers these entries", HeaderValues.clean(connectorId), sealSeq, mailbox, folder,
                    HeaderValues.clean(e.getMessage()));
            if (!Files.exists(pending)) {
                try {
                    Files.createDirectories(ledgerDir);
                    Files.writeString(pending, Long.toString(after));
                } catch (IOException again) {
                    LOG.error("Evidence manifest of connector {}: cannot keep where the missing manifest starts: {}",
                            HeaderValues.clean(connectorId), again.getMessage());
                }
            }
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Canonical.JSON.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ledger entries in one manifest email at most, by default: a larger run's manifest is split into parts. */
    public static final int PART_ENTRIES = 100_000;

    /** One part's gzipped ledger lines (a temporary file) and the first and last entry numbers it holds. */
    private record Chunk(Path gzip, long first, long last) {
    }

    /** A run's manifest: its parts in order (the last ends with the seal) and the seal. */
    private record Manifest(List<Chunk> parts, JsonNode seal) {
    }

    /**
     * The lines in {@code (after, through]} in one read of the ledger, gzipped into temporary files of at most
     * {@code partEntries} lines each (memory stays flat at any run size); the last line is the seal.
     */
    private Manifest collect(String connectorId, long after, long through) throws IOException {
        List<Chunk> parts = new ArrayList<>();
        String[] last = {null};
        long[] partFirst = {-1};
        long[] count = {0};
        OutputStream[] gz = {null};
        Path[] file = {null};
        try {
            ledger.lines(connectorId, after, through, line -> {
                try {
                    if (gz[0] == null) {
                        file[0] = Files.createTempFile("conduit-manifest-", ".jsonl.gz");
                        gz[0] = new GZIPOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file[0])));
                        partFirst[0] = parse(line).path("seq").asLong();
                    }
                    last[0] = line;
                    gz[0].write(line.getBytes(StandardCharsets.UTF_8));
                    gz[0].write('\n');
                    if (++count[0] % partEntries == 0) {
                        gz[0].close();
                        gz[0] = null;
                        parts.add(new Chunk(file[0], partFirst[0], parse(line).path("seq").asLong()));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (gz[0] != null) {
                gz[0].close();
                gz[0] = null;
                parts.add(new Chunk(file[0], partFirst[0], through));
            }
        } catch (IOException | RuntimeException e) {
            if (gz[0] != null) {
                gz[0].close();
                Files.deleteIfExists(file[0]);
            }
            for (Chunk part : parts) {
                Files.deleteIfExists(part.gzip);
            }
            throw e;
        }
        JsonNode seal = last[0] == null ? null : parse(last[0]);
        return new Manifest(parts, seal != null && seal.path("seq").asLong() == through ? seal : null);
    }

    /**
     * Part {@code index} of the manifest as an email; {@code Message-ID <manifest.<seal hash>@conduit.invalid>} for a
     * manifest of one part, {@code <manifest.<seal hash>.<first entry>@conduit.invalid>} for each part of a larger one.
     */
    private MimeMessage message(String connectorId, Manifest manifest, int index) throws MessagingException, IOException {
        String connector = HeaderValues.clean(connectorId);
        String sealHash = manifest.seal.path("hash").asText();
        Chunk m = manifest.parts.get(index);
        int count = manifest.parts.size();
        String partOf = count == 1 ? "" : " (part " + (index + 1) + " of " + count + ")";
        MimeMessage msg = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<manifest." + sealHash + (count == 1 ? "" : "." + m.first)
                        + "@conduit.invalid>");
            }
        };
        msg.setFrom(new InternetAddress(FROM, "Conduit evidence", "UTF-8"));
        msg.setRecipients(jakarta.mail.Message.RecipientType.TO, new InternetAddress[] {new InternetAddress(mailbox)});
        msg.setSentDate(new Date());
        JsonNode seal = manifest.seal;
        msg.setSubject("[Conduit evidence] " + connector + ": ledger entries " + m.first + "-" + m.last + partOf + ", "
                + seal.path("items").asLong() + " items, " + seal.path("copies").asLong() + " copies, "
                + (seal.path("balanced").asBoolean() ? "balanced" : "NOT balanced"), "UTF-8");
        msg.setHeader(ConduitHeaders.MESSAGE_CLASS, MESSAGE_CLASS);
        msg.setHeader(ConduitHeaders.CONTENT_CLASS, "urn:content-class:custom.Conduit.Manifest");
        msg.setHeader(ConduitHeaders.CONNECTOR, HeaderValues.encode(ConduitHeaders.CONNECTOR, connector));
        msg.setHeader(LEDGER_RANGE, m.first + "-" + m.last);

        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Evidence manifest of Conduit connector " + connector + ".\n\n"
                + "The attached " + connector + "-ledger-" + m.first + "-" + m.last + ".jsonl.gz holds ledger entries "
                + m.first + " to " + m.last + " exactly as written (one JSON object a line, hash-chained, RFC 8785 "
                + "canonical JSON)" + (index == count - 1 ? "; the last is the run's seal" : "")
                + (count == 1 ? "" : "; this is part " + (index + 1) + " of the " + count + " manifest emails of the run "
                + "ending in entry " + seal.path("seq").asLong() + ", each part holding " + partEntries + " entries at most")
                + ". The seal is signed with the Ed25519 key attached as "
                + "ed25519-public.pem. Compare that key with the one published to you before trusting it.\n\n"
                + "To verify the archive from this mailbox alone:\n  conduit verify --from-manifests --evidence-mailbox "
                + mailbox + " --to <store> --public-key <your copy of the key>\n\nSeal:\n"
                + Canonical.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(seal) + "\n", "UTF-8");
        mixed.addBodyPart(text);
        MimeBodyPart entries = new MimeBodyPart();
        entries.setDataHandler(new DataHandler(new jakarta.activation.FileDataSource(m.gzip.toFile()) {
            @Override
            public String getContentType() {
                return "application/gzip";
            }
        }));
        entries.setFileName(Ledger.safe(connectorId) + "-ledger-" + m.first + "-" + m.last + ".jsonl.gz");
        entries.setDisposition(Part.ATTACHMENT);
        mixed.addBodyPart(entries);
        MimeBodyPart key = new MimeBodyPart();
        key.setDataHandler(new DataHandler(new ByteArrayDataSource(keys.publicKeyPem(), "application/x-pem-file")));
        key.setFileName(LedgerKeys.PUBLIC_FILE);
        key.setDisposition(Part.ATTACHMENT);
        mixed.addBodyPart(key);
        msg.setContent(mixed);
        msg.saveChanges();
        return msg;
    }

    /** Ledger lines and the public key read back from the manifests of an evidence mailbox. */
    public record Recovered(Map<String, TreeMap<Long, String>> lines, String publicKeyPem, int manifests) {
    }

    /**
     * Reads every manifest in the evidence mailbox's folder back: the ledger lines of each connector by sequence
     * number (a line covered by two manifests is kept once) and the attached public key (of the newest manifest).
     *
     * @throws StoreException when the mailbox cannot be read
     */
    public static Recovered read(ArchiveStore store, String mailbox, String folder) throws StoreException {
        Map<String, TreeMap<Long, String>> lines = new TreeMap<>();
        String[] pem = {null};
        int[] count = {0};
        store.readAll(mailbox, (name, message) -> {
            if (!name.equals(folder) || !MESSAGE_CLASS.equals(message.getHeader(ConduitHeaders.MESSAGE_CLASS, null))) {
                return;
            }
            count[0]++;
            Object content = message.getContent();
            if (!(content instanceof Multipart parts)) {
                return;
            }
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                String file = part.getFileName();
                if (file == null) {
                    continue;
                }
                if (file.equals(LedgerKeys.PUBLIC_FILE)) {
                    pem[0] = new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } else if (file.endsWith(".jsonl.gz")) {
                    readEntries(part.getInputStream(), lines);
                }
            }
        });
        return new Recovered(lines, pem[0], count[0]);
    }

    private static void readEntries(InputStream gz, Map<String, TreeMap<Long, String>> lines) throws IOException {
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(new GZIPInputStream(gz),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n = Canonical.JSON.readTree(line);
                lines.computeIfAbsent(n.path("connector").asText(), c -> new TreeMap<>())
                        .putIfAbsent(n.path("seq").asLong(), line);
            }
        }
    }

    /**
     * Writes recovered ledger lines as a ledger folder ({@code <connector>.jsonl} per connector, in sequence order),
     * so that the ledger and archive verifiers read them as they read a state folder's ledger.
     */
    public static void writeLedgers(Recovered recovered, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, TreeMap<Long, String>> e : recovered.lines().entrySet()) {
            List<String> ordered = new ArrayList<>(e.getValue().values());
            Files.write(Ledger.file(dir, e.getKey()), ordered, StandardCharsets.UTF_8);
        }
        if (recovered.publicKeyPem() != null) {
            Files.writeString(dir.resolve(LedgerKeys.PUBLIC_FILE), recovered.publicKeyPem());
        }
    }
}

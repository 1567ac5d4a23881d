package io.conduit.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.conduit.status.Html;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoreException;

/**
 * {@code conduit verify}: checks the ledgers of a state folder ({@link LedgerVerifier}), then reads every copy of the
 * ledgers' mailboxes back from the store, recomputes its MIME SHA-256 ({@link MimeDigest}) and reports per mailbox the
 * copies present and intact, missing, altered, and the messages in the ledger's folders that no ledger entry knows.
 *
 * <p>Copies are matched by folder and {@code Message-ID} (Conduit's Message-IDs are deterministic per item and version),
 * which holds for a Maildir file renamed by a mail reader and for an IMAP folder whose UIDVALIDITY changed.
 */
public final class ArchiveVerifier {

    /** What to verify: all {@code null} for everything. */
    public record Scope(String connector, Instant since, Instant until, String mailbox) {
        /** Whether a copy entry is in scope; one whose time cannot be read is checked (its ledger line is reported). */
        boolean covers(Map<String, Object> copy) {
            if (mailbox != null && !mailbox.equalsIgnoreCase(String.valueOf(copy.get("mailbox")))) {
                return false;
            }
            if (since == null && until == null) {
                return true;
            }
            Instant time;
            try {
                time = Instant.parse(String.valueOf(copy.get("time")));
            } catch (java.time.DateTimeException e) {
                return true;
            }
            return (since == null || !time.isBefore(since)) && (until == null || time.isBefore(until));
        }
    }

    /** One copy that is not as the ledger says, or one message the ledger does not know. */
    public record Problem(String kind, String mailbox, String folder, String messageId, String connector, long seq,
                          String correlationId, String detail) {
    }

    /** Counts of one mailbox. */
    public static final class MailboxCounts {
        public long checked;
        public long intact;
        public long missing;
        public long altered;
        public long unknown;
    }

    /**
     * The whole outcome, written as the JSON and HTML reports.
     *
     * @param problems           the problems listed, sorted by mailbox, kind and ledger entry: all of them up to
     *                           {@link #LISTED_PROBLEMS}, the first found beyond that (every one is in the problems
     *                           file, when one was given)
     * @param unlistedProblems   problems found beyond those listed
     * @param checkedByConnector copies checked (read back or found missing), by the connector whose ledger records them
     * @param problemsByConnector missing and altered copies, by the connector whose ledger records them
     */
    public record Report(Instant time, List<LedgerVerifier.Result> ledgers, Map<String, MailboxCounts> mailboxes,
                         List<Problem> problems, long unlistedProblems, Map<String, Long> checkedByConnector,
                         Map<String, Long> problemsByConnector) {
        public boolean intact() {
            return problems.isEmpty() && unlistedProblems == 0 && ledgers.stream().allMatch(LedgerVerifier.Result::intact);
        }

        public long checked() {
            return mailboxes.values().stream().mapToLong(c -> c.checked).sum();
        }

        /** Messages no ledger entry knows, and second messages with a known Message-ID, in all mailboxes. */
        public long unknown() {
            return mailboxes.values().stream().mapToLong(c -> c.unknown).sum();
        }
    }

    /**
     * Most problems a report lists (about 300 bytes of heap each), unless the system property
     * {@code conduit.verify.listed-problems} says otherwise. A mailbox lost whole has as many problems as copies; the
     * counts stay exact, and the problems file holds every one.
     */
    public static final int LISTED_PROBLEMS = 10_000;

    private static int listedProblems() {
        return Math.max(1, Integer.getInteger("conduit.verify.listed-problems", LISTED_PROBLEMS));
    }

    /** Collects the problems of a verification: the first listed, every one counted and written to the file. */
    private static final class Problems implements java.io.Closeable {
        private final List<Problem> listed = new ArrayList<>();
        private final int limit = listedProblems();
        private final Map<String, Long> byConnector = new TreeMap<>();
        private final java.io.BufferedWriter file;
        private long unlisted;

        Problems(Path file) throws IOException {
            this.file = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        synchronized void add(Problem p) throws IOException {
            if (listed.size() < limit) {
                listed.add(p);
            } else {
                unlisted++;
            }
            if (p.connector() != null) {
                byConnector.merge(p.connector(), 1L, Long::sum);
            }
            if (file != null) {
                file.write(Canonical.JSON.writeValueAsString(p));
                file.write('\n');
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (file != null) {
                file.close();
            }
        }
    }

    private ArchiveVerifier() {
    }

    /**
     * Verifies the ledgers of {@code ledgerDir} against {@code store}.
     *
     * @param key the public key the seals must carry; {@code null} for the ledger folder's own
     *            {@code ed25519-public.pem}
     * @throws IOException    when a ledger cannot be read
     * @throws StoreException when a mailbox cannot be read
     */
    public static Report verify(Path ledgerDir, PublicKey key, ArchiveStore store, Scope scope)
            throws IOException, StoreException {
        return verify(ledgerDir, key, store, scope, null);
    }

    /**
     * Verifies the ledgers of {@code ledgerDir} against {@code store}, writing every problem found to
     * {@code problemsFile} as one JSON object a line (the fields of {@link Problem}), in the order found.
     *
     * @param key          the public key the seals must carry; {@code null} for the ledger folder's own
     *                     {@code ed25519-public.pem}
     * @param problemsFile the file to write, replaced if it exists; {@code null} for none
     * @throws IOException    when a ledger cannot be read, or the scratch index or the problems file cannot be written
     * @throws StoreException when a mailbox cannot be read
     */
    public static Report verify(Path ledgerDir, PublicKey key, ArchiveStore store, Scope scope, Path problemsFile)
            throws IOException, StoreException {
        PublicKey k = key != null ? key : LedgerKeys.readPublic(ledgerDir.resolve(LedgerKeys.PUBLIC_FILE));
        List<LedgerVerifier.Result> ledgers = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(ledgerDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        try (VerifyIndex index = new VerifyIndex()) {
            for (Path f : files) {
                String connector = f.getFileName().toString().replaceFirst("\\.jsonl$", "");
                if (scope.connector() != null && !Ledger.safe(scope.connector()).equals(connector)) {
                    continue;
                }
                ledgers.add(LedgerVerifier.verify(f, connector, k, index, e -> {
                    String folder = String.valueOf(e.get("folder"));
                    index.put(String.valueOf(e.get("mailbox")).toLowerCase(Locale.ROOT),
                            key(folder, String.valueOf(e.get("messageId"))), folder(folder), e, scope.covers(e));
                }));
            }
            try (Problems problems = new Problems(problemsFile)) {
                return check(store, index, ledgers, problems);
            }
        }
    }

    /** Reads back the mailboxes with copies in scope, each checked against the index. */
    private static Report check(ArchiveStore store, VerifyIndex index, List<LedgerVerifier.Result> ledgers,
                                Problems problems) throws IOException, StoreException {
        Set<String> toCheck = index.mailboxesInScope();
        Map<String, MailboxCounts> counts = new TreeMap<>();
        Map<String, Long> byConnector = new java.util.concurrent.ConcurrentSkipListMap<>();
        // several mailboxes at once, each over a connection of its own (readAll)
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(PARALLEL_MAILBOXES, toCheck.size())), r -> {
                    Thread t = new Thread(r, "conduit-verify");
                    t.setDaemon(true);
                    return t;
                });
        Map<String, java.util.concurrent.Future<MailboxCounts>> running = new TreeMap<>();
        try {
            for (String mailbox : toCheck) {
                running.put(mailbox, threads.submit(() -> checkMailbox(store, mailbox, index, problems, byConnector)));
            }
            for (Map.Entry<String, java.util.concurrent.Future<MailboxCounts>> f : running.entrySet()) {
                try {
                    counts.put(f.getKey(), f.getValue().get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof StoreException se) {
                        throw se;
                    }
                    throw new IOException("cannot verify mailbox " + f.getKey() + ": " + e.getCause().getMessage(),
                            e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("verification interrupted", e);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        List<Problem> ordered;
        synchronized (problems) {
            ordered = new ArrayList<>(problems.listed);
        }
        ordered.sort(java.util.Comparator.comparing(Problem::mailbox).thenComparing(Problem::kind)
                .thenComparingLong(Problem::seq));
        return new Report(Instant.now(), ledgers, counts, ordered, problems.unlisted, new TreeMap<>(byConnector),
                new TreeMap<>(problems.byConnector));
    }

    /** Most mailboxes read back at once by {@link #verify}. */
    static final int PARALLEL_MAILBOXES = 4;

    /** Reads one mailbox back and checks its copies; problems and per-connector counts go into the shared holders. */
    private static MailboxCounts checkMailbox(ArchiveStore store, String mailbox, VerifyIndex index,
                                              Problems problems, Map<String, Long> byConnector)
            throws StoreException, IOException {
        MailboxCounts c = new MailboxCounts();
        Set<String> ours = index.folders(mailbox);
        store.readAllUnsorted(mailbox, (folder, message) -> {
            if (!ours.contains(folder(folder))) {
                return; // a folder Conduit never wrote into: the custodian's own mail
            }
            String id = message.getMessageID();
            VerifyIndex.Match match = index.readBack(mailbox, key(folder, String.valueOf(id)));
            if (match == null || match.again()) {
                c.unknown++;
                problems.add(new Problem("unknown", mailbox, folder, id, null, 0, null, match == null
                        ? "a message no ledger entry knows" : "a second message with this Message-ID"));
                return;
            }
            if (!match.inScope()) {
                return; // known, outside the scope
            }
            VerifyIndex.Copy entry = match.copy();
            MimeDigest d = new MimeDigest(java.io.OutputStream.nullOutputStream());
            message.writeTo(d);
            String sha = d.sha256Hex();
            c.checked++;
            byConnector.merge(entry.connector(), 1L, Long::sum);
            if (sha.equals(entry.mimeSha256())) {
                c.intact++;
            } else {
                c.altered++;
                problems.add(problem("altered", entry, "MIME SHA-256 is " + sha + ", the ledger says " + entry.mimeSha256()));
            }
        });
        index.forEachMissing(mailbox, entry -> {
            c.checked++;
            byConnector.merge(entry.connector(), 1L, Long::sum);
            c.missing++;
            problems.add(problem("missing", entry, "not in the folder"));
        });
        return c;
    }

    private static Problem problem(String kind, VerifyIndex.Copy e, String detail) {
        return new Problem(kind, e.mailbox(), e.folder(), e.messageId(), e.connector(), e.seq(), e.correlationId(), detail);
    }

    private static String key(String folder, String messageId) {
        return folder(folder) + "\u0000" + messageId;
    }

    /** A folder name as both stores spell it back: case-insensitive, {@code .} as Maildir++ writes it. */
    private static String folder(String folder) {
        String f = folder.toLowerCase(Locale.ROOT).replace('.', '_');
        return f.equals("inbox") ? "" : f.startsWith("inbox/") ? f.substring(6) : f;
    }

    /** The report as JSON: ledgers (findings, entries, seals), mailboxes (counts), problems, intact. */
    public static Map<String, Object> toJson(Report r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", r.time().toString());
        json.put("intact", r.intact());
        json.put("checked", r.checked());
        List<Map<String, Object>> ledgers = new ArrayList<>();
        for (LedgerVerifier.Result l : r.ledgers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("connector", l.connector());
            m.put("entries", l.entries());
            m.put("seals", l.seals());
            m.put("intact", l.intact());
            m.put("findings", l.findings());
            m.put("unlistedFindings", l.unlisted());
            ledgers.add(m);
        }
        json.put("ledgers", ledgers);
        json.put("mailboxes", r.mailboxes());
        json.put("problems", r.problems());
        json.put("unlistedProblems", r.unlistedProblems());
        return json;
    }

    /** The file in a ledger folder that keeps the outcome of the last verification, for the status page. */
    public static final String LAST_VERIFICATION = "last-verification.json";

    /**
     * Keeps the outcome of this verification in {@code <ledgerDir>/}{@value #LAST_VERIFICATION}: {@code time},
     * {@code intact}, {@code checked} and, per connector ledger verified, {@code checked} (copies), {@code problems}
     * (missing or altered copies), {@code findings} (failing ledger findings) and {@code intact}.
     */
    public static void recordLast(Report r, Path ledgerDir) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", r.time().toString());
        json.put("intact", r.intact());
        json.put("checked", r.checked());
        Map<String, Object> connectors = new TreeMap<>();
        for (LedgerVerifier.Result l : r.ledgers()) {
            long problems = r.problemsByConnector().getOrDefault(l.connector(), 0L);
            long findings = l.findings().stream().filter(LedgerVerifier.Finding::fails).count() + l.unlistedFailing();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("checked", r.checkedByConnector().getOrDefault(l.connector(), 0L));
            c.put("problems", problems);
            c.put("findings", findings);
            c.put("intact", problems == 0 && findings == 0);
            connectors.put(l.connector(), c);
        }
        json.put("connectors", connectors);
        json.put("unknown", r.unknown());
        Path tmp = ledgerDir.resolve(LAST_VERIFICATION + ".tmp");
        Files.writeString(tmp, Canonical.JSON.writeValueAsString(json), StandardCharsets.UTF_8);
        Files.move(tmp, ledgerDir.resolve(LAST_VERIFICATION), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last verification kept in a ledger folder ({@link #recordLast}), or {@code null} when none ran yet. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readLast(Path ledgerDir) {
        Path f = ledgerDir.resolve(LAST_VERIFICATION);
        try {
            return Files.exists(f) ? Canonical.JSON.readValue(f.toFile(), Map.class) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The file of a report folder that {@code conduit verify} writes every problem into, one JSON object a line. */
    public static final String PROBLEMS_FILE = "verify-problems.jsonl";

    /** Writes {@code verify-report.json} and {@code verify-report.html} into {@code dir}. */
    public static void write(Report r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("verify-report.json"),
                Canonical.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(r)), StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Conduit verification</title>"
                + "<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:2px 6px}table{border-collapse:collapse}"
                + ".bad{color:#b00}.ok{color:#070}</style></head><body>");
        h.append("<h1>Conduit verification ").append(Html.escape(r.time().toString())).append("</h1><p class=\"")
                .append(r.intact() ? "ok\">Intact" : "bad\">NOT intact").append(": ").append(r.checked())
                .append(" copies checked.</p><h2>Ledgers</h2><table><tr><th>connector</th><th>entries</th><th>seals</th><th>findings</th></tr>");
        for (LedgerVerifier.Result l : r.ledgers()) {
            h.append("<tr><td>").append(Html.escape(l.connector())).append("</td><td>").append(l.entries())
                    .append("</td><td>").append(l.seals()).append("</td><td>");
            for (LedgerVerifier.Finding f : l.findings()) {
                h.append("<div class=\"").append(f.fails() ? "bad" : "").append("\">line ").append(f.line()).append(": ")
                        .append(Html.escape(f.kind())).append(": ").append(Html.escape(f.detail())).append("</div>");
            }
            if (l.unlisted() > 0) {
                h.append("<div class=\"bad\">").append(l.unlisted()).append(" more findings</div>");
            }
            h.append("</td></tr>");
        }
        h.append("</table><h2>Mailboxes</h2><table><tr><th>mailbox</th><th>checked</th><th>intact</th><th>missing</th>"
                + "<th>altered</th><th>unknown</th></tr>");
        r.mailboxes().forEach((m, c) -> h.append("<tr><td>").append(Html.escape(m)).append("</td><td>").append(c.checked)
                .append("</td><td>").append(c.intact).append("</td><td>").append(c.missing).append("</td><td>")
                .append(c.altered).append("</td><td>").append(c.unknown).append("</td></tr>"));
        h.append("</table><h2>Problems</h2><table><tr><th>kind</th><th>mailbox</th><th>folder</th><th>Message-ID</th>"
                + "<th>ledger entry</th><th>correlation id</th><th>detail</th></tr>");
        for (Problem p : r.problems()) {
            h.append("<tr><td>").append(Html.escape(p.kind())).append("</td><td>").append(Html.escape(p.mailbox()))
                    .append("</td><td>").append(Html.escape(p.folder())).append("</td><td>").append(Html.escape(String.valueOf(p.messageId())))
                    .append("</td><td>").append(p.connector() == null ? "" : Html.escape(p.connector() + " #" + p.seq()))
                    .append("</td><td>").append(Html.escape(String.valueOf(p.correlationId()))).append("</td><td>")
                    .append(Html.escape(p.detail())).append("</td></tr>");
        }
        h.append("</table>");
        if (r.unlistedProblems() > 0) {
            h.append("<p class=\"bad\">").append(r.unlistedProblems()).append(" more problems are not listed here: every one is in ")
                    .append(PROBLEMS_FILE).append(".</p>");
        }
        h.append("</body></html>\n");
        Files.writeString(dir.resolve("verify-report.html"), h, StandardCharsets.UTF_8);
    }
}

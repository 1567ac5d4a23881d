package io.conduit.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
        boolean covers(Map<String, Object> copy) {
            Instant time = Instant.parse(String.valueOf(copy.get("time")));
            return (mailbox == null || mailbox.equalsIgnoreCase(String.valueOf(copy.get("mailbox"))))
                    && (since == null || !time.isBefore(since)) && (until == null || time.isBefore(until));
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
     * @param checkedByConnector copies checked (read back or found missing), by the connector whose ledger records them
     */
    public record Report(Instant time, List<LedgerVerifier.Result> ledgers, Map<String, MailboxCounts> mailboxes,
                         List<Problem> problems, Map<String, Long> checkedByConnector) {
        public boolean intact() {
            return problems.isEmpty() && ledgers.stream().allMatch(LedgerVerifier.Result::intact);
        }

        public long checked() {
            return mailboxes.values().stream().mapToLong(c -> c.checked).sum();
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
        PublicKey k = key != null ? key : LedgerKeys.readPublic(ledgerDir.resolve(LedgerKeys.PUBLIC_FILE));
        List<LedgerVerifier.Result> ledgers = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(ledgerDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        // every copy the ledgers know (for "unknown"), and the copies in scope (to check), per mailbox
        Map<String, Map<String, Map<String, Object>>> known = new HashMap<>();
        Map<String, Map<String, Map<String, Object>>> toCheck = new TreeMap<>();
        Map<String, Set<String>> folders = new HashMap<>();
        for (Path f : files) {
            String connector = f.getFileName().toString().replaceFirst("\\.jsonl$", "");
            LedgerVerifier.Result r = LedgerVerifier.verify(f, connector, k);
            if (scope.connector() != null && !Ledger.safe(scope.connector()).equals(connector)) {
                continue;
            }
            ledgers.add(r);
            for (Map<String, Object> e : r.entries()) {
                if (!"copy".equals(e.get("type"))) {
                    continue;
                }
                String mailbox = String.valueOf(e.get("mailbox")).toLowerCase(Locale.ROOT);
                String key2 = key(String.valueOf(e.get("folder")), String.valueOf(e.get("messageId")));
                known.computeIfAbsent(mailbox, m -> new HashMap<>()).put(key2, e);
                folders.computeIfAbsent(mailbox, m -> new HashSet<>()).add(folder(String.valueOf(e.get("folder"))));
                if (scope.covers(e)) {
                    toCheck.computeIfAbsent(mailbox, m -> new LinkedHashMap<>()).put(key2, e);
                }
            }
        }
        Map<String, MailboxCounts> counts = new TreeMap<>();
        List<Problem> problems = java.util.Collections.synchronizedList(new ArrayList<>());
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
            for (Map.Entry<String, Map<String, Map<String, Object>>> m : toCheck.entrySet()) {
                running.put(m.getKey(), threads.submit(() -> checkMailbox(store, m.getKey(), m.getValue(),
                        known.get(m.getKey()), folders.get(m.getKey()), problems, byConnector)));
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
        List<Problem> ordered = new ArrayList<>(problems);
        ordered.sort(java.util.Comparator.comparing(Problem::mailbox).thenComparing(Problem::kind)
                .thenComparingLong(Problem::seq));
        return new Report(Instant.now(), ledgers, counts, ordered, new TreeMap<>(byConnector));
    }

    /** Most mailboxes read back at once by {@link #verify}. */
    static final int PARALLEL_MAILBOXES = 4;

    /** Reads one mailbox back and checks its copies; problems and per-connector counts go into the shared holders. */
    private static MailboxCounts checkMailbox(ArchiveStore store, String mailbox, Map<String, Map<String, Object>> expected,
                                              Map<String, Map<String, Object>> all, Set<String> ours,
                                              List<Problem> problems, Map<String, Long> byConnector)
            throws StoreException {
        MailboxCounts c = new MailboxCounts();
        Set<String> found = new HashSet<>();
        store.readAll(mailbox, (folder, message) -> {
            if (!ours.contains(folder(folder))) {
                return; // a folder Conduit never wrote into: the custodian's own mail
            }
            String id = message.getMessageID();
            String k2 = key(folder, String.valueOf(id));
            Map<String, Object> entry = all.get(k2);
            if (entry == null || !found.add(k2)) {
                c.unknown++;
                problems.add(new Problem("unknown", mailbox, folder, id, null, 0, null, entry == null
                        ? "a message no ledger entry knows" : "a second message with this Message-ID"));
                return;
            }
            if (!expected.containsKey(k2)) {
                return; // known, outside the scope
            }
            MimeDigest d = new MimeDigest(java.io.OutputStream.nullOutputStream());
            message.writeTo(d);
            String sha = d.sha256Hex();
            c.checked++;
            byConnector.merge(String.valueOf(entry.get("connector")), 1L, Long::sum);
            if (sha.equals(entry.get("mimeSha256"))) {
                c.intact++;
            } else {
                c.altered++;
                problems.add(problem("altered", entry, "MIME SHA-256 is " + sha + ", the ledger says " + entry.get("mimeSha256")));
            }
        });
        for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
            if (!found.contains(e.getKey())) {
                c.checked++;
                byConnector.merge(String.valueOf(e.getValue().get("connector")), 1L, Long::sum);
                c.missing++;
                problems.add(problem("missing", e.getValue(), "not in the folder"));
            }
        }
        return c;
    }

    private static Problem problem(String kind, Map<String, Object> e, String detail) {
        return new Problem(kind, String.valueOf(e.get("mailbox")), String.valueOf(e.get("folder")),
                String.valueOf(e.get("messageId")), String.valueOf(e.get("connector")),
                e.get("seq") instanceof Number n ? n.longValue() : 0, String.valueOf(e.get("correlationId")), detail);
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
            m.put("entries", l.entries().size());
            m.put("seals", l.seals());
            m.put("intact", l.intact());
            m.put("findings", l.findings());
            ledgers.add(m);
        }
        json.put("ledgers", ledgers);
        json.put("mailboxes", r.mailboxes());
        json.put("problems", r.problems());
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
            long problems = r.problems().stream().filter(p -> l.connector().equals(p.connector())).count();
            long findings = l.findings().stream().filter(LedgerVerifier.Finding::fails).count();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("checked", r.checkedByConnector().getOrDefault(l.connector(), 0L));
            c.put("problems", problems);
            c.put("findings", findings);
            c.put("intact", problems == 0 && findings == 0);
            connectors.put(l.connector(), c);
        }
        json.put("connectors", connectors);
        json.put("unknown", r.problems().stream().filter(p -> p.connector() == null).count());
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
            h.append("<tr><td>").append(Html.escape(l.connector())).append("</td><td>").append(l.entries().size())
                    .append("</td><td>").append(l.seals()).append("</td><td>");
            for (LedgerVerifier.Finding f : l.findings()) {
                h.append("<div class=\"").append(f.fails() ? "bad" : "").append("\">line ").append(f.line()).append(": ")
                        .append(Html.escape(f.kind())).append(": ").append(Html.escape(f.detail())).append("</div>");
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
        h.append("</table></body></html>\n");
        Files.writeString(dir.resolve("verify-report.html"), h, StandardCharsets.UTF_8);
    }
}

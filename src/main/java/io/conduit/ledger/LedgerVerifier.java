package io.conduit.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Re-reads one connector's ledger file and checks it: each entry's {@code hash} against its canonical JSON (an edited
 * entry), the sequence numbers (a removed, reordered or inserted entry), each {@code prev} against the entry before
 * (a rewritten chain), and each seal's Ed25519 signature against the public key.
 */
public final class LedgerVerifier {

    private LedgerVerifier() {
    }

    /**
     * One problem found in a ledger.
     *
     * @param kind   {@code unreadable}, {@code edited}, {@code removed}, {@code reordered}, {@code inserted},
     *               {@code broken-link}, {@code bad-signature}, {@code double-entry}, or the warnings {@code unsealed} and {@code unbalanced}
     * @param line   1-based line of the file, 0 when about the file as a whole
     * @param seq    the entry's sequence number, or 0 when unknown
     * @param detail what was found, in words
     */
    public record Finding(String connector, String kind, long line, long seq, String detail) {
        /** Whether this finding means the ledger cannot be trusted (the warnings do not). */
        public boolean fails() {
            return !kind.equals("unsealed") && !kind.equals("unbalanced");
        }
    }

    /**
     * The outcome: every entry read, in file order, and the findings. To keep memory small at any ledger size, an entry
     * keeps only what the archive check needs: {@code type}, {@code seq}, {@code connector}, {@code time} and, for a
     * copy, {@code mailbox}, {@code folder}, {@code messageId}, {@code correlationId} and {@code mimeSha256}.
     */
    public record Result(String connector, List<Map<String, Object>> entries, List<Finding> findings, int seals) {
        public boolean intact() {
            return findings.stream().noneMatch(Finding::fails);
        }
    }

    /**
     * Checks a ledger file.
     *
     * @param key the public key seals must be signed with (the auditor's copy, or the state folder's)
     */
    public static Result verify(Path file, String connector, PublicKey key) throws IOException {
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        // first pass: the sequence numbers and hashes only (the links are checked against them in the second)
        Set<Long> allSeqs = new HashSet<>();
        Map<Long, String> hashBySeq = new java.util.HashMap<>();
        hashBySeq.put(0L, Ledger.GENESIS);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> e = parse(line);
                if (e != null) {
                    allSeqs.add(seq(e));
                    hashBySeq.putIfAbsent(seq(e), String.valueOf(e.get("hash")));
                }
            }
        }
        long expected = 1;
        long lineNo = 0;
        Set<Long> seen = new HashSet<>();
        Set<String> copyKeys = new HashSet<>();
        long lastSeal = 0;
        Map<String, Long> sinceSeal = new LinkedHashMap<>();
        int seals = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                lineNo++;
                Map<String, Object> e = parse(text);
                if (e == null) {
                    findings.add(new Finding(connector, "unreadable", lineNo, 0, "line is not a JSON object"));
                    continue;
                }
                entries.add(slim(e));
                long ln = lineNo;
                long seq = seq(e);
                String stated = String.valueOf(e.get("hash"));
                Map<String, Object> body = new LinkedHashMap<>(e);
                body.remove("hash");
                boolean edited = !Canonical.sha256(Canonical.reference(body)).equals(stated);
                if (edited) {
                    findings.add(new Finding(connector, "edited", ln, seq, "entry " + seq + " does not match its hash: its content was changed"));
                }
                if (!seen.add(seq)) {
                    findings.add(new Finding(connector, "inserted", ln, seq, "a second entry " + seq + ": an entry was inserted or copied"));
                } else if (seq < expected) {
                    findings.add(new Finding(connector, "reordered", ln, seq, "entry " + seq + " comes after entry " + (expected - 1)));
                } else if (seq > expected) {
                    TreeSet<Long> missing = new TreeSet<>();
                    for (long s = expected; s < seq; s++) {
                        if (!allSeqs.contains(s)) {
                            missing.add(s);
                        }
                    }
                    if (missing.size() == seq - expected) {
                        findings.add(new Finding(connector, "removed", ln, seq, (missing.size() == 1 ? "entry " + missing.first()
                                : "entries " + missing.first() + "-" + missing.last()) + " missing before entry " + seq));
                    } else {
                        findings.add(new Finding(connector, "reordered", ln, seq, "entry " + seq + " comes before entry " + expected));
                    }
                } else if (!edited && !String.valueOf(e.get("prev")).equals(hashBySeq.get(seq - 1))) {
                    findings.add(new Finding(connector, "broken-link", ln, seq, "entry " + seq
                            + " does not follow the entry before it (prev differs): an entry was inserted or the chain rewritten"));
                }
                if (seq >= expected) {
                    expected = seq + 1;
                }
                String type = String.valueOf(e.get("type"));
                if (type.equals("copy") && !copyKeys.add(Ledger.copyKey(e.get("mailbox"), e.get("folder"), e.get("messageId")))) {
                    findings.add(new Finding(connector, "double-entry", ln, seq, "entry " + seq + " records a copy ("
                            + e.get("messageId") + " in " + e.get("mailbox") + " / " + e.get("folder") + ") recorded before"));
                }
                sinceSeal.merge(type, 1L, Long::sum);
                if (type.equals("seal")) {
                    seals++;
                    Map<String, Object> signed = new LinkedHashMap<>(body);
                    Object sig = signed.remove("sig");
                    if (!LedgerKeys.verify(key, Canonical.reference(signed), sig == null ? null : sig.toString())) {
                        findings.add(new Finding(connector, "bad-signature", ln, seq, "seal " + seq
                                + " is not signed by the ledger's public key"));
                    }
                    long copies = number(e.get("copies"));
                    long dups = number(e.get("duplicates"));
                    long quarantined = number(e.get("quarantined"));
                    long seenCopies = sinceSeal.getOrDefault("copy", 0L);
                    long seenDups = sinceSeal.getOrDefault("duplicate", 0L);
                    long seenQ = sinceSeal.getOrDefault("quarantine", 0L);
                    if (copies != seenCopies || dups != seenDups || quarantined != seenQ) {
                        findings.add(new Finding(connector, "unbalanced", ln, seq, "seal " + seq + " counts " + copies + " copies, "
                                + dups + " duplicates, " + quarantined + " quarantined; the entries since entry " + lastSeal
                                + " hold " + seenCopies + ", " + seenDups + ", " + seenQ
                                + " (a run ended by a crash leaves its entries to the next seal)"));
                    }
                    lastSeal = seq;
                    sinceSeal.clear();
                }
            }
        }
        if (!sinceSeal.isEmpty()) {
            findings.add(new Finding(connector, "unsealed", lineNo, expected - 1, (expected - 1 - lastSeal)
                    + " entries after the last seal (a run in progress or ended by a crash)"));
        }
        return new Result(connector, entries, findings, seals);
    }

    private static Map<String, Object> parse(String line) {
        try {
            return Canonical.JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            return null;
        }
    }

    private static final List<String> KEPT = List.of("type", "seq", "connector", "time", "mailbox", "folder", "messageId",
            "correlationId", "mimeSha256");

    /** What the archive check needs of an entry; repeated values (type, connector, mailbox, folder) shared. */
    private static Map<String, Object> slim(Map<String, Object> e) {
        boolean copy = "copy".equals(e.get("type"));
        List<Map.Entry<String, Object>> kept = new ArrayList<>(KEPT.size());
        for (String k : KEPT) {
            Object v = e.get(k);
            if (v == null || (!copy && !k.equals("type") && !k.equals("seq") && !k.equals("connector") && !k.equals("time"))) {
                continue;
            }
            kept.add(Map.entry(k, v instanceof String str && (k.equals("type") || k.equals("connector") || k.equals("mailbox")
                    || k.equals("folder")) ? str.intern() : v));
        }
        // an immutable map keeps its keys and values in one array: a fraction of a HashMap's memory
        @SuppressWarnings("unchecked")
        Map.Entry<String, Object>[] entries = kept.toArray(new Map.Entry[0]);
        return Map.ofEntries(entries);
    }

    private static long seq(Map<String, Object> e) {
        return number(e.get("seq"));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }
}

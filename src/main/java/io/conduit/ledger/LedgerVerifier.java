package io.conduit.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * The outcome: the number of entries read (lines that are JSON objects), the findings, and the seals.
     *
     * @param findings         the findings in file order, the first {@link #LISTED_FINDINGS}
     * @param unlisted         findings beyond those listed (a ledger tampered with throughout)
     * @param unlistedFailing  of those, the ones that mean the ledger cannot be trusted
     */
    public record Result(String connector, long entries, List<Finding> findings, long unlisted, long unlistedFailing,
                         int seals) {
        public boolean intact() {
            return unlistedFailing == 0 && findings.stream().noneMatch(Finding::fails);
        }
    }

    /**
     * Most findings a result lists for one ledger, unless the system property {@code conduit.verify.listed-findings}
     * says otherwise; the rest are counted.
     */
    public static final int LISTED_FINDINGS = 10_000;

    /** The findings of one ledger: listed up to {@link #LISTED_FINDINGS}, counted beyond. */
    private static final class Findings {
        final List<Finding> listed = new ArrayList<>();
        final int limit = Math.max(1, Integer.getInteger("conduit.verify.listed-findings", LISTED_FINDINGS));
        long unlisted;
        long unlistedFailing;

        void add(Finding f) {
            if (listed.size() < limit) {
                listed.add(f);
            } else {
                unlisted++;
                unlistedFailing += f.fails() ? 1 : 0;
            }
        }
    }

    /** Receives each copy entry of a ledger as it is read, to check the archive against it. */
    public interface CopyEntries {
        /** @param entry the whole entry as read (keys {@code mailbox}, {@code folder}, {@code messageId}, ...) */
        void accept(Map<String, Object> entry) throws IOException;
    }

    /**
     * Checks a ledger file, on a scratch index of its own.
     *
     * @param key the public key seals must be signed with (the auditor's copy, or the state folder's)
     * @throws IOException when the file cannot be read or the scratch index cannot be written
     */
    public static Result verify(Path file, String connector, PublicKey key) throws IOException {
        try (VerifyIndex index = new VerifyIndex()) {
            return verify(file, connector, key, index, e -> { });
        }
    }

    /**
     * Checks a ledger file in two passes over it, holding on the heap only the ranges of its sequence numbers, the
     * findings, and the counts since the last seal: a ledger of any length fits in a small heap. The copies it records
     * go into {@code index} (for "recorded before") and, one by one, to {@code copies}.
     *
     * @param key the public key seals must be signed with (the auditor's copy, or the state folder's)
     * @throws IOException when the file cannot be read or the index cannot be written
     */
    static Result verify(Path file, String connector, PublicKey key, VerifyIndex index, CopyEntries copies)
            throws IOException {
        Findings findings = new Findings();
        index.ledger(connector);
        // first pass: the sequence numbers present anywhere in the file, to tell entries removed from entries moved
        SeqRanges allSeqs = new SeqRanges();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> e = parse(line);
                if (e != null) {
                    allSeqs.add(seq(e));
                }
            }
        }
        long expected = 1;
        // the stated hash of the entry numbered expected - 1 where it first appears: the entry expected must link to
        String lastHash = Ledger.GENESIS;
        long lineNo = 0;
        long entries = 0;
        SeqRanges seen = new SeqRanges();
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
                entries++;
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
                    if (!allSeqs.containsAny(expected, seq - 1)) {
                        findings.add(new Finding(connector, "removed", ln, seq, (seq - expected == 1 ? "entry " + expected
                                : "entries " + expected + "-" + (seq - 1)) + " missing before entry " + seq));
                    } else {
                        findings.add(new Finding(connector, "reordered", ln, seq, "entry " + seq + " comes before entry " + expected));
                    }
                } else if (!edited && !String.valueOf(e.get("prev")).equals(lastHash)) {
                    findings.add(new Finding(connector, "broken-link", ln, seq, "entry " + seq
                            + " does not follow the entry before it (prev differs): an entry was inserted or the chain rewritten"));
                }
                if (seq >= expected) {
                    expected = seq + 1;
                    lastHash = stated;
                }
                String type = String.valueOf(e.get("type"));
                if (type.equals("copy")) {
                    if (!index.firstInLedger(Ledger.copyKey(e.get("mailbox"), e.get("folder"), e.get("messageId")))) {
                        findings.add(new Finding(connector, "double-entry", ln, seq, "entry " + seq + " records a copy ("
                                + e.get("messageId") + " in " + e.get("mailbox") + " / " + e.get("folder") + ") recorded before"));
                    }
                    copies.accept(e);
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
                    long sealedCopies = number(e.get("copies"));
                    long dups = number(e.get("duplicates"));
                    long quarantined = number(e.get("quarantined"));
                    long seenCopies = sinceSeal.getOrDefault("copy", 0L);
                    long seenDups = sinceSeal.getOrDefault("duplicate", 0L);
                    long seenQ = sinceSeal.getOrDefault("quarantine", 0L);
                    if (sealedCopies != seenCopies || dups != seenDups || quarantined != seenQ) {
                        findings.add(new Finding(connector, "unbalanced", ln, seq, "seal " + seq + " counts " + sealedCopies + " copies, "
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
        return new Result(connector, entries, findings.listed, findings.unlisted, findings.unlistedFailing, seals);
    }

    private static Map<String, Object> parse(String line) {
        try {
            return Canonical.JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            return null;
        }
    }

    private static long seq(Map<String, Object> e) {
        return number(e.get("seq"));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }
}

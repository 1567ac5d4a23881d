package io.conduit.mapping;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.conduit.model.Participant;

/**
 * How one run's items used the user mapping: which rows matched a participant, and which identifiers that mapped to
 * nothing nearly match a row ({@link NearMatches}). Thread-safe.
 *
 * <p>Memory is bounded whatever the input: the matched rows are a bit set over the mapping's line numbers; at most
 * {@value #MAX_CHECKED} distinct unmapped identifiers are checked for near matches per run (later ones are counted in
 * {@link Report#identifiersNotChecked()}), and at most {@value #MAX_NEAR_MISSES} near misses are kept (the rest
 * counted).
 */
public final class MappingUsage {

    /** Distinct unmapped identifiers checked for near matches per run, as the status page bounds them. */
    public static final int MAX_CHECKED = 50_000;
    /** Near misses kept per run. */
    public static final int MAX_NEAR_MISSES = 1_000;

    private UserMapping mapping;
    private final BitSet matchedLines = new BitSet();
    private final Set<String> checked = new HashSet<>();
    private long notChecked;
    private final Map<String, NearMatches.NearMiss> nearMisses = new LinkedHashMap<>();
    private long nearMissesNotKept;

    /** A row matched a participant. */
    synchronized void matched(UserMapping mapping, UserMapping.Row row) {
        this.mapping = mapping;
        if (row != null) {
            matchedLines.set(row.line());
        }
    }

    /** A participant mapped to nothing: its identifiers are checked for near matches once per run. */
    synchronized void unmapped(UserMapping mapping, Participant p) {
        this.mapping = mapping;
        for (String identifier : new String[] {p.phone(), p.email(), p.handle(), p.displayName()}) {
            if (identifier == null || checked.contains(identifier)) {
                continue;
            }
            if (checked.size() >= MAX_CHECKED) {
                notChecked++;
                continue;
            }
            checked.add(identifier);
            mapping.nearMatches().find(identifier).ifPresent(this::nearMiss);
        }
    }

    private void nearMiss(NearMatches.NearMiss miss) {
        String key = miss.row().line() + "\n" + miss.identifier();
        if (nearMisses.containsKey(key)) {
            return;
        }
        if (nearMisses.size() >= MAX_NEAR_MISSES) {
            nearMissesNotKept++;
        } else {
            nearMisses.put(key, miss);
        }
    }

    /** Adds another run's usage (for a summary over several inputs); runs against another mapping file are ignored. */
    public void add(MappingUsage other) {
        UserMapping otherMapping;
        BitSet lines;
        List<NearMatches.NearMiss> misses;
        long otherNotChecked;
        long otherNotKept;
        synchronized (other) {
            otherMapping = other.mapping;
            lines = (BitSet) other.matchedLines.clone();
            misses = new ArrayList<>(other.nearMisses.values());
            otherNotChecked = other.notChecked;
            otherNotKept = other.nearMissesNotKept;
        }
        if (otherMapping == null) {
            return;
        }
        synchronized (this) {
            if (mapping != null && mapping != otherMapping) {
                return;
            }
            mapping = otherMapping;
            matchedLines.or(lines);
            misses.forEach(this::nearMiss);
            notChecked += otherNotChecked;
            nearMissesNotKept += otherNotKept;
        }
    }

    /** What the run found, or {@code null} when no item of the run was routed (nothing to say). */
    public synchronized Report report() {
        if (mapping == null) {
            return null;
        }
        List<UserMapping.Row> unmatched = new ArrayList<>();
        for (UserMapping.Row row : mapping.rows()) {
            if (!matchedLines.get(row.line())) {
                unmatched.add(row);
            }
        }
        return new Report(mapping.sha256(), mapping.rows().size(), matchedLines.cardinality(), unmatched,
                List.copyOf(nearMisses.values()), nearMissesNotKept, notChecked, (BitSet) matchedLines.clone());
    }

    /**
     * The mapping report of a run.
     *
     * @param mappingSha256         SHA-256 of the mapping file, or {@code null} when there is none
     * @param rows                  rows in the file
     * @param rowsMatched           rows that matched at least one participant
     * @param unmatched             rows that matched nothing, in file order
     * @param nearMisses            unmapped identifiers that nearly match a row, in the order found
     * @param nearMissesNotKept     near misses found beyond {@value #MAX_NEAR_MISSES}
     * @param identifiersNotChecked unmapped identifier mentions not checked (beyond {@value #MAX_CHECKED} distinct)
     * @param matchedLines          line numbers of the rows that matched
     */
    public record Report(String mappingSha256, int rows, int rowsMatched, List<UserMapping.Row> unmatched,
                         List<NearMatches.NearMiss> nearMisses, long nearMissesNotKept, long identifiersNotChecked,
                         BitSet matchedLines) {

        /** How many rows the connector log line and the import output list by name. */
        public static final int LISTED = 20;

        /**
         * The report as the {@code mapping} field of a connector log {@code run} line: {@code file} (SHA-256),
         * {@code rows}, {@code rowsMatched}, {@code matchedLines} ({@code "2-4,7"}), {@code rowsUnmatched},
         * {@code unmatchedRows} (the first {@value #LISTED}, {@code "line N `identifier`"}), {@code nearMisses} (the
         * first {@value #LISTED}: {@code identifier}, {@code row}, {@code reason}), {@code nearMissCount} and
         * {@code identifiersNotChecked}.
         */
        public Map<String, Object> toLogFields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", mappingSha256);
            f.put("rows", rows);
            f.put("rowsMatched", rowsMatched);
            f.put("matchedLines", ranges(matchedLines));
            f.put("rowsUnmatched", unmatched.size());
            f.put("unmatchedRows", unmatched.stream().limit(LISTED).map(UserMapping.Row::describe).toList());
            List<Map<String, String>> misses = new ArrayList<>();
            for (NearMatches.NearMiss m : nearMisses.subList(0, Math.min(LISTED, nearMisses.size()))) {
                Map<String, String> one = new LinkedHashMap<>();
                one.put("identifier", m.identifier());
                one.put("row", m.row().describe());
                one.put("reason", m.reason());
                misses.add(one);
            }
            f.put("nearMisses", misses);
            f.put("nearMissCount", nearMisses.size() + nearMissesNotKept);
            f.put("identifiersNotChecked", identifiersNotChecked);
            return f;
        }

        /** The report in a few lines of text, for the import command's output and the application log. */
        public List<String> toLines() {
            List<String> lines = new ArrayList<>();
            StringBuilder head = new StringBuilder("user mapping: ").append(rowsMatched).append(" of ").append(rows)
                    .append(" rows matched a participant");
            if (!unmatched.isEmpty()) {
                head.append("; ").append(unmatched.size()).append(" matched nothing: ");
                head.append(String.join(", ", unmatched.stream().limit(LISTED).map(UserMapping.Row::describe).toList()));
                if (unmatched.size() > LISTED) {
                    head.append(", and ").append(unmatched.size() - LISTED).append(" more");
                }
            }
            lines.add(head.toString());
            for (NearMatches.NearMiss m : nearMisses.subList(0, Math.min(LISTED, nearMisses.size()))) {
                lines.add("user mapping: near miss: " + m.describe());
            }
            long more = nearMisses.size() - Math.min(LISTED, nearMisses.size()) + nearMissesNotKept;
            if (more > 0) {
                lines.add("user mapping: " + more + " more near misses (see the connector log)");
            }
            if (identifiersNotChecked > 0) {
                lines.add("user mapping: " + identifiersNotChecked + " mentions of unmapped identifiers beyond "
                        + MAX_CHECKED + " distinct were not checked for near misses");
            }
            return lines;
        }

        /** Line numbers as ranges, {@code "2-4,7"}. */
        static String ranges(BitSet lines) {
            StringBuilder sb = new StringBuilder();
            for (int start = lines.nextSetBit(0); start >= 0; ) {
                int end = lines.nextClearBit(start) - 1;
                sb.append(sb.isEmpty() ? "" : ",").append(start);
                if (end > start) {
                    sb.append('-').append(end);
                }
                start = lines.nextSetBit(end + 1);
            }
            return sb.toString();
        }

        /** The line numbers of {@link #ranges(BitSet)} text, at most {@code maxLine}; bad parts are skipped. */
        public static BitSet parseRanges(String text, int maxLine) {
            BitSet lines = new BitSet();
            if (text == null) {
                return lines;
            }
            for (String part : text.split(",")) {
                String[] ends = part.strip().split("-", 2);
                try {
                    int from = Integer.parseInt(ends[0]);
                    int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
                    if (from >= 0 && to >= from && to <= maxLine) {
                        lines.set(from, to + 1);
                    }
                } catch (NumberFormatException e) {
                    // not a range: skipped
                }
            }
            return lines;
        }
    }
}

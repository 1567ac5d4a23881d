package io.conduit.status;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one connector's log says, read in one streaming pass over {@code <state>/connector-log/<connector>.jsonl}
 * (the line shapes of {@link io.conduit.state.log.ConnectorLog}): the run totals, the last run and the last successful run,
 * the last failed poll, when each custodian mailbox last received a copy and the newest item it received, the items
 * per day, and how often each unmapped identifier was seen.
 *
 * <p>A successful run is a {@code run} line whose counts balance; a {@code poll-failed} line is a failed run. A line
 * that is not JSON (a write cut short by a crash) is counted in {@link #unreadableLines()} and skipped.
 */
public final class ConnectorActivity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private long runs;
    private long unbalancedRuns;
    private long items;
    private long archived;
    private long copies;
    private long duplicates;
    private long quarantined;
    private long catchAll;
    private long pollFailures;
    private long unreadableLines;
    private Instant lastRun;
    private boolean lastRunOk;
    private Instant lastSuccess;
    private Instant lastPollFailure;
    private String lastPollError;
    private final Map<String, Instant> lastCopyByMailbox = new HashMap<>();
    private final Map<String, Instant> newestItemByMailbox = new HashMap<>();
    private final java.util.TreeMap<java.time.LocalDate, Long> itemsPerDay = new java.util.TreeMap<>();
    private final Map<String, Long> unmapped = new HashMap<>();
    /** Mentions of identifiers first seen after {@link #MAX_UNMAPPED} distinct ones were counted. */
    private long unmappedUncounted;

    /**
     * Most distinct unmapped identifiers counted one by one, so that a page view over a log that named millions of
     * third-party numbers stays small; later ones are counted together ({@link #unmappedUncounted()}).
     */
    static final int MAX_UNMAPPED = 50_000;

    /** Mapping files (by SHA-256) whose use is kept, the most recently seen ones. */
    static final int MAX_MAPPING_FILES = 4;
    /** Near misses kept per mapping file. */
    static final int MAX_NEAR_MISSES = 1_000;
    /** Highest mapping line number recorded (a larger one in a hostile log is ignored). */
    static final int MAX_MAPPING_LINE = 1 << 22;

    /**
     * What the runs recorded with one mapping file said: the lines of the rows that matched (over every such run) and
     * the near misses listed (identifier, row and reason, by identifier and row).
     */
    public record MappingSeen(java.util.BitSet matchedLines, Map<String, Map<String, String>> nearMisses) {
    }

    private final Map<String, MappingSeen> mappingFiles = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MappingSeen> eldest) {
            return size() > MAX_MAPPING_FILES;
        }
    };

    /** An empty activity: a connector that has written no log yet. */
    public ConnectorActivity() {
    }

    /**
     * Reads a connector log file.
     *
     * @param file the {@code .jsonl} file; a missing file is an empty activity
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public static ConnectorActivity read(Path file) {
        ConnectorActivity a = new ConnectorActivity();
        if (!Files.isRegularFile(file)) {
            return a;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    a.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector log " + file, e);
        }
        return a;
    }

    /** Adds one log line (JSON text). */
    void accept(String jsonLine) {
        JsonNode n;
        try {
            n = JSON.readTree(jsonLine);
        } catch (JsonProcessingException e) {
            unreadableLines++;
            return;
        }
        Instant time = instant(n.path("type").asText().equals("run") && n.hasNonNull("end") ? n.path("end") : n.path("time"));
        switch (n.path("type").asText()) {
            case "run" -> run(n, time);
            case "poll-failed" -> {
                pollFailures++;
                if (time != null && (lastPollFailure == null || time.isAfter(lastPollFailure))) {
                    lastPollFailure = time;
                    lastPollError = n.path("error").asText(null);
                }
                if (time != null && (lastRun == null || !time.isBefore(lastRun))) {
                    lastRun = time;
                    lastRunOk = false;
                }
            }
            case "item" -> {
                Instant itemTime = instant(n.path("itemTime"));
                Instant day = itemTime != null ? itemTime : time;
                if (day != null) {
                    itemsPerDay.merge(day.atZone(java.time.ZoneOffset.UTC).toLocalDate(), 1L, Long::sum);
                }
                for (JsonNode copy : n.path("copies")) {
                    String mailbox = copy.path("mailbox").asText("");
                    if (!mailbox.isEmpty() && time != null) {
                        lastCopyByMailbox.merge(mailbox, time, ConnectorActivity::later);
                    }
                    if (!mailbox.isEmpty() && itemTime != null) {
                        newestItemByMailbox.merge(mailbox, itemTime, ConnectorActivity::later);
                    }
                }
                for (JsonNode id : n.path("unmapped")) {
                    String key = id.asText();
                    if (unmapped.size() < MAX_UNMAPPED || unmapped.containsKey(key)) {
                        unmapped.merge(key, 1L, Long::sum);
                    } else {
                        unmappedUncounted++;
                    }
                }
            }
            default -> {
                // duplicate and quarantine lines are counted by their run line
            }
        }
    }

    private void run(JsonNode n, Instant time) {
        runs++;
        long i = n.path("items").asLong();
        long a = n.path("archived").asLong();
        long d = n.path("duplicates").asLong();
        long q = n.path("quarantined").asLong();
        items += i;
        archived += a;
        copies += n.path("copies").asLong();
        duplicates += d;
        quarantined += q;
        catchAll += n.path("catchAll").asLong();
        boolean balanced = n.path("balanced").asBoolean(false) && i == a + d + q;
        if (!balanced) {
            unbalancedRuns++;
        }
        if (time != null && (lastRun == null || !time.isBefore(lastRun))) {
            lastRun = time;
            lastRunOk = balanced;
        }
        if (balanced && time != null && (lastSuccess == null || time.isAfter(lastSuccess))) {
            lastSuccess = time;
        }
        mapping(n.path("mapping"));
    }

    /** Adds a run line's {@code mapping} report ({@link io.conduit.mapping.MappingUsage.Report#toLogFields()}). */
    private void mapping(JsonNode m) {
        String file = m.path("file").asText("");
        if (file.isEmpty()) {
            return;
        }
        MappingSeen seen = mappingFiles.computeIfAbsent(file,
                k -> new MappingSeen(new java.util.BitSet(), new java.util.LinkedHashMap<>()));
        seen.matchedLines().or(io.conduit.mapping.MappingUsage.Report.parseRanges(m.path("matchedLines").asText(null),
                MAX_MAPPING_LINE));
        for (JsonNode miss : m.path("nearMisses")) {
            String identifier = miss.path("identifier").asText("");
            String row = miss.path("row").asText("");
            String key = identifier + "\n" + row;
            if (!identifier.isEmpty() && seen.nearMisses().size() < MAX_NEAR_MISSES) {
                seen.nearMisses().putIfAbsent(key, Map.of("identifier", identifier, "row", row,
                        "reason", miss.path("reason").asText("")));
            }
        }
    }

    private static Instant later(Instant x, Instant y) {
        return x.isAfter(y) ? x : y;
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Number of {@code run} lines. */
    public long runs() {
        return runs;
    }

    /** Runs whose counts did not balance. */
    public long unbalancedRuns() {
        return unbalancedRuns;
    }

    public long items() {
        return items;
    }

    public long archived() {
        return archived;
    }

    public long copies() {
        return copies;
    }

    public long duplicates() {
        return duplicates;
    }

    public long quarantined() {
        return quarantined;
    }

    public long catchAll() {
        return catchAll;
    }

    /** True when the totals balance ({@code items == archived + duplicates + quarantined}) and so did every run. */
    public boolean balanced() {
        return unbalancedRuns == 0 && items == archived + duplicates + quarantined;
    }

    public long pollFailures() {
        return pollFailures;
    }

    public long unreadableLines() {
        return unreadableLines;
    }

    /** End of the last run or failed poll, or {@code null}. */
    public Instant lastRun() {
        return lastRun;
    }

    /** Whether the last run balanced (false for a failed poll). */
    public boolean lastRunOk() {
        return lastRunOk;
    }

    /** End of the last run that balanced, or {@code null}. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    public Instant lastPollFailure() {
        return lastPollFailure;
    }

    /** The error of the last failed poll (third-party text: escape it), or {@code null}. */
    public String lastPollError() {
        return lastPollError;
    }

    /** When each mailbox last received a copy from this connector (lower-case mailbox to log time). */
    public Map<String, Instant> lastCopyByMailbox() {
        return lastCopyByMailbox;
    }

    /**
     * The time of the newest item (when it was sent, from the log's {@code itemTime}) each mailbox received a copy of
     * from this connector; logs written before {@code itemTime} existed give none.
     */
    public Map<String, Instant> newestItemByMailbox() {
        return newestItemByMailbox;
    }

    /**
     * Archived items per UTC day of the items' own time (the log time for lines without {@code itemTime}), in day
     * order; one entry per day that has any, so its size is the number of distinct days.
     */
    public java.util.NavigableMap<java.time.LocalDate, Long> itemsPerDay() {
        return itemsPerDay;
    }

    /** Mentions of unmapped identifiers beyond the {@value #MAX_UNMAPPED} distinct ones counted one by one. */
    public long unmappedUncounted() {
        return unmappedUncounted;
    }

    /**
     * What runs said about each user mapping file they were matched against (by the file's SHA-256; the
     * {@value #MAX_MAPPING_FILES} most recently seen files).
     */
    public Map<String, MappingSeen> mappingFiles() {
        return mappingFiles;
    }

    /** How many archived items named each unmapped identifier (at most {@value #MAX_UNMAPPED} identifiers). */
    public Map<String, Long> unmapped() {
        return unmapped;
    }
}

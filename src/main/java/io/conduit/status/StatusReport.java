package io.conduit.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.conduit.state.log.ConnectorLog;
import io.conduit.state.Quarantine;

/**
 * The status of every connector as the compliance status page shows it, built from the state folder: the connector
 * logs, the quarantine, the mapped custodians and the configured connectors with their crons.
 *
 * <p>Gap alerts:
 * <ul>
 *   <li>{@code custodian-gap}: a custodian of the user mapping whose mailbox received no copy (from any connector's
 *       log) for {@code custodianGapDays} days, or never;</li>
 *   <li>{@code overdue}: a configured connector with a cron whose last successful (balanced) run is older than two of
 *       its fire intervals plus a grace ({@link ScheduleCheck}), or that has no successful run at all. A drop-folder
 *       connector writes a run only when it reads a new or changed export, so for it the alert also means "no new
 *       export arrived";</li>
 *   <li>{@code unbalanced}: a connector with a run whose counts do not balance;</li>
 *   <li>{@code invalid-schedule}: a cron that Quartz cannot parse;</li>
 *   <li>{@code mapping-near-miss}: unmapped identifiers that nearly match a row of the user mapping (a prefix, the
 *       case, a phone number's format): people that probably went to the catch-all mailbox by mistake.</li>
 * </ul>
 *
 * @param generated   when the report was built
 * @param connectors  one row per configured connector, then per connector that has a log but no configuration (the
 *                    {@code import} command's connector ids), by id
 * @param unmapped    the most frequent unmapped identifiers over all connectors, most frequent first
 * @param custodians  each mapped custodian mailbox with its newest item and last copy, by mailbox
 * @param alerts      the gap alerts, in the order above
 * @param mapping     how the runs used the current user mapping file, or {@code null} when none is configured
 */
public record StatusReport(Instant generated, List<ConnectorStatus> connectors, List<Count> unmapped,
                           Map<String, Custodian> custodians, List<Alert> alerts, MappingStatus mapping) {

    /** A report without a user mapping section. */
    public StatusReport(Instant generated, List<ConnectorStatus> connectors, List<Count> unmapped,
                        Map<String, Custodian> custodians, List<Alert> alerts) {
        this(generated, connectors, unmapped, custodians, alerts, null);
    }

    /** How many unmatched rows and near misses the page lists. */
    public static final int LISTED_MAPPING = 100;

    /**
     * How the runs recorded with the current mapping file used it.
     *
     * @param file           SHA-256 of the mapping file
     * @param rows           rows in the file
     * @param runsSeen       whether any connector log has a run matched against this file
     * @param unmatchedCount rows that no such run matched
     * @param unmatched      the first {@value #LISTED_MAPPING} of them, {@code line N `identifier`}
     * @param nearMisses     unmapped identifiers that nearly match a row (from the runs' reports and from the most
     *                       frequent unmapped identifiers), at most {@value #LISTED_MAPPING}
     */
    public record MappingStatus(String file, int rows, boolean runsSeen, int unmatchedCount, List<String> unmatched,
                                List<NearMissRow> nearMisses) {
    }

    /**
     * One near miss on the page.
     *
     * @param identifier the unmapped identifier
     * @param row        the row it nearly matches, {@code line N `identifier`}
     * @param reason     how they differ
     */
    public record NearMissRow(String identifier, String row, String reason) {
    }

    /** How many unmapped identifiers the page lists. */
    public static final int TOP_UNMAPPED = 20;
    /** How many distinct quarantine reasons a connector row lists. */
    public static final int TOP_REASONS = 5;

    /**
     * One connector's row.
     *
     * @param id          connector (route) id
     * @param template    route template id, or {@code null} for a connector that is only in the logs
     * @param cron        Quartz cron, or {@code null}
     * @param activity    what its log says
     * @param quarantine  entries now in quarantine for it
     * @param reasons     its most frequent quarantine reasons, most frequent first
     */
    public record ConnectorStatus(String id, String template, String cron, ConnectorActivity activity, long quarantine,
                                  List<Count> reasons) {
    }

    /**
     * One mapped custodian.
     *
     * @param newestItem when the newest item this mailbox holds a copy of was sent, {@code null} when unknown or none
     * @param lastCopy   when a copy was last written into this mailbox, {@code null}: never
     */
    public record Custodian(Instant newestItem, Instant lastCopy) {
    }

    /** A value (an identifier, a quarantine reason) and how often it was seen. */
    public record Count(String value, long count) {
    }

    /**
     * A gap alert.
     *
     * @param kind    {@code custodian-gap}, {@code overdue}, {@code unbalanced} or {@code invalid-schedule}
     * @param subject the custodian mailbox or connector id
     * @param message what is wrong, in words
     */
    public record Alert(String kind, String subject, String message) {
    }

    /**
     * What a report is built from.
     *
     * @param stateDir          the state folder ({@code conduit.state.dir})
     * @param connectors        configured connectors: id to template parameters (dash-case keys: {@code template-id},
     *                          {@code cron})
     * @param custodians        the mailboxes of the user mapping
     * @param custodianGapDays  days without a copy after which a custodian is reported
     * @param grace             time a run may take after its fire time
     * @param zone              zone the crons are evaluated in
     * @param mapping           the user mapping, or {@code null} when none is configured
     */
    public record Inputs(Path stateDir, Map<String, Map<String, String>> connectors, Set<String> custodians,
                         int custodianGapDays, Duration grace, ZoneId zone, io.conduit.mapping.UserMapping mapping) {

        /** Inputs without a user mapping section. */
        public Inputs(Path stateDir, Map<String, Map<String, String>> connectors, Set<String> custodians,
                      int custodianGapDays, Duration grace, ZoneId zone) {
            this(stateDir, connectors, custodians, custodianGapDays, grace, zone, null);
        }
    }

    /** Builds the report as of {@code now}. */
    public static StatusReport build(Inputs in, Instant now) {
        ConnectorLog log = new ConnectorLog(in.stateDir());
        Map<String, ConnectorActivity> activities = new TreeMap<>();
        for (String id : in.connectors().keySet()) {
            activities.put(id, ConnectorActivity.read(log.file(id)));
        }
        Set<Path> configuredLogs = new java.util.HashSet<>();
        in.connectors().keySet().forEach(id -> configuredLogs.add(log.file(id)));
        for (String id : loggedConnectors(in.stateDir())) {
            if (!configuredLogs.contains(log.file(id))) {
                activities.computeIfAbsent(id, k -> ConnectorActivity.read(log.file(k)));
            }
        }

        Map<String, List<Quarantine.Reason>> quarantined = new HashMap<>();
        for (Quarantine.Reason r : new Quarantine(in.stateDir()).list()) {
            quarantined.computeIfAbsent(String.valueOf(r.connector()), k -> new ArrayList<>()).add(r);
        }

        List<ConnectorStatus> rows = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Map<String, Long> unmapped = new HashMap<>();
        Map<String, Instant> lastCopy = new HashMap<>();
        Map<String, Instant> newestItem = new HashMap<>();
        for (Map.Entry<String, ConnectorActivity> e : activities.entrySet()) {
            String id = e.getKey();
            ConnectorActivity a = e.getValue();
            Map<String, String> params = in.connectors().getOrDefault(id, Map.of());
            List<Quarantine.Reason> q = quarantined.getOrDefault(id, List.of());
            Map<String, Long> reasons = new HashMap<>();
            q.forEach(r -> reasons.merge(String.valueOf(r.message()), 1L, Long::sum));
            rows.add(new ConnectorStatus(id, params.get("template-id"), params.get("cron"), a, q.size(),
                    top(reasons, TOP_REASONS)));
            a.unmapped().forEach((k, v) -> unmapped.merge(k, v, Long::sum));
            a.lastCopyByMailbox().forEach((k, v) -> lastCopy.merge(k, v, StatusReport::later));
            a.newestItemByMailbox().forEach((k, v) -> newestItem.merge(k, v, StatusReport::later));
        }

        Map<String, Custodian> custodians = new TreeMap<>();
        Instant gapLimit = now.minus(Duration.ofDays(in.custodianGapDays()));
        for (String mailbox : new java.util.TreeSet<>(in.custodians())) {
            Instant last = lastCopy.get(mailbox);
            custodians.put(mailbox, new Custodian(newestItem.get(mailbox), last));
            if (last == null) {
                alerts.add(new Alert("custodian-gap", mailbox, "no item archived for this custodian yet"));
            } else if (last.isBefore(gapLimit)) {
                alerts.add(new Alert("custodian-gap", mailbox, "no item archived for this custodian for "
                        + Duration.between(last, now).toDays() + " days (limit " + in.custodianGapDays() + ")"));
            }
        }
        for (ConnectorStatus row : rows) {
            if (row.cron() == null || row.cron().isBlank()) {
                continue;
            }
            Instant success = row.activity().lastSuccess();
            try {
                ScheduleCheck.deadline(row.cron(), now, in.zone(), in.grace());
                if (success == null) {
                    alerts.add(new Alert("overdue", row.id(), "no successful run recorded"));
                } else if (ScheduleCheck.overdue(row.cron(), success, now, in.zone(), in.grace())) {
                    alerts.add(new Alert("overdue", row.id(), "last successful run " + success
                            + " is older than two intervals of its schedule " + row.cron()));
                }
            } catch (IllegalArgumentException ex) {
                alerts.add(new Alert("invalid-schedule", row.id(), ex.getMessage()));
            }
        }
        for (ConnectorStatus row : rows) {
            if (!row.activity().balanced()) {
                alerts.add(new Alert("unbalanced", row.id(), row.activity().unbalancedRuns()
                        + " run(s) whose counts do not balance: see the connector log"));
            }
        }
        MappingStatus mapping = in.mapping() == null ? null : mappingStatus(in.mapping(), activities.values(), unmapped);
        if (mapping != null && !mapping.nearMisses().isEmpty()) {
            alerts.add(new Alert("mapping-near-miss", "user mapping", mapping.nearMisses().size()
                    + " unmapped identifier(s) nearly match a mapping row: see the user mapping section"));
        }
        return new StatusReport(now, rows, top(unmapped, TOP_UNMAPPED), custodians, alerts, mapping);
    }

    /**
     * The rows of the current mapping file that no run recorded with it matched, and the near misses: those the runs
     * listed, then those of the unmapped identifiers counted from the logs (at most {@code ConnectorActivity}'s bound
     * of distinct identifiers per connector), checked against the current file.
     */
    static MappingStatus mappingStatus(io.conduit.mapping.UserMapping mapping, java.util.Collection<ConnectorActivity> activities,
                                       Map<String, Long> unmapped) {
        java.util.BitSet matched = new java.util.BitSet();
        boolean seen = false;
        Map<String, NearMissRow> misses = new LinkedHashMap<>();
        for (ConnectorActivity a : activities) {
            ConnectorActivity.MappingSeen s = a.mappingFiles().get(mapping.sha256());
            if (s != null) {
                seen = true;
                matched.or(s.matchedLines());
                for (Map<String, String> m : s.nearMisses().values()) {
                    if (misses.size() < LISTED_MAPPING) {
                        misses.putIfAbsent(m.get("identifier") + "\n" + m.get("row"),
                                new NearMissRow(m.get("identifier"), m.get("row"), m.get("reason")));
                    }
                }
            }
        }
        for (Count c : top(unmapped, unmapped.size())) {
            if (misses.size() >= LISTED_MAPPING) {
                break;
            }
            mapping.nearMatches().find(c.value()).ifPresent(m -> misses.putIfAbsent(m.identifier() + "\n" + m.row().describe(),
                    new NearMissRow(m.identifier(), m.row().describe(), m.reason())));
        }
        List<String> unmatched = new ArrayList<>();
        int unmatchedCount = 0;
        for (io.conduit.mapping.UserMapping.Row row : mapping.rows()) {
            if (!matched.get(row.line())) {
                unmatchedCount++;
                if (unmatched.size() < LISTED_MAPPING) {
                    unmatched.add(row.describe());
                }
            }
        }
        return new MappingStatus(mapping.sha256(), mapping.rows().size(), seen, seen ? unmatchedCount : 0,
                seen ? unmatched : List.of(), List.copyOf(misses.values()));
    }

    private static Instant later(Instant x, Instant y) {
        return x.isAfter(y) ? x : y;
    }

    /** Connector ids that have a log file (file name without {@code .jsonl}). */
    static List<String> loggedConnectors(Path stateDir) {
        Path dir = stateDir.resolve("connector-log");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl"))
                    .map(n -> n.substring(0, n.length() - ".jsonl".length())).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list connector logs in " + dir, e);
        }
    }

    static List<Count> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit).map(e -> new Count(e.getKey(), e.getValue())).toList();
    }

    /** Totals over every connector: items, archived, duplicates, quarantined (for the page's footer). */
    public Map<String, Long> totals() {
        Map<String, Long> t = new LinkedHashMap<>();
        t.put("items", connectors.stream().mapToLong(c -> c.activity().items()).sum());
        t.put("archived", connectors.stream().mapToLong(c -> c.activity().archived()).sum());
        t.put("duplicates", connectors.stream().mapToLong(c -> c.activity().duplicates()).sum());
        t.put("quarantined", connectors.stream().mapToLong(c -> c.activity().quarantined()).sum());
        return t;
    }
}

package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.ledger.DemoArchive.Result;
import org.junit.jupiter.api.Test;

/**
 * The findings {@code conduit verify} reports beyond {@link VerifyMaildirTest}'s: a rewritten link, a copy recorded
 * twice, several entries removed, a sequence number far ahead, a message stored twice, and the scope options. Pinned
 * before the verification was made to stream, so that the streaming one reports the same.
 */
class VerifyFindingsTest extends DemoArchive.Imported {

    private static final ObjectMapper JSON = DemoArchive.JSON;

    private Result verify(String... more) throws Exception {
        return demo.verify(more);
    }

    /** {@code conduit verify} with a system property set for its run. */
    private Result verifyWith(String property, String value) throws Exception {
        System.setProperty(property, value);
        try {
            return verify();
        } finally {
            System.clearProperty(property);
        }
    }

    private List<String> lines() throws Exception {
        return demo.ledgerLines();
    }

    private static Map<String, Object> entry(String line) throws Exception {
        return DemoArchive.entry(line);
    }

    /** An entry as a forger who knows the format writes it: its hash recomputed, so it is not "edited". */
    private static String rehashed(Map<String, Object> e) {
        e.remove("hash");
        e.put("hash", Canonical.sha256(Canonical.bytes(e)));
        return Canonical.utf8(Canonical.bytes(e));
    }

    /** An entry numbered {@code seq} that links to the last line's entry, rehashed. */
    private static String chainedAfterLast(List<String> lines, Map<String, Object> e, long seq) throws Exception {
        e.put("seq", seq);
        e.put("prev", entry(lines.get(lines.size() - 1)).get("hash"));
        return rehashed(e);
    }

    private int firstCopyLine(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains("\"type\":\"copy\"")) {
                return i;
            }
        }
        throw new AssertionError("no copy entry after line " + from);
    }

    @Test
    void an_entry_whose_prev_was_rewritten_and_rehashed_is_a_broken_link() throws Exception {
        List<String> lines = lines();
        Map<String, Object> e = entry(lines.get(5));
        e.put("prev", "0".repeat(64));
        lines.set(5, rehashed(e));
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line 6: broken-link: entry 6 does not follow the entry before it")
                .doesNotContain(": edited:");
        // the next entry still names the stored hash of entry 6's first version: now a broken link too
        assertThat(r.out).contains("line 7: broken-link: entry 7");
        assertThat(r.summary).containsEntry("ledger_findings", 2).containsEntry("missing", 0).containsEntry("altered", 0);
    }

    @Test
    void a_copy_recorded_again_under_a_new_sequence_number_is_a_double_entry() throws Exception {
        List<String> lines = lines();
        Map<String, Object> again = entry(lines.get(firstCopyLine(lines, 0)));
        long seq = lines.size() + 1;
        lines.add(chainedAfterLast(lines, again, seq));
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line " + seq + ": double-entry: entry " + seq + " records a copy (" + again.get("messageId")
                + " in " + again.get("mailbox") + " / " + again.get("folder") + ") recorded before");
        assertThat(r.out).contains(": unsealed (warning): 1 entries after the last seal");
        assertThat(r.summary).containsEntry("missing", 0).containsEntry("altered", 0).containsEntry("unknown", 0);
    }

    @Test
    void three_lines_removed_are_reported_as_one_range_of_missing_entries() throws Exception {
        List<String> lines = lines();
        lines.subList(8, 11).clear(); // entries 9, 10 and 11
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line 9: removed: entries 9-11 missing before entry 12");
        assertThat(r.out).doesNotContain("reordered").doesNotContain("broken-link");
    }

    @Test
    void an_entry_moved_ahead_of_a_gap_is_reordered_not_removed() throws Exception {
        List<String> lines = lines();
        String moved = lines.remove(6); // entry 7 goes after entry 9
        lines.add(8, moved);
        Files.write(ledger, lines);

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line 7: reordered: entry 8 comes before entry 7")
                .contains("line 9: reordered: entry 7 comes after entry 9")
                .doesNotContain(": removed:");
    }

    @Test
    void a_sequence_number_far_ahead_is_reported_at_once() throws Exception {
        List<String> lines = lines();
        Map<String, Object> far = entry(lines.get(firstCopyLine(lines, 0)));
        long next = lines.size() + 1;
        long farSeq = 1_000_000_000_000_000L;
        far.put("messageId", "<far@example.com>");
        lines.add(chainedAfterLast(lines, far, farSeq));
        Files.write(ledger, lines);

        Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> verify());

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("line " + next + ": removed: entries " + next + "-" + (farSeq - 1)
                + " missing before entry " + farSeq);
        // the copy it names was never stored
        assertThat(r.summary).containsEntry("missing", 1);
    }

    @Test
    void a_copy_stored_twice_in_its_folder_is_reported_as_a_second_message() throws Exception {
        List<String> lines = lines();
        Map<String, Object> copy = entry(lines.get(firstCopyLine(lines, 0)));
        Path file = tmp.resolve("archive").resolve(String.valueOf(copy.get("correlationId")));
        Files.copy(file, file.resolveSibling("1700000000.Mtwice.host"));

        Result r = verify();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.summary).containsEntry("unknown", 1).containsEntry("missing", 0).containsEntry("altered", 0);
        assertThat(r.out).contains("unknown: " + copy.get("mailbox")).contains(copy.get("messageId") + ": a second message with this Message-ID");
    }

    @Test
    void the_scope_options_check_only_the_copies_they_name() throws Exception {
        List<Map<String, Object>> copies = demo.copies();
        String mailbox = String.valueOf(copies.get(0).get("mailbox"));
        long inMailbox = copies.stream().filter(c -> mailbox.equalsIgnoreCase(String.valueOf(c.get("mailbox")))).count();
        assertThat(inMailbox).isLessThan(copies.size());
        String connector = String.valueOf(copies.get(0).get("connector"));

        Result one = verify("--mailbox", mailbox.toUpperCase(java.util.Locale.ROOT));
        Result all = verify("--connector", connector);
        Result none = verify("--until", "2000-01-01");
        Result other = verify("--connector", "no-such-connector");

        assertThat(one.exit).as(one.out).isZero();
        assertThat(one.summary).containsEntry("intact", true).containsEntry("checked", (int) inMailbox);
        assertThat(all.summary).containsEntry("intact", true).containsEntry("checked", copies.size());
        assertThat(none.summary).containsEntry("checked", 0);
        assertThat(other.summary).containsEntry("checked", 0);
    }

    @Test
    void the_reports_name_every_ledger_with_its_entry_count() throws Exception {
        int entries = lines().size();

        Result r = verify();

        assertThat(r.exit).as(r.out).isZero();
        Map<String, Object> report = JSON.readValue(tmp.resolve("report/verify-report.json").toFile(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ledgers = (List<Map<String, Object>>) report.get("ledgers");
        assertThat(ledgers).hasSize(1);
        assertThat(ledgers.get(0)).containsEntry("entries", entries).containsEntry("seals", 2).containsEntry("intact", true);
        assertThat(Files.readString(tmp.resolve("report/verify-report.html"))).contains("<td>" + entries + "</td>");
    }

    @Test
    void problems_beyond_the_listed_ones_are_counted_exactly_and_all_written_to_the_problems_file() throws Exception {
        List<Map<String, Object>> copies = demo.copies();
        String mailbox = String.valueOf(copies.get(0).get("mailbox"));
        List<Map<String, Object>> lost = copies.stream().filter(c -> mailbox.equals(c.get("mailbox"))).toList();
        assertThat(lost.size()).isGreaterThan(5);
        for (Map<String, Object> c : lost) {
            Files.delete(tmp.resolve("archive").resolve(String.valueOf(c.get("correlationId"))));
        }

        Result r = verifyWith("conduit.verify.listed-problems", "3");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.summary).containsEntry("intact", false).containsEntry("missing", lost.size())
                .containsEntry("checked", copies.size());
        assertThat(r.out.lines().filter(l -> l.startsWith("missing: "))).hasSize(3);
        assertThat(r.out).contains("... and " + (lost.size() - 3) + " more problems, not listed here: every problem is in ");
        List<String> all = Files.readAllLines(tmp.resolve("report").resolve(ArchiveVerifier.PROBLEMS_FILE));
        assertThat(all).hasSize(lost.size());
        List<Object> ids = new ArrayList<>();
        for (String line : all) {
            Map<String, Object> p = entry(line);
            assertThat(p).containsEntry("kind", "missing").containsEntry("mailbox", mailbox);
            ids.add(p.get("messageId"));
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(lost.stream().map(c -> c.get("messageId")).toList());
        assertThat(tmp.resolve("report").resolve(ArchiveVerifier.PROBLEMS_FILE + ".tmp")).doesNotExist();
        Map<String, Object> report = JSON.readValue(tmp.resolve("report/verify-report.json").toFile(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        assertThat(report).containsEntry("unlistedProblems", lost.size() - 3).containsEntry("intact", false);

        // a run that fails part-way (the store refuses the connection) leaves that report and its problems as they were
        Result failed = DemoArchive.cli("verify", "--to", "imap://127.0.0.1:1?starttls=false", "--imap-user", "x",
                "--imap-password-file", java.nio.file.Files.writeString(tmp.resolve("pw"), "x").toString(),
                "--state", tmp.resolve("state").toString(), "--report", tmp.resolve("report").toString());
        assertThat(failed.exit).as(failed.out).isEqualTo(1);
        assertThat(failed.out).contains("verify failed");
        assertThat(Files.readAllLines(tmp.resolve("report").resolve(ArchiveVerifier.PROBLEMS_FILE))).isEqualTo(all);
        assertThat(tmp.resolve("report").resolve(ArchiveVerifier.PROBLEMS_FILE + ".tmp")).doesNotExist();
        assertThat((List<?>) report.get("problems")).hasSize(3);
        // the status page's record counts every problem, not only those listed
        Map<String, Object> last = ArchiveVerifier.readLast(tmp.resolve("state/ledger"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> connectors = (Map<String, Map<String, Object>>) last.get("connectors");
        assertThat(connectors.values().iterator().next()).containsEntry("problems", lost.size()).containsEntry("intact", false);
    }

    @Test
    void findings_beyond_the_listed_ones_are_counted_and_still_fail_the_ledger() throws Exception {
        List<String> lines = lines();
        List<String> edited = new ArrayList<>();
        for (String line : lines) {
            edited.add(line.replace("\"connector\":\"", "\"connector\":\"x"));
        }
        Files.write(ledger, edited);

        Result r = verifyWith("conduit.verify.listed-findings", "2");

        assertThat(r.exit).isEqualTo(1);
        // every entry edited, and each seal's signature no longer matches its content either
        long seals = lines.stream().filter(l -> l.contains("\"type\":\"seal\"")).count();
        long all = lines.size() + seals;
        assertThat(r.out.lines().filter(l -> l.contains(": edited: "))).hasSize(2);
        assertThat(r.out).contains(": ... and " + (all - 2) + " more findings, not listed (" + (all - 2) + " of them failing)");
        assertThat(r.summary).containsEntry("ledger_findings", (int) all).containsEntry("intact", false);
    }
}

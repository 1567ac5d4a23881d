package io.conduit.mapping;

import static io.conduit.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.conduit.model.Participant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bare source ids in the user mapping, the rows a run never matched and the near misses it reports (issue 11, point 3:
 * a Slack row {@code UOF82F39AE,ops@corp.example} matched nothing because the participant's handle is
 * {@code slack:UOF82F39AE}, and nothing said so).
 */
class MappingDiagnosticsTest {

    @TempDir
    Path dir;

    private MailboxResolver resolver;

    private MailboxResolver resolver(String region, String csv) throws Exception {
        return new MailboxResolver(UserMapping.load(Files.writeString(dir.resolve(region + ".csv"), csv), region),
                Set.of(), "catch-all@corp.example");
    }

    @BeforeEach
    void mapping() throws Exception {
        resolver = resolver("US", """
                # the header row may be left out
                UOF82F39AE,ops@corp.example,Ops Desk
                F92C9890-2C95-428B-8A32-083528620D31,visitor@corp.example
                1964312974236991488,milan@corp.example
                7700 900123,alice@corp.example
                u0bobby01,bob@corp.example
                Carol Smith,carol@corp.example
                +1 415 555 0134,nobody@corp.example
                telegram:user123456,dora@corp.example
                """);
    }

    private static Participant handle(String name, String handle) {
        return new Participant(name, null, null, handle);
    }

    @Test
    void a_bare_slack_id_row_matches_the_slack_prefixed_handle() {
        assertThat(resolver.resolve(handle("Ops", "slack:UOF82F39AE"))).get()
                .extracting(UserMapping.Entry::mailbox).isEqualTo("ops@corp.example");
    }

    @Test
    void a_bare_uuid_row_matches_any_prefix_and_case() {
        assertThat(resolver.resolve(handle(null, "lp-consumer:f92c9890-2c95-428b-8a32-083528620d31"))).get()
                .extracting(UserMapping.Entry::mailbox).isEqualTo("visitor@corp.example");
        assertThat(resolver.resolve(handle(null, "signal:F92C9890-2C95-428B-8A32-083528620D31"))).isPresent();
    }

    @Test
    void a_prefixed_jid_row_is_a_handle_and_a_bare_jid_an_email() throws Exception {
        MailboxResolver jids = resolver("GB", "xmpp:dave@im.example,dave@corp.example\nerin@im.example,erin@corp.example\n");
        assertThat(jids.resolve(new Participant("dave@im.example", null, "dave@im.example", "xmpp:dave@im.example")))
                .get().extracting(UserMapping.Entry::mailbox).isEqualTo("dave@corp.example");
        assertThat(jids.resolve(new Participant("erin@im.example", null, "erin@im.example", "xmpp:erin@im.example")))
                .get().extracting(UserMapping.Entry::mailbox).isEqualTo("erin@corp.example");
    }

    @Test
    void a_bare_numeric_id_is_ambiguous_between_sources_and_matches_nothing() {
        assertThat(resolver.resolve(handle("@milahu104", "twitter:1964312974236991488"))).isEmpty();
        assertThat(resolver.resolve(handle(null, "facebook:1964312974236991488"))).isEmpty();
    }

    @Test
    void a_row_that_matched_nothing_and_the_near_misses_are_reported_after_the_run() {
        MappingUsage usage = new MappingUsage();
        resolver.route(item("1", handle("Ops", "slack:UOF82F39AE"), List.of(
                handle("@milahu104", "twitter:1964312974236991488"),
                new Participant("Alice", "+447700900123", null, null),
                handle("Bob", "slack:U0BOBBY01"),
                handle("carol smith", "carol smith"),
                handle("Dora", "user123456")), "hi"), usage);

        MappingUsage.Report report = usage.report();
        assertThat(report.rows()).isEqualTo(8);
        assertThat(report.rowsMatched()).isEqualTo(1);
        assertThat(report.unmatched()).extracting(UserMapping.Row::line).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(report.nearMisses()).extracting(NearMatches.NearMiss::describe).containsExactly(
                "`twitter:1964312974236991488` nearly matches line 4 `1964312974236991488`: the same id without the "
                        + "source prefix `twitter:` (write `twitter:1964312974236991488`)",
                "`+447700900123` nearly matches line 5 `7700 900123`: the same national number under another country "
                        + "code: the row was read as +17700900123 (default region US); write it with its country code",
                "`slack:U0BOBBY01` nearly matches line 6 `u0bobby01`: the same id without the source prefix `slack:` "
                        + "(write `slack:U0BOBBY01`), and differs in case (handles and names are compared exactly)",
                "`carol smith` nearly matches line 7 `Carol Smith`: differs in case (handles and names are compared exactly)",
                "`user123456` nearly matches line 9 `telegram:user123456`: the same id with a prefix `telegram:` that "
                        + "this source does not use (write `user123456`)");
        assertThat(report.toLogFields()).containsEntry("rowsUnmatched", 7).containsEntry("matchedLines", "2")
                .containsEntry("nearMissCount", 5L);
        assertThat(report.toLines().get(0)).startsWith("user mapping: 1 of 8 rows matched a participant; 7 matched "
                + "nothing: line 3 `F92C9890-2C95-428B-8A32-083528620D31`");
    }

    @Test
    void a_phone_row_in_another_format_is_a_near_miss_of_the_e164_number() throws Exception {
        MailboxResolver us = resolver("US", "447700900123,alice@corp.example\n");
        MappingUsage usage = new MappingUsage();

        us.route(item("1", new Participant(null, "+447700900123", null, null), List.of(handle("X", "x")), "hi"), usage);

        assertThat(usage.report().nearMisses()).singleElement().extracting(NearMatches.NearMiss::reason)
                .isEqualTo("the same phone digits written another way: the row was not read as a phone number in "
                        + "default region US; write it in E.164 (+ and country code)");
    }

    @Test
    void usage_is_bounded_and_each_identifier_is_checked_once() {
        MappingUsage usage = new MappingUsage();
        for (int i = 0; i < MappingUsage.MAX_CHECKED + 10; i++) {
            resolver.route(item(String.valueOf(i), handle(null, "x" + i), List.of(handle(null, "slack:U0BOBBY01")), "hi"),
                    usage);
        }
        MappingUsage.Report report = usage.report();
        assertThat(report.nearMisses()).hasSize(1);
        assertThat(report.identifiersNotChecked()).isEqualTo(11);
    }

    @Test
    void line_ranges_round_trip() {
        java.util.BitSet lines = MappingUsage.Report.parseRanges("2-4,7,x,9-8", 100);
        assertThat(MappingUsage.Report.ranges(lines)).isEqualTo("2-4,7");
    }

    @Test
    void a_value_that_is_not_an_email_address_is_not_an_email() {
        assertThat(EmailAddresses.normalize("TQ2NR0wy2HFezy 3d")).isNull();
        assertThat(EmailAddresses.normalize("Bob <bob@example.com>")).isNull();
        assertThat(EmailAddresses.normalize("a@b..c")).isNull();
        assertThat(EmailAddresses.normalize("group: a@b.c;")).isNull();
        assertThat(EmailAddresses.normalize(" Bob.Jones@Example.com ")).isEqualTo("bob.jones@example.com");
    }
}

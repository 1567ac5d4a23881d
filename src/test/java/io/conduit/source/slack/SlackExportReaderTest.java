package io.conduit.source.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.model.UnreadRest;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SlackExportReader} on fixture exports written from Slack's published format documents, since no real Slack
 * export is among the shared samples: "How to read Slack data exports" (https://slack.com/help/articles/220556107:
 * {@code channels.json}, {@code groups.json}, {@code dms.json}, {@code mpims.json}, {@code users.json} and
 * {@code org_users.json} on Enterprise Grid, one folder per conversation with {@code YYYY-MM-DD.json}), the message
 * event reference (https://docs.slack.dev/reference/events/message: {@code ts}, {@code thread_ts}, {@code edited},
 * {@code files}, {@code reactions}, subtypes such as {@code channel_join}, {@code channel_topic} and
 * {@code bot_message}), and the {@code tombstone} a deleted thread parent leaves (as Slack's API returns it, e.g.
 * slack-edge/slack-edge pull request 10). The fixtures are under {@code src/test/resources/io/conduit/source/slack/}.
 */
class SlackExportReaderTest {

    static final SourceSettings SETTINGS = new SourceSettings("slack-test", ZoneOffset.UTC, null, "GB");

    @TempDir
    Path tmp;

    private List<Object> read(Path zip) throws Exception {
        List<Object> all = new ArrayList<>();
        try (SourceRecords records = SlackExportReader.open(zip, SETTINGS)) {
            records.forEachRemaining(all::add);
        }
        return all;
    }

    private static List<ArchiveItem> items(List<Object> records) {
        return records.stream().filter(ArchiveItem.class::isInstance).map(ArchiveItem.class::cast).toList();
    }

    private static List<RejectedRecord> rejected(List<Object> records) {
        return records.stream().filter(RejectedRecord.class::isInstance).map(RejectedRecord.class::cast).toList();
    }

    private static ArchiveItem item(List<Object> records, Predicate<ArchiveItem> which) {
        return items(records).stream().filter(which).findFirst().orElseThrow();
    }

    private static ArchiveItem byId(List<Object> records, String itemId) {
        return item(records, i -> i.itemId().equals(itemId));
    }

    @Test
    void every_message_of_every_conversation_becomes_one_item_in_index_then_day_order() throws Exception {
        List<Object> records = read(SlackExports.clean(tmp.resolve("acme.zip")));

        assertThat(rejected(records)).isEmpty();
        assertThat(items(records)).extracting(ArchiveItem::conversationId).containsExactly(
                "C01GENERAL", "C01GENERAL", "C01GENERAL", "C01GENERAL", "C01GENERAL", "C01GENERAL", "C01GENERAL",
                "C01GENERAL", "C01GENERAL", "C02RANDOM", "G01DEALS", "G02MPIM", "D01ALICEBOB");
        assertThat(items(records)).allMatch(i -> i.source().equals("Slack") && i.connectorId().equals("slack-test"))
                .allMatch(i -> i.itemId().startsWith(i.conversationId() + ":17053"))
                .allMatch(i -> i.sourceSha256().matches("[0-9a-f]{64}"));
        assertThat(items(records).get(1).sourceRef()).isEqualTo("acme.zip!general/2024-01-15.json[1]");
    }

    @Test
    void item_ids_are_the_channel_id_and_ts_and_identical_across_reads() throws Exception {
        Path zip = SlackExports.clean(tmp.resolve("acme.zip"));
        List<Object> first = read(zip);
        List<Object> second = read(SlackExports.zip(tmp.resolve("later.zip"), "", Map.of(), SlackExports.EXPORT));

        ArchiveItem parent = byId(first, "C01GENERAL:1705309200.000200");
        assertThat(parent.version()).isEqualTo(1);
        assertThat(items(second)).extracting(ArchiveItem::idempotencyKey)
                .containsExactlyElementsOf(items(first).stream().map(ArchiveItem::idempotencyKey).toList());
        assertThat(items(second)).extracting(ArchiveItem::sourceSha256)
                .containsExactlyElementsOf(items(first).stream().map(ArchiveItem::sourceSha256).toList());
    }

    @Test
    void ts_is_utc_epoch_seconds_with_microseconds() throws Exception {
        ArchiveItem parent = byId(read(SlackExports.clean(tmp.resolve("acme.zip"))), "C01GENERAL:1705309200.000200");

        assertThat(parent.timestamp()).isEqualTo(Instant.ofEpochSecond(1705309200L, 200_000L));
        assertThat(parent.timestamp()).isEqualTo(Instant.parse("2024-01-15T09:00:00.000200Z"));
    }

    @Test
    void senders_map_through_users_json_and_org_users_json_with_their_profile_email() throws Exception {
        List<Object> records = read(SlackExports.clean(tmp.resolve("acme.zip")));

        Participant alice = byId(records, "C01GENERAL:1705309200.000200").sender();
        assertThat(alice).isEqualTo(new Participant("Alice Smith", null, "alice@example.com", "slack:U01ALICE"));
        Participant bob = byId(records, "C01GENERAL:1705309300.000300").sender();
        assertThat(bob.email()).isEqualTo("bob.jones@example.com");
        Participant carol = byId(records, "C01GENERAL:1705309500.000400").sender();
        assertThat(carol.displayName()).as("deleted user, name from profile.real_name").isEqualTo("Carol White");
        Participant dave = byId(records, "C01GENERAL:1705305600.000100").sender();
        assertThat(dave).as("Enterprise Grid user from org_users.json")
                .isEqualTo(new Participant("Dave Grid", null, "dave@example.org", "slack:W05DAVE"));
    }

    @Test
    void recipients_are_the_conversations_other_members() throws Exception {
        List<Object> records = read(SlackExports.clean(tmp.resolve("acme.zip")));

        assertThat(byId(records, "C01GENERAL:1705309200.000200").recipients()).extracting(Participant::handle)
                .containsExactly("slack:U02BOB", "slack:U03CAROL", "slack:W05DAVE");
        assertThat(byId(records, "G01DEALS:1705311000.000100").recipients()).extracting(Participant::email)
                .containsExactly("carol@example.com");
        assertThat(byId(records, "G02MPIM:1705312000.000100").recipients()).extracting(Participant::email)
                .containsExactly("alice@example.com", "bob.jones@example.com");
        assertThat(byId(records, "D01ALICEBOB:1705313000.000100").recipients()).extracting(Participant::email)
                .containsExactly("bob.jones@example.com");
    }

    @Test
    void public_and_private_channels_are_channels_mpims_groups_and_dms_direct() throws Exception {
        List<Object> records = read(SlackExports.clean(tmp.resolve("acme.zip")));

        ArchiveItem general = byId(records, "C01GENERAL:1705309200.000200");
        assertThat(general.conversationType()).isEqualTo(ConversationType.CHANNEL);
        assertThat(general.conversationName()).isEqualTo("general");
        assertThat(general.subject()).isEqualTo("[Slack] #general \u2014 2024-01-15");
        ArchiveItem deals = byId(records, "G01DEALS:1705311000.000100");
        assertThat(deals.conversationType()).isEqualTo(ConversationType.CHANNEL);
        assertThat(deals.subject()).isEqualTo("[Slack] #deal-team (private) \u2014 2024-01-15");
        ArchiveItem mpim = byId(records, "G02MPIM:1705312000.000100");
        assertThat(mpim.conversationType()).isEqualTo(ConversationType.GROUP);
        assertThat(mpim.conversationName()).isEqualTo("Alice Smith, Bob Jones, Carol White");
        ArchiveItem dm = byId(records, "D01ALICEBOB:1705313000.000100");
        assertThat(dm.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(dm.conversationName()).isEqualTo("Alice Smith, Bob Jones");
        assertThat(items(records)).allMatch(i -> i.messageClass().startsWith("IPM.NOTE.Slack."));
        assertThat(general.messageClass()).isEqualTo("IPM.NOTE.Slack.Message");
    }

    @Test
    void thread_parent_lists_its_replies_and_replies_name_their_thread() throws Exception {
        List<Object> records = read(SlackExports.clean(tmp.resolve("acme.zip")));

        ArchiveItem parent = byId(records, "C01GENERAL:1705309200.000200");
        assertThat(parent.body()).startsWith("Quarterly numbers are in, see #random and @here")
                .contains("[thread: 2 replies, the last at 2024-01-15T09:05:00.000400Z]");
        ArchiveItem reply = byId(records, "C01GENERAL:1705309300.000300");
        assertThat(reply.body()).isEqualTo("[reply in the thread of Alice Smith (U01ALICE)'s message sent at "
                + "2024-01-15T09:00:00.000200Z (thread_ts 1705309200.000200)]\nLooks good @Alice Smith");
    }

    @Test
    void an_edited_message_is_a_later_version_flagged_edited_with_editor_and_time() throws Exception {
        ArchiveItem edited = byId(read(SlackExports.clean(tmp.resolve("acme.zip"))), "C01GENERAL:1705309500.000400");

        assertThat(edited.events()).containsExactly(ItemEvent.EDITED);
        assertThat(edited.version()).as("1 + ms from sending to the edit").isEqualTo(60_001);
        assertThat(edited.body()).contains("Approved, with the corrected total")
                .contains("[edited by Carol White (U03CAROL) at 2024-01-15T09:06:00Z]");
    }

    @Test
    void a_tombstone_is_the_deleted_last_version_of_its_thread_parent() throws Exception {
        List<Object> records = read(SlackExports.clean(tmp.resolve("acme.zip")));

        ArchiveItem tombstone = byId(records, "C01GENERAL:1705395600.000100");
        assertThat(tombstone.events()).containsExactly(ItemEvent.DELETED);
        assertThat(tombstone.version()).isEqualTo(Integer.MAX_VALUE);
        assertThat(tombstone.sender().displayName()).isEqualTo("Slackbot");
        assertThat(tombstone.body()).contains("This message was deleted.").contains("[thread: 1 replies");
        assertThat(byId(records, "C01GENERAL:1705395700.000200").body())
                .startsWith("[reply in the thread of Slackbot (USLACKBOT)'s message");
    }

    @Test
    void joins_and_topic_changes_are_system_events_naming_their_subtype() throws Exception {
        List<Object> records = read(SlackExports.clean(tmp.resolve("acme.zip")));

        ArchiveItem join = byId(records, "C01GENERAL:1705305600.000100");
        assertThat(join.messageClass()).isEqualTo("IPM.NOTE.Slack.SystemEvent");
        assertThat(join.body()).isEqualTo("[Slack event: channel_join]\n@Dave Grid has joined the channel");
        ArchiveItem topic = byId(records, "C01GENERAL:1705320000.000700");
        assertThat(topic.messageClass()).isEqualTo("IPM.NOTE.Slack.SystemEvent");
        assertThat(topic.body()).contains("[Slack event: channel_topic]").contains("set the channel topic: Q4 close");
    }

    @Test
    void files_are_links_with_name_size_and_type() throws Exception {
        ArchiveItem deck = byId(read(SlackExports.clean(tmp.resolve("acme.zip"))), "C01GENERAL:1705316400.000600");

        assertThat(deck.attachments()).isEmpty();
        assertThat(deck.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(deck.body()).isEqualTo("Here is the deck\n[file: Q4-deck.pdf (482133 bytes, application/pdf) "
                + "<https://files.slack.com/files-pri/T01ACME-F01DECK/q4-deck.pdf>]");
    }

    @Test
    void reactions_are_listed_with_their_count_and_users() throws Exception {
        ArchiveItem parent = byId(read(SlackExports.clean(tmp.resolve("acme.zip"))), "C01GENERAL:1705309200.000200");

        assertThat(parent.body())
                .contains("[reaction :thumbsup: \u00d7 2 by Bob Jones (U02BOB), Carol White (U03CAROL)]")
                .contains("[reaction :eyes: \u00d7 1 by Dave Grid (W05DAVE)]");
    }

    @Test
    void bot_messages_are_messages_from_the_bot_with_their_attachment_cards() throws Exception {
        ArchiveItem bot = byId(read(SlackExports.clean(tmp.resolve("acme.zip"))), "C01GENERAL:1705312800.000500");

        assertThat(bot.messageClass()).isEqualTo("IPM.NOTE.Slack.Message");
        assertThat(bot.sender()).isEqualTo(new Participant("deploybot", null, null, "slack:B01DEPLOY"));
        assertThat(bot.body()).isEqualTo("Deploy of release 4.2 finished\n"
                + "[attachment: Build 812 <https://ci.example.com/812>]\nAll 1,204 tests passed");
    }

    @Test
    void message_changed_and_message_deleted_wrappers_are_an_edit_and_a_deletion_of_their_message() throws Exception {
        String day = """
                [
                  {"type": "message", "subtype": "message_changed", "hidden": true, "ts": "1705400100.000200",
                   "message": {"type": "message", "user": "U01ALICE", "text": "Lunch at one?", "ts": "1705310000.000100",
                               "edited": {"user": "U01ALICE", "ts": "1705400100.000000"}},
                   "previous_message": {"type": "message", "user": "U01ALICE", "text": "Lunch at noon?", "ts": "1705310000.000100"}},
                  {"type": "message", "subtype": "message_deleted", "hidden": true, "ts": "1705400200.000300",
                   "deleted_ts": "1705310000.000100",
                   "previous_message": {"type": "message", "user": "U01ALICE", "text": "Lunch at one?", "ts": "1705310000.000100"}}
                ]
                """;
        List<Object> records = read(SlackExports.zip(tmp.resolve("acme.zip"), "", Map.of("random/2024-01-16.json", day),
                SlackExports.EXPORT));

        List<ArchiveItem> lunch = items(records).stream().filter(i -> i.itemId().equals("C02RANDOM:1705310000.000100"))
                .toList();
        assertThat(lunch).extracting(ArchiveItem::version).as("original, edit, deletion: each a later version")
                .containsExactly(1, 90_100_001, Integer.MAX_VALUE);
        assertThat(lunch.get(1).events()).containsExactly(ItemEvent.EDITED);
        assertThat(lunch.get(1).body()).startsWith("Lunch at one?");
        assertThat(lunch.get(2).events()).containsExactly(ItemEvent.DELETED);
        assertThat(lunch.get(2).sender().email()).isEqualTo("alice@example.com");
        assertThat(lunch.get(2).body()).isEqualTo("The message sent at 2024-01-15T09:13:20.000100Z (ts 1705310000.000100)"
                + " was deleted at 2024-01-16T10:16:40.000300Z.\nDeleted text: Lunch at one?");
    }

    @Test
    void a_ts_that_is_not_seconds_since_the_epoch_before_the_year_10000_is_rejected() throws Exception {
        String day = """
                [{"type": "message", "user": "U01ALICE", "text": "a", "ts": "yesterday"},
                 {"type": "message", "user": "U01ALICE", "text": "b", "ts": "1e400"},
                 {"type": "message", "user": "U01ALICE", "text": "c", "ts": "-1705310000.000100"},
                 {"type": "message", "user": "U01ALICE", "text": "d", "ts": 1705310000.5}]
                """;
        List<Object> records = read(SlackExports.zip(tmp.resolve("acme.zip"), "", Map.of("random/2024-01-16.json", day),
                SlackExports.EXPORT));

        assertThat(rejected(records)).extracting(RejectedRecord::sourceRef).containsExactly(
                "acme.zip!random/2024-01-16.json[0]", "acme.zip!random/2024-01-16.json[1]",
                "acme.zip!random/2024-01-16.json[2]");
        assertThat(rejected(records).get(0).reason()).contains("ts \"yesterday\" is not a Slack timestamp");
        assertThat(item(records, i -> i.body().equals("d")).timestamp()).isEqualTo(Instant.ofEpochSecond(1705310000L, 500_000_000L));
    }

    @Test
    void malformed_day_files_are_rejected_with_their_entry_and_element_while_the_rest_goes_on() throws Exception {
        List<Object> records = read(SlackExports.withMalformedDays(tmp.resolve("acme.zip")));

        assertThat(items(records)).hasSize(15);
        assertThat(rejected(records)).extracting(RejectedRecord::sourceRef).containsExactlyInAnyOrder(
                "acme.zip!general/2024-01-17.json[0]",
                "acme.zip!general/2024-01-17.json[1]",
                "acme.zip!random/2024-01-17.json");
        assertThat(rejected(records)).allMatch(r -> r.reason().startsWith(r.sourceRef() + ": "))
                .allMatch(r -> r.source().equals("Slack") && r.connectorId().equals("slack-test"));
        assertThat(rejected(records).stream().map(RejectedRecord::reason).toList())
                .anyMatch(r -> r.contains("message without a ts"))
                .anyMatch(r -> r.contains("message 1 is not a JSON object"))
                .anyMatch(r -> r.contains("not a JSON array of messages"));
        // a day file cut off mid-message cannot be read past the cut: its rest is unread (the whole ZIP is then
        // quarantined by the pipeline), and the next day files are read
        assertThat(records).filteredOn(UnreadRest.class::isInstance).singleElement().satisfies(r -> assertThat(
                ((UnreadRest) r).sourceRef()).isEqualTo("acme.zip!random/2024-01-16.json[1]"))
                .satisfies(r -> assertThat(((UnreadRest) r).reason()).contains("could not be read further"));
        assertThat(items(records)).extracting(ArchiveItem::body)
                .contains("Before the fault", "After the bad ones", "Call me about the Falcon numbers");
    }

    @Test
    void a_broken_index_file_is_rejected_and_its_conversations_day_files_are_still_read() throws Exception {
        Path zip = SlackExports.zip(tmp.resolve("acme.zip"), "", Map.of("groups.json", "[{\"id\": \"G01DEALS\", "),
                SlackExports.EXPORT);

        List<Object> records = read(zip);

        assertThat(rejected(records)).singleElement().satisfies(r -> {
            assertThat(r.sourceRef()).isEqualTo("acme.zip!groups.json[0]");
            assertThat(r.reason()).contains("the index file could not be read further");
        });
        assertThat(items(records)).hasSize(13);
        ArchiveItem deals = item(records, i -> i.body().startsWith("Confidential"));
        assertThat(deals.conversationId()).as("unlisted folder: its name is the id").isEqualTo("deal-team");
        assertThat(deals.recipients()).extracting(Participant::handle).containsExactly("slack-conversation:deal-team");
    }

    @Test
    void an_export_inside_one_top_level_folder_reads_the_same() throws Exception {
        List<Object> flat = read(SlackExports.clean(tmp.resolve("flat.zip")));
        List<Object> nested = read(SlackExports.zip(tmp.resolve("nested.zip"), "Acme Slack export Jan 1 2024/",
                Map.of(), SlackExports.EXPORT));

        assertThat(items(nested)).extracting(ArchiveItem::idempotencyKey)
                .containsExactlyElementsOf(items(flat).stream().map(ArchiveItem::idempotencyKey).toList());
    }

    @Test
    void a_traversal_entry_refuses_the_whole_zip_naming_the_entry() throws Exception {
        Path zip = SlackExports.zip(tmp.resolve("evil.zip"), "", Map.of("../../etc/cron.d/evil.json", "[]"),
                SlackExports.EXPORT);

        assertThatThrownBy(() -> SlackExportReader.open(zip, SETTINGS)).isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("evil.zip").hasMessageContaining("unsafe ZIP entry name")
                .hasMessageContaining("../../etc/cron.d/evil.json");
    }

    @Test
    void a_zip_bigger_than_the_cap_is_refused() throws Exception {
        Path zip = SlackExports.clean(tmp.resolve("acme.zip"));

        assertThatThrownBy(() -> SlackExportReader.open(zip, SETTINGS, 1024))
                .isInstanceOf(MalformedExportException.class).hasMessageContaining("expands to more than 1024 bytes");
    }

    @Test
    void a_zip_that_is_not_a_slack_export_is_refused() throws Exception {
        Path zip = SlackExports.zip(tmp.resolve("photos.zip"), "", Map.of("holiday/beach.txt", "sun"),
                Files.createDirectories(tmp.resolve("empty")));

        assertThatThrownBy(() -> SlackExportReader.open(zip, SETTINGS)).isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("photos.zip: not a Slack workspace export");
        Path notZip = Files.writeString(tmp.resolve("export.zip"), "not a zip");
        assertThatThrownBy(() -> SlackExportReader.open(notZip, SETTINGS)).isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("export.zip");
    }
}

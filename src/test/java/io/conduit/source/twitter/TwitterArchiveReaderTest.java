package io.conduit.source.twitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.conduit.model.ArchiveItem;
import io.conduit.model.UnreadRest;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads X archive data files written for these tests (src/test/resources/io/conduit/source/twitter/archive/: the
 * {@code data/} folder of one archive, with its {@code account.js}; refused/: a file with another prefix).
 *
 * <p>The fixtures follow the X archive's {@code data/*.js} files as the real sample
 * {@code ../shared/samples/twitter/} (milahu/twitter-milahu104) shows them: the {@code window.YTD.<name>.partN = }
 * prefix, {@code tweet} objects with {@code edit_info.initial}, {@code dmConversation.messages[].messageCreate}.
 * No public sample has an edited tweet's later version ({@code edit_info.edit.initialTweetId} and
 * {@code editControlInitial}, as X's edit-tweet documentation names them), a reaction, a group conversation
 * ({@code joinConversation}, {@code participantsJoin}, {@code participantsLeave}, {@code conversationNameUpdate},
 * shaped as archive readers such as twitter-archive tools document them) or a non-empty DM {@code editHistory}: those
 * fixtures are built from the field names alone, and an {@code editHistory} entry's shape
 * ({@code {"text","createdAt"}}) is an assumption; the reader writes an entry it does not recognise as its JSON.
 */
class TwitterArchiveReaderTest {

    static final String OWNER_ID = "1000000000000000001";
    static final SourceSettings SETTINGS = new SourceSettings("x-test", ZoneOffset.UTC, null, "GB");
    static final Path FIXTURES = Path.of("src/test/resources/io/conduit/source/twitter");

    @TempDir
    Path tmp;

    static List<Object> readAll(Path file, SourceSettings settings) throws Exception {
        List<Object> out = new ArrayList<>();
        try (SourceRecords records = TwitterArchiveReader.open(file, settings)) {
            records.forEachRemaining(out::add);
        }
        return out;
    }

    static List<ArchiveItem> items(List<Object> records) {
        return records.stream().filter(ArchiveItem.class::isInstance).map(ArchiveItem.class::cast).toList();
    }

    static List<RejectedRecord> rejected(List<Object> records) {
        return records.stream().filter(RejectedRecord.class::isInstance).map(RejectedRecord.class::cast).toList();
    }

    @Test
    void a_tweet_is_the_owners_item_on_the_timeline_with_mentions_links_and_the_account_from_account_js()
            throws Exception {
        List<Object> records = readAll(FIXTURES.resolve("archive/tweets.js"), SETTINGS);

        assertThat(records).hasSize(2).allMatch(ArchiveItem.class::isInstance);
        ArchiveItem first = (ArchiveItem) records.get(0);
        assertThat(first.messageClass()).isEqualTo("IPM.NOTE.Twitter.Tweet");
        assertThat(first.conversationType()).isEqualTo(ConversationType.CHANNEL);
        assertThat(first.conversationId()).isEqualTo("tweets:" + OWNER_ID);
        assertThat(first.conversationName()).isEqualTo("@alice_owner timeline");
        assertThat(first.sender()).isEqualTo(new Participant("@alice_owner", null, "alice.owner@example.com",
                "twitter:" + OWNER_ID));
        assertThat(first.recipients()).extracting(Participant::handle)
                .containsExactly("twitter:" + OWNER_ID + "/timeline", "twitter:2000000000000000002");
        assertThat(first.recipients().get(1).displayName()).isEqualTo("@bob_example");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(first.itemId()).isEqualTo("1700000000000000100");
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.events()).isEmpty();
        assertThat(first.body()).startsWith("@bob_example first draft of the report https://t.co/abc\n")
                .contains("Link: https://t.co/abc -> https://example.com/report")
                .contains("Edited tweet: version 1 of 2")
                .contains("https://x.com/alice_owner/status/1700000000000000100");
        assertThat(first.sourceRef()).isEqualTo("tweets.js#[0]/1700000000000000100");
        assertThat(first.sourceSha256()).matches("[0-9a-f]{64}");
    }

    @Test
    void a_reply_names_the_replied_to_user_and_carries_its_photo_from_tweets_media() throws Exception {
        ArchiveItem reply = items(readAll(FIXTURES.resolve("archive/tweets.js"), SETTINGS)).get(1);

        assertThat(reply.timestamp()).isEqualTo(Instant.parse("2026-03-02T07:15:30Z"));
        assertThat(reply.recipients()).extracting(Participant::handle).contains("twitter:3000000000000000003");
        assertThat(reply.body()).contains("In reply to tweet 1600000000000000000 by @carol_ext (twitter:3000000000000000003)")
                .contains("Media (photo): https://pbs.twimg.com/media/PIC1.jpg")
                .contains("Attached from the archive: PIC1.jpg");
        assertThat(reply.events()).isEmpty();
        assertThat(reply.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("PIC1.jpg");
            assertThat(a.mediaType()).isEqualTo("image/jpeg");
            try (var in = a.content().open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("fake jpeg bytes");
            }
        });
    }

    @Test
    void media_the_input_does_not_carry_is_named_by_url_and_flagged_omitted() throws Exception {
        Path alone = Files.copy(FIXTURES.resolve("archive/tweets.js"), Files.createDirectories(tmp.resolve("alone"))
                .resolve("tweets.js"));
        ArchiveItem reply = items(readAll(alone, new SourceSettings("x-test", ZoneOffset.UTC, "@alice_owner", "GB")))
                .get(1);

        assertThat(reply.attachments()).isEmpty();
        assertThat(reply.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(reply.body()).contains("Media (photo): https://pbs.twimg.com/media/PIC1.jpg")
                .contains("The media files are not in this input");
        assertThat(reply.conversationId()).isEqualTo("tweets:@alice_owner");
    }

    @Test
    void an_edited_tweet_in_part1_is_version_2_of_the_first_tweets_item_so_both_texts_are_kept() throws Exception {
        ArchiveItem original = items(readAll(FIXTURES.resolve("archive/tweets.js"), SETTINGS)).get(0);
        List<Object> part1 = readAll(FIXTURES.resolve("archive/tweets-part1.js"), SETTINGS);

        assertThat(part1).hasSize(1);
        ArchiveItem edit = (ArchiveItem) part1.get(0);
        assertThat(edit.itemId()).isEqualTo(original.itemId());
        assertThat(edit.version()).isEqualTo(2);
        assertThat(edit.idempotencyKey()).isNotEqualTo(original.idempotencyKey());
        assertThat(edit.events()).containsExactly(ItemEvent.EDITED);
        assertThat(edit.body()).startsWith("@bob_example final version of the report")
                .contains("version 2 of 2 (tweet ids 1700000000000000100, 1700000000000000200)");
        assertThat(original.body()).contains("first draft");
        assertThat(edit.sourceRef()).isEqualTo("tweets-part1.js#[0]/1700000000000000200");
    }

    @Test
    void a_deleted_tweet_is_archived_with_the_deleted_flag() throws Exception {
        ArchiveItem deleted = items(readAll(FIXTURES.resolve("archive/deleted-tweets.js"), SETTINGS)).get(0);

        assertThat(deleted.events()).containsExactly(ItemEvent.DELETED);
        assertThat(deleted.body()).contains("posted by mistake").contains("Deleted by the owner at Tue Mar 03 07:05:00 +0000 2026");
    }

    @Test
    void a_community_tweet_is_a_tweet_of_the_owner() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.copy(FIXTURES.resolve("archive/account.js"), data.resolve("account.js"));
        Path community = Files.writeString(data.resolve("community-tweet.js"), "window.YTD.community_tweet.part0 = [ "
                + "{ \"tweet\" : { \"id_str\" : \"1700000000000000500\", \"created_at\" : "
                + "\"Wed Mar 04 09:00:00 +0000 2026\", \"full_text\" : \"posted in a community\" } } ]");

        ArchiveItem item = (ArchiveItem) readAll(community, SETTINGS).get(0);

        assertThat(item.messageClass()).isEqualTo("IPM.NOTE.Twitter.Tweet");
        assertThat(item.itemId()).isEqualTo("1700000000000000500");
        assertThat(item.sender().handle()).isEqualTo("twitter:" + OWNER_ID);
    }

    @Test
    void account_js_gives_no_records() throws Exception {
        assertThat(readAll(FIXTURES.resolve("archive/account.js"), SETTINGS)).isEmpty();
    }

    @Test
    void the_owner_setting_stands_in_for_a_missing_account_js_and_tweets_without_either_are_refused()
            throws Exception {
        Path alone = Files.copy(FIXTURES.resolve("archive/tweets.js"), Files.createDirectories(tmp.resolve("alone"))
                .resolve("tweets.js"));

        assertThatThrownBy(() -> readAll(alone, SETTINGS)).isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("tweets.js: tweets need the account owner");
        ArchiveItem item = items(readAll(alone, new SourceSettings("x-test", ZoneOffset.UTC, "twitter:" + OWNER_ID,
                "GB"))).get(0);
        assertThat(item.sender()).isEqualTo(new Participant(null, null, null, "twitter:" + OWNER_ID));
        assertThat(item.conversationId()).isEqualTo("tweets:" + OWNER_ID);
    }

    @Test
    void a_direct_message_names_sender_and_recipient_by_id_with_links_media_and_the_owners_email() throws Exception {
        List<ArchiveItem> items = items(readAll(FIXTURES.resolve("archive/direct-messages.js"), SETTINGS));
        ArchiveItem terms = items.get(0);

        assertThat(terms.messageClass()).isEqualTo("IPM.NOTE.Twitter.DirectMessage");
        assertThat(terms.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(terms.conversationId()).isEqualTo(OWNER_ID + "-2000000000000000002");
        assertThat(terms.itemId()).isEqualTo("1800000000000000002");
        assertThat(terms.sender()).isEqualTo(new Participant(null, null, null, "twitter:2000000000000000002"));
        assertThat(terms.recipients()).containsExactly(new Participant("@alice_owner", null,
                "alice.owner@example.com", "twitter:" + OWNER_ID));
        assertThat(terms.timestamp()).isEqualTo(Instant.parse("2026-03-03T09:00:00Z"));
        assertThat(terms.body()).startsWith("Terms attached https://t.co/xyz\n")
                .contains("Link: https://t.co/xyz -> https://example.com/terms")
                .contains("Media https://ton.twitter.com/dm/")
                .contains("Attached from the archive: terms.png")
                .contains("Reactions: 1");
        assertThat(terms.events()).isEmpty();
        assertThat(terms.attachments()).extracting(a -> a.fileName()).containsExactly("terms.png");
        assertThat(terms.sourceRef()).isEqualTo("direct-messages.js#[0]/messages[0]/1800000000000000002");
    }

    @Test
    void a_reaction_is_an_item_of_its_own_from_the_reacting_user() throws Exception {
        ArchiveItem reaction = items(readAll(FIXTURES.resolve("archive/direct-messages.js"), SETTINGS)).get(1);

        assertThat(reaction.itemId()).isEqualTo("reaction:1800000000000000099");
        assertThat(reaction.sender().handle()).isEqualTo("twitter:" + OWNER_ID);
        assertThat(reaction.recipients()).extracting(Participant::handle).containsExactly("twitter:2000000000000000002");
        assertThat(reaction.timestamp()).isEqualTo(Instant.parse("2026-03-03T09:01:00Z"));
        assertThat(reaction.body()).isEqualTo("Reacted like to message 1800000000000000002: \"Terms attached https://t.co/xyz\"");
    }

    @Test
    void a_malformed_reaction_is_quarantined_alone_and_its_message_and_other_reactions_archived() throws Exception {
        Files.writeString(tmp.resolve("account.js"), Files.readString(FIXTURES.resolve("archive/account.js")));
        Path file = Files.writeString(tmp.resolve("direct-messages.js"), """
                window.YTD.direct_messages.part0 = [ { "dmConversation" : {
                  "conversationId" : "1000000000000000001-2000000000000000002",
                  "messages" : [ { "messageCreate" : {
                    "reactions" : [
                      { "reactionKey" : "like", "eventId" : "1800000000000000098", "createdAt" : "2026-03-03T09:00:00.000Z" },
                      { "senderId" : "1000000000000000001", "reactionKey" : "agree", "eventId" : "1800000000000000099", "createdAt" : "2026-03-03T09:01:00.000Z" }
                    ],
                    "urls" : [ ], "text" : "Terms attached", "mediaUrls" : [ ],
                    "senderId" : "2000000000000000002", "recipientId" : "1000000000000000001",
                    "id" : "1800000000000000002", "createdAt" : "2026-03-03T09:00:00.000Z"
                  } } ] } } ]
                """);

        List<Object> records = readAll(file, SETTINGS);

        assertThat(items(records)).extracting(ArchiveItem::itemId)
                .containsExactly("1800000000000000002", "reaction:1800000000000000099");
        assertThat(rejected(records)).singleElement().satisfies(r -> {
            assertThat(r.sourceRef()).endsWith("/1800000000000000002/reactions[0]");
            assertThat(r.reason()).contains("has no numeric senderId");
        });
    }

    @Test
    void an_edited_direct_message_keeps_the_earlier_text_and_counts_up_its_version() throws Exception {
        ArchiveItem edited = items(readAll(FIXTURES.resolve("archive/direct-messages.js"), SETTINGS)).get(2);

        assertThat(edited.itemId()).isEqualTo("1800000000000000001");
        assertThat(edited.version()).isEqualTo(2);
        assertThat(edited.events()).containsExactly(ItemEvent.EDITED);
        assertThat(edited.body()).startsWith("Price is 12.5, final\n")
                .contains("Edited 1 time").contains("[1] 2026-03-03T08:00:00.000Z: Price is 12");
    }

    @Test
    void a_malformed_message_and_element_are_rejected_with_their_index_and_the_rest_goes_on() throws Exception {
        List<Object> records = readAll(FIXTURES.resolve("archive/direct-messages.js"), SETTINGS);

        assertThat(rejected(records)).extracting(RejectedRecord::sourceRef)
                .containsExactly("direct-messages.js#[0]/messages[2]", "direct-messages.js#[1]");
        assertThat(rejected(records).get(0).reason()).contains("message 1800000000000000000 has no createdAt");
        assertThat(rejected(records).get(1).reason()).contains("element 1 is not a {\"dmConversation\"");
        assertThat(rejected(records).get(1).raw()).isEqualTo("42");
        ArchiveItem last = (ArchiveItem) records.get(records.size() - 1);
        assertThat(last.body()).startsWith("Hello Dave");
        assertThat(items(records)).hasSize(4);
    }

    @Test
    void a_group_message_goes_to_every_member_seen_anywhere_in_the_conversation() throws Exception {
        List<Object> records = readAll(FIXTURES.resolve("archive/direct-messages-group.js"), SETTINGS);
        List<ArchiveItem> items = items(records);

        assertThat(rejected(records)).isEmpty();
        ArchiveItem morning = items.stream().filter(i -> i.itemId().equals("1900000000000000005")).findFirst().orElseThrow();
        assertThat(morning.conversationType()).isEqualTo(ConversationType.GROUP);
        assertThat(morning.conversationName()).isEqualTo("Deal team");
        assertThat(morning.sender().handle()).isEqualTo("twitter:" + OWNER_ID);
        assertThat(morning.recipients()).extracting(Participant::handle).containsExactlyInAnyOrder(
                "twitter:2000000000000000002", "twitter:3000000000000000003", "twitter:5000000000000000005");
    }

    @Test
    void group_joins_leaves_renames_and_reactions_are_event_items() throws Exception {
        List<ArchiveItem> items = items(readAll(FIXTURES.resolve("archive/direct-messages-group.js"), SETTINGS));

        assertThat(items).extracting(ArchiveItem::itemId).containsExactly(
                "participantsLeave:2026-03-05T12:00:00.000Z:3000000000000000003:3000000000000000003",
                "1900000000000000005",
                "reaction:1900000000000000099",
                "conversationNameUpdate:2026-03-05T10:30:00.000Z:2000000000000000002:",
                "participantsJoin:2026-03-05T10:10:00.000Z:2000000000000000002:3000000000000000003",
                "joinConversation:2026-03-05T10:00:00.000Z:2000000000000000002:"
                        + "1000000000000000001,2000000000000000002,5000000000000000005");
        assertThat(items).allMatch(i -> i.messageClass().equals("IPM.NOTE.Twitter.DirectMessage"));
        assertThat(items.get(0).body()).isEqualTo("twitter:3000000000000000003 left the conversation");
        assertThat(items.get(3).body()).isEqualTo("twitter:2000000000000000002 renamed the conversation to \"Deal team\"");
        assertThat(items.get(4).body()).isEqualTo("twitter:2000000000000000002 added twitter:3000000000000000003");
        assertThat(items.get(5).body()).startsWith("twitter:2000000000000000002 added the account to the conversation");
        assertThat(items.get(5).sender().handle()).isEqualTo("twitter:2000000000000000002");
        assertThat(items.get(5).recipients()).extracting(Participant::handle).contains("twitter:" + OWNER_ID);
    }

    @Test
    void a_malformed_tweet_is_rejected_with_its_index_and_the_tweets_after_it_are_read() throws Exception {
        List<Object> records = readAll(FIXTURES.resolve("archive/malformed-tweets.js"), SETTINGS);

        assertThat(records).hasSize(4);
        assertThat(items(records)).extracting(ArchiveItem::body)
                .allMatch(b -> b.startsWith("first") || b.startsWith("last")).hasSize(2);
        assertThat(rejected(records)).extracting(RejectedRecord::sourceRef)
                .containsExactly("malformed-tweets.js#[1]", "malformed-tweets.js#[2]");
        assertThat(rejected(records).get(0).reason()).contains("malformed-tweets.js#[1]: element 1: tweet 1700000000000000002 "
                + "has no valid created_at");
        assertThat(rejected(records).get(1).raw()).isEqualTo("\"not a tweet\"");
    }

    @Test
    void a_truncated_file_archives_what_came_before_and_rejects_the_rest_once() throws Exception {
        List<Object> records = readAll(FIXTURES.resolve("archive/truncated-tweets.js"), SETTINGS);

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isInstanceOf(ArchiveItem.class);
        assertThat(((UnreadRest) records.get(1)).reason()).contains("truncated-tweets.js#[1]")
                .contains("could not be read further");
    }

    @Test
    void a_file_without_the_window_ytd_prefix_is_refused_naming_the_file() {
        assertThatThrownBy(() -> readAll(FIXTURES.resolve("refused/tweets.js"), SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("tweets.js: not an X (Twitter) archive data file: it starts with \"var tweets = [\"");
    }

    @Test
    void an_empty_or_binary_file_is_refused() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.js"), "");
        Path binary = Files.write(tmp.resolve("binary.js"), new byte[] {0, 1, 2, 3});

        assertThatThrownBy(() -> readAll(empty, SETTINGS)).isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> readAll(binary, SETTINGS)).isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("binary");
    }

    @Test
    void another_data_set_such_as_likes_gives_no_records() throws Exception {
        Path like = Files.writeString(tmp.resolve("like.js"),
                "window.YTD.like.part0 = [ { \"like\" : { \"tweetId\" : \"1\" } } ]");

        assertThat(readAll(like, SETTINGS)).isEmpty();
    }

    @Test
    void the_archive_zip_reads_every_data_part_with_the_owner_from_its_account_js() throws Exception {
        Path zip = zip("twitter-2026-03-06-abc123.zip",
                "data/account.js", FIXTURES.resolve("archive/account.js"),
                "data/tweets.js", FIXTURES.resolve("archive/tweets.js"),
                "data/tweets-part1.js", FIXTURES.resolve("archive/tweets-part1.js"),
                "data/direct-messages.js", FIXTURES.resolve("archive/direct-messages.js"),
                "data/direct-messages-group.js", FIXTURES.resolve("archive/direct-messages-group.js"),
                "data/manifest.js", null,
                "data/tweets_media/1700000000000000300-PIC1.jpg", null);

        List<Object> records = readAll(zip, SETTINGS);

        assertThat(items(records)).hasSize(3 + 4 + 6);
        assertThat(rejected(records)).hasSize(2);
        assertThat(items(records)).filteredOn(i -> i.itemId().equals("1700000000000000100"))
                .extracting(ArchiveItem::version).containsExactlyInAnyOrder(1, 2);
        assertThat(items(records).get(0).sourceRef()).startsWith("twitter-2026-03-06-abc123.zip!data/direct-messages-group.js#[0]");
        assertThat(items(records)).filteredOn(i -> i.itemId().equals("1900000000000000005")).singleElement()
                .extracting(ArchiveItem::conversationName).isEqualTo("Deal team");
        ArchiveItem reply = items(records).stream().filter(i -> i.itemId().equals("1700000000000000300")).findFirst()
                .orElseThrow();
        try (var in = reply.attachments().get(0).content().open()) {
            assertThat(in.readAllBytes()).as("readable after the records are closed").containsExactly(1, 2);
        }
    }

    @Test
    void a_zip_whose_data_folder_is_inside_a_top_folder_is_read_and_other_js_entries_are_not() throws Exception {
        Path zip = zip("twitter-nested.zip",
                "twitter-2026-03-06/data/account.js", FIXTURES.resolve("archive/account.js"),
                "twitter-2026-03-06/data/tweets.js", FIXTURES.resolve("archive/tweets.js"),
                "twitter-2026-03-06/assets/js/tweets.js", FIXTURES.resolve("refused/tweets.js"));

        List<Object> records = readAll(zip, SETTINGS);

        assertThat(records).hasSize(2).allMatch(ArchiveItem.class::isInstance);
        assertThat(((ArchiveItem) records.get(0)).sender().handle()).isEqualTo("twitter:" + OWNER_ID);
    }

    @Test
    void a_zip_entry_leading_outside_the_archive_is_refused() throws Exception {
        Path zip = zip("twitter-evil.zip", "data/../../evil.js", FIXTURES.resolve("archive/tweets.js"));

        assertThatThrownBy(() -> readAll(zip, SETTINGS)).isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("unsafe ZIP entry name \"data/../../evil.js\"");
    }

    private Path zip(String name, Object... entries) throws IOException {
        Path zip = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) entries[i]));
                Path content = (Path) entries[i + 1];
                z.write(content == null ? ((String) entries[i]).endsWith("manifest.js")
                        ? "window.__THAR_CONFIG = {\"userInfo\":{}}".getBytes(StandardCharsets.UTF_8) : new byte[] {1, 2}
                        : Files.readAllBytes(content));
                z.closeEntry();
            }
        }
        return zip;
    }
}

package io.conduit.source.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

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
 * Reads saved Graph API page feed responses written for these tests (src/test/resources/io/conduit/source/facebook/).
 *
 * <p>The fixtures follow Meta's Graph API reference for the Page Feed edge, Page Post, Comment (with {@code parent}
 * and nested {@code comments}), Object Reactions and Story Attachment, and the shape of Microsoft's
 * m365-sample-connector FakeData.json; ids and names are made up.
 */
class FacebookPageReaderTest {

    static final Path DIR = Path.of("src/test/resources/io/conduit/source/facebook");
    static final SourceSettings SETTINGS = new SourceSettings("facebook-test", ZoneId.of("UTC"), "social@acme.example", "GB");

    @TempDir
    Path tmp;

    @Test
    void a_post_by_the_page_lists_its_likes_reactions_and_attachments_and_goes_to_the_page_feed() throws Exception {
        List<Object> records = readAll(DIR.resolve("page-feed.json"));

        assertThat(records).hasSize(5).allMatch(ArchiveItem.class::isInstance);
        ArchiveItem post = (ArchiveItem) records.get(0);
        assertThat(post.messageClass()).isEqualTo("IPM.NOTE.Facebook.Post");
        assertThat(post.conversationId()).isEqualTo("facebook-post:500100_600001");
        assertThat(post.conversationName()).isEqualTo("Our Q2 outlook is live.");
        assertThat(post.conversationType()).isEqualTo(ConversationType.CHANNEL);
        assertThat(post.itemId()).isEqualTo("500100_600001");
        assertThat(post.timestamp()).isEqualTo(Instant.parse("2024-05-01T09:00:00Z"));
        assertThat(post.sender()).isEqualTo(new Participant("Acme Markets", null, "social@acme.example", "facebook:500100"));
        assertThat(post.recipients()).extracting(Participant::handle).containsExactly("facebook:500100/feed");
        assertThat(post.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(post.sourceRef()).isEqualTo("page-feed.json:500100_600001");
        assertThat(post.body()).isEqualTo("""
                Our Q2 outlook is live.
                Read it on our site.
                [post type: added_photos]
                [updated at 2024-05-01T11:30:00+0000]
                [attachment type: album; title: Q2 outlook; url: https://www.facebook.com/500100/posts/600001 (not archived: Graph gives a link only)]
                  [attachment type: photo; media: https://scontent.example/1.jpg; target: 700001 (not archived: Graph gives a link only)]
                Likes: 1 of 3 listed
                  Dana Client (facebook:900001)
                Reactions: 2
                  LIKE Dana Client (facebook:900001)
                  LOVE Eli Trader (facebook:900002)
                Comments: 2 (more on a next page that is not in this file) (each archived as an IPM.NOTE.Facebook.Comment item)""");
    }

    @Test
    void comments_and_nested_replies_are_items_in_the_post_conversation_between_commenter_and_page() throws Exception {
        List<Object> records = readAll(DIR.resolve("page-feed.json"));
        ArchiveItem comment = (ArchiveItem) records.get(1);
        ArchiveItem reply = (ArchiveItem) records.get(2);
        ArchiveItem anonymous = (ArchiveItem) records.get(3);

        assertThat(comment.messageClass()).isEqualTo("IPM.NOTE.Facebook.Comment");
        assertThat(comment.conversationId()).isEqualTo("facebook-post:500100_600001");
        assertThat(comment.itemId()).isEqualTo("600001_800001");
        assertThat(comment.sender()).isEqualTo(new Participant("Dana Client", null, null, "facebook:900001"));
        assertThat(comment.recipients()).extracting(Participant::handle).containsExactly("facebook:500100");
        assertThat(comment.body()).isEqualTo("[comment on post 500100_600001]\nWill rates fall?\nLikes: 1\nReplies: 1");

        assertThat(reply.sender().email()).isEqualTo("social@acme.example");
        assertThat(reply.recipients()).extracting(Participant::handle).containsExactly("facebook:900001");
        assertThat(reply.body()).startsWith("[reply to comment 600001_800001 by Dana Client]\nWe cannot give advice");

        assertThat(anonymous.sender().displayName()).isEqualTo("Facebook user (not disclosed by the Graph API)");
        assertThat(anonymous.recipients()).extracting(Participant::handle).containsExactly("facebook:500100");
    }

    @Test
    void a_post_by_a_visitor_goes_to_the_page() throws Exception {
        ArchiveItem visitor = (ArchiveItem) readAll(DIR.resolve("page-feed.json")).get(4);

        assertThat(visitor.sender().handle()).isEqualTo("facebook:900002");
        assertThat(visitor.recipients()).extracting(Participant::email).containsExactly("social@acme.example");
        assertThat(visitor.events()).isEmpty();
    }

    @Test
    void a_page_node_with_posts_names_the_page_and_reads_offsets_and_epoch_seconds() throws Exception {
        List<Object> records = readAll(DIR.resolve("page-node.json"));

        assertThat(records).hasSize(2).allMatch(ArchiveItem.class::isInstance);
        ArchiveItem story = (ArchiveItem) records.get(0);
        ArchiveItem epoch = (ArchiveItem) records.get(1);
        assertThat(story.timestamp()).isEqualTo(Instant.parse("2024-06-01T10:00:00Z"));
        assertThat(story.sender()).isEqualTo(new Participant("Acme Markets", null, "social@acme.example", "facebook:500100"));
        assertThat(story.body()).isEqualTo("[Acme Markets updated their cover photo.]\n");
        assertThat(epoch.timestamp()).isEqualTo(Instant.ofEpochSecond(1717243200L));
        assertThat(epoch.sender().handle()).isEqualTo("facebook:500100");
    }

    @Test
    void malformed_posts_and_comments_are_rejected_with_their_position_and_the_rest_is_read() throws Exception {
        List<Object> records = readAll(DIR.resolve("malformed.json"));

        assertThat(records).extracting(r -> r instanceof ArchiveItem i ? i.itemId() : ((RejectedRecord) r).reason())
                .containsExactly(
                        "500100_600020",
                        "malformed.json:4: data[1] is not a post object",
                        "malformed.json:5: data[2] has no id; its comments are in this record too",
                        "malformed.json:6: data[3] (post 500100_600022) has no valid created_time (ISO 8601 such as"
                                + " 2018-01-29T07:08:55+0000); its comments are in this record too",
                        "500100_600023",
                        "malformed.json:7: data[4].comments[0] has no id; its replies are in this record too",
                        "600023_1",
                        "500100_600024");
        assertThat(((RejectedRecord) records.get(2)).raw()).contains("lost?");
    }

    @Test
    void invalid_json_ends_the_file_with_a_rejected_record_after_the_posts_before_it() throws Exception {
        List<Object> records = readAll(DIR.resolve("truncated.json"));

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isInstanceOf(ArchiveItem.class);
        assertThat(((UnreadRest) records.get(1)).reason())
                .startsWith("truncated.json:4: the response could not be read further after 2 posts (");
    }

    @Test
    void a_json_object_without_data_is_one_rejected_record_and_non_json_is_refused() throws Exception {
        assertThat(readAll(DIR.resolve("not-facebook.json"))).singleElement()
                .isInstanceOfSatisfying(RejectedRecord.class, r -> assertThat(r.reason()).isEqualTo("not-facebook.json:"
                        + " not a Graph API page feed response (no data array at the root or in posts, feed or"
                        + " published_posts)"));
        Path text = Files.writeString(tmp.resolve("feed.json"), "hello");
        assertThatThrownBy(() -> FacebookPageReader.open(text, SETTINGS)).isInstanceOf(MalformedExportException.class)
                .hasMessageStartingWith("feed.json: not JSON (");
    }

    @Test
    void the_microsoft_sample_connector_data_reads_two_posts_and_six_comments() throws Exception {
        Path sample = Path.of(System.getProperty("conduit.samples", "../shared/samples"))
                .resolve("facebook/ms_sample_connector_facebook_FakeData.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(sample), "no sample at " + sample);

        List<Object> records = readAll(sample);

        assertThat(records).allMatch(ArchiveItem.class::isInstance);
        List<ArchiveItem> items = records.stream().map(ArchiveItem.class::cast).toList();
        assertThat(items).extracting(ArchiveItem::event).containsExactly("Post", "Comment", "Comment", "Comment",
                "Comment", "Comment", "Comment", "Post");
        assertThat(items.get(0).body()).contains("Likes: 2\n  Micheal Catala (facebook:137802906995638)")
                .contains("Reactions: 2\n  LIKE Micheal Catala (facebook:137802906995638)\n  LIKE Testing");
        assertThat(items.get(0).sender().handle()).isEqualTo("facebook:1131404197001700");
    }

    @Test
    void an_owner_that_is_not_an_email_address_becomes_the_pages_handle() throws Exception {
        SourceSettings handleOwner = new SourceSettings("facebook-test", ZoneId.of("UTC"), "acme-social", "GB");
        List<Object> records = new ArrayList<>();
        try (SourceRecords r = FacebookPageReader.open(DIR.resolve("page-feed.json"), handleOwner)) {
            r.forEachRemaining(records::add);
        }

        assertThat(((ArchiveItem) records.get(0)).sender()).isEqualTo(new Participant("Acme Markets", null, null, "acme-social"));
        assertThat(((ArchiveItem) records.get(1)).recipients()).extracting(Participant::handle).containsExactly("acme-social");
    }

    static List<Object> readAll(Path file) throws Exception {
        List<Object> out = new ArrayList<>();
        try (SourceRecords records = FacebookPageReader.open(file, SETTINGS)) {
            records.forEachRemaining(out::add);
        }
        return out;
    }
}

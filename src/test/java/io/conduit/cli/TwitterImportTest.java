package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import twitter} through the real routes, on the real X archive sample ({@code ../shared/samples/twitter/},
 * from milahu/twitter-milahu104) and on the fixtures. The expected counts are taken from the sample files themselves
 * (their array elements read with Jackson), not from the reader.
 */
class TwitterImportTest {

    private static final Path SAMPLES = Path.of(System.getProperty("conduit.samples", "../shared/samples"));
    private static final Path FIXTURES = Path.of("src/test/resources/io/conduit/source/twitter");
    /** The sample account's id, from its account.js. */
    private static final String OWNER_ID = "1964312974236991488";

    @TempDir
    Path tmp;

    private Map<String, Object> run(int expectedExit, String... args) throws Exception {
        return ImportRun.run(tmp, expectedExit, args);
    }

    @Test
    void every_sample_file_archives_completely_into_the_owners_mailbox_and_a_rerun_is_all_duplicates()
            throws Exception {
        Path dir = SAMPLES.resolve("twitter");
        Assumptions.assumeTrue(Files.isDirectory(dir), "no samples at " + dir);
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "twitter:" + OWNER_ID + ",milan@example.com\n");
        long tweets = elements(dir.resolve("milahu_tweets_excerpt.js"), "tweet");
        long messages = elements(dir.resolve("milahu_direct-messages.js"), "messageCreate");

        for (String file : List.of("milahu_account.js", "milahu_tweets_excerpt.js", "milahu_direct-messages.js")) {
            long expected = file.contains("tweets") ? tweets : file.contains("direct") ? messages : 0;
            Map<String, Object> first = run(0, "import", "twitter", dir.resolve(file).toString(),
                    "--mapping", mapping.toString());
            assertThat(first).as(file).containsEntry("items", (int) expected).containsEntry("archived", (int) expected)
                    .containsEntry("quarantined", 0);
            System.out.printf("sample twitter/%s: %s%n", file, first);
        }
        Map<String, Object> again = run(0, "import", "twitter", dir.toString(), "--mapping", mapping.toString());

        assertThat(tweets).isPositive();
        assertThat(messages).isPositive();
        assertThat(again).containsEntry("items", (int) (tweets + messages)).containsEntry("archived", 0)
                .containsEntry("duplicates", (int) (tweets + messages));
        List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), "milan@example.com", "X Archiver");
        assertThat(copies).hasSize((int) (tweets + messages));
        assertThat(copies).filteredOn(m -> header(m, ConduitHeaders.MESSAGE_CLASS).equals("IPM.NOTE.Twitter.Tweet"))
                .hasSize((int) tweets);
        assertThat(copies).filteredOn(m -> header(m, ConduitHeaders.MESSAGE_CLASS)
                .equals("IPM.NOTE.Twitter.DirectMessage")).hasSize((int) messages);
    }

    @Test
    void a_malformed_tweet_is_quarantined_with_its_index_and_the_others_archive() throws Exception {
        Map<String, Object> summary = run(2, "import", "twitter", FIXTURES.resolve("archive/malformed-tweets.js").toString());

        assertThat(summary).containsEntry("items", 4).containsEntry("archived", 2).containsEntry("quarantined", 2);
        String reasons = Files.walk(tmp.resolve("state/quarantine")).filter(p -> p.endsWith("reason.json"))
                .map(TwitterImportTest::read).reduce("", String::concat);
        assertThat(reasons).contains("malformed-tweets.js#[1]").contains("malformed-tweets.js#[2]");
    }

    @Test
    void a_file_with_another_prefix_is_quarantined_whole_naming_the_file() throws Exception {
        Map<String, Object> summary = run(2, "import", "twitter", FIXTURES.resolve("refused/tweets.js").toString());

        assertThat(summary).containsEntry("archived", 0);
        assertThat(((Number) summary.get("quarantined")).intValue()).isPositive();
        String reasons = Files.walk(tmp.resolve("state/quarantine")).filter(p -> p.endsWith("reason.json"))
                .map(TwitterImportTest::read).reduce("", String::concat);
        assertThat(reasons).contains("tweets.js: not an X (Twitter) archive data file");
    }

    @Test
    void a_group_conversation_reaches_every_mapped_member() throws Exception {
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), """
                twitter:1000000000000000001,alice@example.com
                twitter:5000000000000000005,erin@example.com
                """);
        Map<String, Object> summary = run(0, "import", "twitter",
                FIXTURES.resolve("archive/direct-messages-group.js").toString(), "--mapping", mapping.toString());

        assertThat(summary).containsEntry("items", 6).containsEntry("archived", 6).containsEntry("copies", 12);
        assertThat(Maildirs.messages(tmp.resolve("archive"), "erin@example.com", "X Archiver")).hasSize(6);
    }

    @Test
    void a_data_folder_with_split_parts_media_and_other_data_sets_archives_its_tweets_and_messages_once()
            throws Exception {
        Path data = Files.createDirectories(tmp.resolve("export/data"));
        for (String f : List.of("account.js", "tweets.js", "tweets-part1.js", "direct-messages-group.js")) {
            Files.copy(FIXTURES.resolve("archive").resolve(f), data.resolve(f));
        }
        Files.createDirectories(data.resolve("tweets_media"));
        Files.copy(FIXTURES.resolve("archive/tweets_media/1700000000000000300-PIC1.jpg"),
                data.resolve("tweets_media/1700000000000000300-PIC1.jpg"));
        Files.writeString(data.resolve("like.js"), "window.YTD.like.part0 = [ { \"like\" : { \"tweetId\" : \"1\" } } ]");
        Files.writeString(data.resolve("manifest.js"), "window.__THAR_CONFIG = { \"userInfo\" : { } }");
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "@alice_owner,alice@example.com\n");

        Map<String, Object> first = run(0, "import", "twitter", data.toString(), "--mapping", mapping.toString());
        Map<String, Object> again = run(0, "import", "twitter", data.toString(), "--mapping", mapping.toString());

        assertThat(first).containsEntry("items", 9).containsEntry("archived", 9).containsEntry("quarantined", 0);
        assertThat(again).containsEntry("items", 9).containsEntry("duplicates", 9);
        assertThat(Files.readString(tmp.resolve("state/connector-log/twitter-import.jsonl")))
                .contains("\"input\":\"like.js\"").contains("\"input\":\"manifest.js\"");
        List<MimeMessage> alice = Maildirs.messages(tmp.resolve("archive"), "alice@example.com", "X Archiver");
        assertThat(alice).hasSize(9);
        assertThat(alice).filteredOn(m -> header(m, "Content-Type").startsWith("multipart/")).hasSize(1);
    }

    /** Elements of a sample's array (messages of every conversation for {@code messageCreate}), read with Jackson. */
    private static long elements(Path file, String key) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode array = new ObjectMapper().readTree(text.substring(text.indexOf('[')));
        long n = 0;
        for (JsonNode element : array) {
            if (key.equals("tweet")) {
                n += element.has("tweet") ? 1 : 0;
            } else {
                for (JsonNode m : element.path("dmConversation").path("messages")) {
                    n += m.has(key) ? 1 + m.path(key).path("reactions").size() : 0;
                }
            }
        }
        return n;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

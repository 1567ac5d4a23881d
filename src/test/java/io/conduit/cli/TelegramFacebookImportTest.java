package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import telegram} and {@code import facebook} through the real routes, on every real sample of
 * ../shared/samples/telegram and ../shared/samples/facebook and on the fixtures.
 */
class TelegramFacebookImportTest {

    private static final Path SAMPLES = Path.of(System.getProperty("conduit.samples", "../shared/samples"));
    private static final Path TELEGRAM = Path.of("src/test/resources/io/conduit/source/telegram");

    @TempDir
    Path tmp;

    private Map<String, Object> run(int expectedExit, String... args) throws Exception {
        return ImportRun.run(tmp, expectedExit, args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chatminer_test_single_export.json", "chatminer_test_batch_export.json"})
    void every_telegram_sample_archives_completely_and_a_rerun_is_all_duplicates(String name) throws Exception {
        Path sample = SAMPLES.resolve("telegram").resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(sample), "no sample at " + sample);
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"),
                "Author 1,author1@example.com\nAuthor 2,author2@example.com\n");

        Map<String, Object> first = run(0, "import", "telegram", sample.toString(), "--mapping", mapping.toString());
        Map<String, Object> again = run(0, "import", "telegram", sample.toString(), "--mapping", mapping.toString());

        assertThat(first).containsEntry("items", 2).containsEntry("archived", 2).containsEntry("quarantined", 0);
        assertThat(again).containsEntry("items", 2).containsEntry("duplicates", 2).containsEntry("archived", 0);
        List<MimeMessage> author1 = Maildirs.messages(tmp.resolve("archive"), "author1@example.com", "Telegram Archiver");
        List<MimeMessage> author2 = Maildirs.messages(tmp.resolve("archive"), "author2@example.com", "Telegram Archiver");
        assertThat(author1).hasSize(1)
                .allMatch(m -> header(m, ConduitHeaders.MESSAGE_CLASS).equals("IPM.NOTE.Telegram.Message"));
        assertThat(author2).hasSize(1);
        System.out.printf("sample telegram/%s: %s%n", name, first);
    }

    /** Exit status 2 says that some records were quarantined. */
    @Test
    void a_telegram_export_with_malformed_messages_balances_archived_and_quarantined() throws Exception {
        Map<String, Object> summary = run(2, "import", "telegram", TELEGRAM.resolve("malformed.json").toString(),
                "--owner", "user1000001");

        assertThat(summary).containsEntry("items", 8).containsEntry("archived", 2).containsEntry("quarantined", 6);
    }

    @Test
    void the_facebook_sample_archives_every_post_and_comment_into_the_page_mailbox_and_a_rerun_is_all_duplicates()
            throws Exception {
        Path sample = SAMPLES.resolve("facebook/ms_sample_connector_facebook_FakeData.json");
        Assumptions.assumeTrue(Files.isRegularFile(sample), "no sample at " + sample);

        Map<String, Object> first = run(0, "import", "facebook", sample.toString(), "--owner", "page@example.com",
                "--mailbox-domain", "example.com");
        Map<String, Object> again = run(0, "import", "facebook", sample.toString(), "--owner", "page@example.com",
                "--mailbox-domain", "example.com");

        assertThat(first).containsEntry("items", 8).containsEntry("archived", 8).containsEntry("quarantined", 0);
        assertThat(again).containsEntry("duplicates", 8).containsEntry("archived", 0);
        List<MimeMessage> page = Maildirs.messages(tmp.resolve("archive"), "page@example.com", "Facebook Archiver");
        assertThat(page).hasSize(8);
        assertThat(page.stream().map(m -> header(m, ConduitHeaders.MESSAGE_CLASS)).distinct())
                .containsExactlyInAnyOrder("IPM.NOTE.Facebook.Post", "IPM.NOTE.Facebook.Comment");
        System.out.printf("sample facebook/ms_sample_connector_facebook_FakeData.json: %s%n", first);
    }
}

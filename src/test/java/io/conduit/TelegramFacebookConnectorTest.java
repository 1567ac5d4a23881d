package io.conduit;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.conduit.test.ConnectorTests;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code telegram-export-source} and {@code facebook-export-source} templates through the real Main: a file
 * dropped into the polled folder is archived once on the Quartz schedule.
 */
class TelegramFacebookConnectorTest {

    static final Path FIXTURES = Path.of("src/test/resources/io/conduit/source");

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    @Test
    void a_dropped_telegram_export_is_archived_once_into_the_owners_mailbox() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("telegram-drop"));
        Files.copy(FIXTURES.resolve("telegram/single-chat/result.json"), drop.resolve("result.json"));
        Files.copy(FIXTURES.resolve("telegram/single-chat/files/terms.txt"),
                Files.createDirectories(drop.resolve("files")).resolve("terms.txt"));
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "user1000001,owen@example.com\n");

        start("telegram-drop", "telegram-export-source", drop, mapping, "user1000001");

        Path log = tmp.resolve("state/connector-log/telegram-drop.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(ConnectorTests.runLines(log).get(0)).contains("\"input\":\"result.json\"").contains("\"items\":7")
                .contains("\"archived\":7").contains("\"balanced\":true");
        assertThat(Maildirs.messages(tmp.resolve("archive"), "owen@example.com", "Telegram Archiver")).hasSize(7);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(Maildirs.countAll(tmp.resolve("archive"))).isEqualTo(7);
    }

    @Test
    void a_dropped_facebook_page_feed_is_archived_once_into_the_page_mailbox() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("facebook-drop"));
        Files.copy(FIXTURES.resolve("facebook/page-feed.json"), drop.resolve("feed.json"));
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "");

        start("facebook-drop", "facebook-export-source", drop, mapping, "social@example.com");

        Path log = tmp.resolve("state/connector-log/facebook-drop.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(ConnectorTests.runLines(log).get(0)).contains("\"input\":\"feed.json\"").contains("\"items\":5")
                .contains("\"archived\":5").contains("\"balanced\":true");
        assertThat(Maildirs.messages(tmp.resolve("archive"), "social@example.com", "Facebook Archiver")).hasSize(5);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(Maildirs.countAll(tmp.resolve("archive"))).isEqualTo(5);
    }

    private void start(String id, String template, Path drop, Path mapping, String owner) throws Exception {
        Map<String, String> props = ConnectorTests.sandbox(tmp);
        props.put(ConduitOptions.MAPPING_FILE, mapping.toString());
        props.put(ConduitOptions.MAILBOX_DOMAINS, "example.com");
        props.put("camel.route-template[" + id + "].template-id", template);
        props.put("camel.route-template[" + id + "].input", drop.toString());
        props.put("camel.route-template[" + id + "].cron", "0/1 * * * * ?");
        props.put("camel.route-template[" + id + "].owner", owner);
        main = ConduitCamel.newMain(props);
        running.start(main);
    }

}

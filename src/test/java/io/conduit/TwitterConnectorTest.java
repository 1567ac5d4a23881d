package io.conduit;

import static io.conduit.test.Mails.header;
import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.conduit.mime.ConduitHeaders;
import jakarta.mail.internet.MimeMessage;
import io.conduit.test.ConnectorTests;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code twitter-export-source} template through the real Main: an X archive ZIP dropped into its folder is
 * archived once on the Quartz schedule.
 */
class TwitterConnectorTest {

    static final Path FIXTURES = Path.of("src/test/resources/io/conduit/source/twitter");

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    @Test
    void archives_a_dropped_archive_zip_once_into_the_owners_x_archiver_folder() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("x-drop"));
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "twitter:1000000000000000001,alice@example.com\n");
        Map<String, String> props = ConnectorTests.sandbox(tmp);
        props.put(ConduitOptions.MAPPING_FILE, mapping.toString());
        props.put("camel.route-template[x-archive].template-id", "twitter-export-source");
        props.put("camel.route-template[x-archive].input", drop.toString());
        props.put("camel.route-template[x-archive].cron", "0/1 * * * * ?");
        main = ConduitCamel.newMain(props);
        running.start(main);

        Path zip = tmp.resolve("twitter-2026-03-06-abc.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (String[] e : new String[][] {{"data/account.js", "archive/account.js"}, {"data/tweets.js", "archive/tweets.js"},
                    {"data/tweets-part1.js", "archive/tweets-part1.js"},
                    {"data/direct-messages-group.js", "archive/direct-messages-group.js"}}) {
                z.putNextEntry(new ZipEntry(e[0]));
                z.write(Files.readAllBytes(FIXTURES.resolve(e[1])));
                z.closeEntry();
            }
        }
        Files.move(zip, drop.resolve(zip.getFileName()));
        Path log = tmp.resolve("state/connector-log/x-archive.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 1);

        assertThat(ConnectorTests.runLines(log).get(0)).contains("\"input\":\"twitter-2026-03-06-abc.zip\"")
                .contains("\"items\":9").contains("\"archived\":9").contains("\"balanced\":true");
        List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), "alice@example.com", "X Archiver");
        assertThat(copies).hasSize(9).allMatch(m -> header(m, ConduitHeaders.MESSAGE_CLASS).startsWith("IPM.NOTE.Twitter."))
                .allMatch(m -> "x-archive".equals(header(m, ConduitHeaders.CONNECTOR)));
        // later polls see the same file as processed and read nothing more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(Maildirs.countAll(tmp.resolve("archive"))).isEqualTo(9);
    }


}

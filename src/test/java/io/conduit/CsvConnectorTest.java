package io.conduit;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.conduit.mime.ConduitHeaders;
import jakarta.mail.internet.MimeMessage;
import io.conduit.test.ConnectorTests;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code csv-export-source} template through the real Main: a dropped file on a Quartz cron, in its dialect. */
class CsvConnectorTest {

    static final String CONNECTOR = "csv-paris";

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    @Test
    void archives_a_dropped_file_in_the_connectors_dialect_once() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("csv-drop"));
        Files.copy(Path.of("src/test/resources/io/conduit/source/csv/semicolon-windows-1252.csv"), drop.resolve("symphony.csv"));
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "Ren\u00e9e Dupont,renee.dupont@example.com\n");
        Map<String, String> props = ConnectorTests.sandbox(tmp);
        props.put(ConduitOptions.MAPPING_FILE, mapping.toString());
        String t = "camel.route-template[" + CONNECTOR + "].";
        props.put(t + "template-id", "csv-export-source");
        props.put(t + "input", drop.toString());
        props.put(t + "cron", "0/1 * * * * ?");
        props.put(t + "zone", "Europe/Paris");
        props.put(t + "delimiter", ";");
        props.put(t + "encoding", "windows-1252");
        props.put(t + "timestamp-pattern", "dd/MM/uuuu HH:mm");
        props.put(t + "folder", "Symphony");
        main = ConduitCamel.newMain(props);
        running.start(main);

        Path log = tmp.resolve("state/connector-log/" + CONNECTOR + ".jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(ConnectorTests.runLines(log).get(0)).contains("\"input\":\"symphony.csv\"").contains("\"items\":1")
                .contains("\"archived\":1").contains("\"balanced\":true");
        List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), "renee.dupont@example.com", "Symphony");
        assertThat(copies).singleElement().satisfies(m -> {
            assertThat(header(m, ConduitHeaders.MESSAGE_CLASS)).isEqualTo("IPM.NOTE.Symphony.Chat");
            assertThat(m.getSentDate().toInstant()).hasToString("2024-03-01T09:15:00Z");
            assertThat(header(m, ConduitHeaders.CONNECTOR)).isEqualTo(CONNECTOR);
        });
        // later polls see the same file as processed and read nothing more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ConnectorTests.runLines(log).size() == 1);
    }

}

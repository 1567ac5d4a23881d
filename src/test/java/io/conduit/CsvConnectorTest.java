package io.conduit;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conduit.mime.ConduitHeaders;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code csv-export-source} template through the real Main: a dropped file on a Quartz cron, in its dialect. */
class CsvConnectorTest {

    static final String CONNECTOR = "csv-paris";

    @TempDir
    Path tmp;

    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void archives_a_dropped_file_in_the_connectors_dialect_once() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("csv-drop"));
        Files.copy(Path.of("src/test/resources/io/conduit/source/csv/semicolon-windows-1252.csv"), drop.resolve("symphony.csv"));
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "Ren\u00e9e Dupont,renee.dupont@example.com\n");
        Map<String, String> props = new HashMap<>();
        props.put("camel.route-template[whatsapp-demo].input", Files.createDirectories(tmp.resolve("no-whatsapp")).toString());
        props.put(ConduitOptions.MAPPING_FILE, mapping.toString());
        props.put(ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"));
        props.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
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
        main.start();

        Path log = tmp.resolve("state/connector-log/" + CONNECTOR + ".jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> runLines(log).size() == 1);
        assertThat(runLines(log).get(0)).contains("\"input\":\"symphony.csv\"").contains("\"items\":1")
                .contains("\"archived\":1").contains("\"balanced\":true");
        List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), "renee.dupont@example.com", "Symphony");
        assertThat(copies).singleElement().satisfies(m -> {
            assertThat(header(m, ConduitHeaders.MESSAGE_CLASS)).isEqualTo("IPM.NOTE.Symphony.Chat");
            assertThat(m.getSentDate().toInstant()).hasToString("2024-03-01T09:15:00Z");
            assertThat(header(m, ConduitHeaders.CONNECTOR)).isEqualTo(CONNECTOR);
        });
        // later polls see the same file as processed and read nothing more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> runLines(log).size() == 1);
    }

    private static List<String> runLines(Path log) throws Exception {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("\"type\":\"run\"")).toList()
                : List.of();
    }
}

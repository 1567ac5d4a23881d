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

/** The {@code sms-export-source} template through the real Main: a backup dropped into its folder archives once. */
class SmsConnectorTest {

    static final String OWNER = "+447700900001";
    static final String MAILBOX = "owner@example.com";

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    @Test
    void archives_a_dropped_backup_once_into_the_owners_sms_archiver_folder() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("sms-drop"));
        Files.copy(Path.of("src/test/resources/io/conduit/source/sms/messages.xml"), drop.resolve("sms-20260201.xml"));
        Files.copy(Path.of("src/test/resources/io/conduit/source/sms/calls.xml"), drop.resolve("calls-20260201.xml"));
        Files.writeString(drop.resolve("readme.txt"), "not a backup: never read");
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), OWNER + "," + MAILBOX + "\n");
        Map<String, String> props = ConnectorTests.sandbox(tmp);
        props.put(ConduitOptions.MAPPING_FILE, mapping.toString());
        props.put("camel.route-template[sms-phone].template-id", "sms-export-source");
        props.put("camel.route-template[sms-phone].input", drop.toString());
        props.put("camel.route-template[sms-phone].cron", "0/1 * * * * ?");
        props.put("camel.route-template[sms-phone].owner", OWNER);
        main = ConduitCamel.newMain(props);
        running.start(main);

        Path log = tmp.resolve("state/connector-log/sms-phone.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 2);
        assertThat(ConnectorTests.runLines(log)).allMatch(l -> l.contains("\"balanced\":true"))
                .anyMatch(l -> l.contains("\"input\":\"sms-20260201.xml\"")).anyMatch(l -> l.contains("\"input\":\"calls-20260201.xml\""));
        List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), MAILBOX, "SMS Archiver");
        assertThat(copies).hasSize(9 + 7);
        assertThat(copies).extracting(m -> header(m, ConduitHeaders.MESSAGE_CLASS))
                .contains("IPM.NOTE.SMS.Message", "IPM.NOTE.MMS.Message", "IPM.NOTE.Phone.Call");
        // later polls see both files as processed and read nothing more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ConnectorTests.runLines(log).size() == 2);
        assertThat(Maildirs.messages(tmp.resolve("archive"), MAILBOX, "SMS Archiver")).hasSize(16);
    }

}

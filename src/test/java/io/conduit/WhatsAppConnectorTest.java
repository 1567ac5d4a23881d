package io.conduit;

import static io.conduit.test.Mails.header;
import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
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
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled connector: the real Main with the {@code whatsapp-export-source} template instance of
 * {@code application.properties}, polling a folder on a Quartz cron.
 */
class WhatsAppConnectorTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    @Test
    void archives_a_dropped_export_on_the_quartz_schedule_once() throws Exception {
        Path input = tmp.resolve("drop");
        Files.createDirectories(input);
        main = ConduitCamel.newMain(Map.of(
                "camel.route-template[whatsapp-demo].input", input.toString(),
                "camel.route-template[whatsapp-demo].cron", "0/1 * * * * ?",
                ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"),
                ConduitOptions.STATE_DIR, tmp.resolve("state").toString()));
        running.start(main);
        CamelContext context = main.getCamelContext();
        Route connector = context.getRoute("whatsapp-demo");
        assertThat(connector).as("the connector's route id is its configured id").isNotNull();
        assertThat(connector.getEndpoint().getEndpointUri()).contains("scheduler=quartz");

        Path export = input.resolve("WhatsApp Chat with Priya Shah.txt");
        Files.copy(Path.of("demo/whatsapp/WhatsApp Chat with Priya Shah.txt"), export);
        Path log = tmp.resolve("state/connector-log/whatsapp-demo.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 1);

        assertThat(ConnectorTests.runLines(log).get(0)).contains("\"input\":\"WhatsApp Chat with Priya Shah.txt\"")
                .contains("\"items\":10").contains("\"archived\":10").contains("\"balanced\":true");
        List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), "daniel.reed@example.com", "WhatsApp Archiver");
        assertThat(copies).hasSize(10)
                .allMatch(m -> "whatsapp-demo".equals(header(m, ConduitHeaders.CONNECTOR)));
        assertThat(export).as("the connector never moves or changes its input").exists();

        // later polls see the same file as processed and read nothing more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(Maildirs.countAll(tmp.resolve("archive"))).isEqualTo(10);
    }


}

package io.conduit;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conduit.mime.ConduitHeaders;
import io.conduit.source.slack.SlackExports;
import io.conduit.test.Mails;
import jakarta.mail.internet.MimeMessage;
import io.conduit.test.ConnectorTests;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code slack-export-source} template through the real Main, polling a drop folder on a Quartz cron. */
class SlackConnectorTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    @Test
    void archives_a_dropped_slack_export_once_into_the_slack_archiver_folder() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("slack-drop"));
        Map<String, String> props = new HashMap<>();
        props.put("camel.route-template[whatsapp-demo].input", Files.createDirectories(tmp.resolve("no-whatsapp")).toString());
        props.put("camel.route-template[slack-test].template-id", "slack-export-source");
        props.put("camel.route-template[slack-test].input", drop.toString());
        props.put("camel.route-template[slack-test].cron", "0/1 * * * * ?");
        props.put(ConduitOptions.MAILBOX_DOMAINS, "example.com");
        props.put(ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"));
        props.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
        main = ConduitCamel.newMain(props);
        running.start(main);
        assertThat(main.getCamelContext().getRoute("slack-test").getEndpoint().getEndpointUri())
                .contains("scheduler=quartz");

        SlackExports.clean(tmp.resolve("acme.zip"));
        Files.move(tmp.resolve("acme.zip"), drop.resolve("acme.zip"));
        Path log = tmp.resolve("state/connector-log/slack-test.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 1);

        assertThat(ConnectorTests.runLines(log).get(0)).contains("\"input\":\"acme.zip\"").contains("\"items\":13")
                .contains("\"archived\":13").contains("\"balanced\":true");
        List<MimeMessage> alice = Maildirs.messages(tmp.resolve("archive"), "alice@example.com", "Slack Archiver");
        assertThat(alice).hasSize(13).allMatch(m -> "slack-test".equals(Mails.header(m, ConduitHeaders.CONNECTOR)));
        // later polls see the same file as processed and read nothing more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(Maildirs.messages(tmp.resolve("archive"), "alice@example.com", "Slack Archiver")).hasSize(13);
    }

}

package io.conduit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.conduit.source.signal.SignalSpool;
import jakarta.mail.internet.MimeMessage;
import io.conduit.test.ConnectorTests;
import io.conduit.test.Mails;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code signal-source} template through the real Main, polling a WireMock stand-in for
 * {@code signal-cli daemon --http --receive-mode=manual} on a Quartz cron.
 */
class SignalConnectorTest {

    static final String ACCOUNT = "+447700900001";
    static final String MAILBOX = "owner@example.com";
    static final String CONNECTOR = "signal-test";

    @TempDir
    Path tmp;

    private WireMockServer daemon;
    private Main main;

    @BeforeEach
    void startDaemon() {
        daemon = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        daemon.start();
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        daemon.stop();
    }

    @Test
    void archives_the_received_envelopes_once_and_empties_the_spool() throws Exception {
        List<String> fixture = Files.readAllLines(Path.of("src/test/resources/signal/messages.jsonl"));
        daemon.stubFor(post(urlEqualTo("/api/v1/rpc")).inScenario("receive").whenScenarioStateIs(STARTED)
                .willReturn(result(fixture.get(0) + "," + fixture.get(1))).willSetStateTo("drained"));
        daemon.stubFor(post(urlEqualTo("/api/v1/rpc")).inScenario("receive").whenScenarioStateIs("drained")
                .willReturn(result("")));

        startMain();

        await().atMost(Duration.ofSeconds(30)).until(() -> copies().size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> spoolFiles().isEmpty());
        // later polls receive nothing and archive nothing more
        int requests = daemon.findAll(postRequestedFor(urlEqualTo("/api/v1/rpc"))).size();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> daemon.findAll(postRequestedFor(urlEqualTo("/api/v1/rpc"))).size() >= requests + 2);
        assertThat(copies()).hasSize(2);
        assertThat(copies().stream().map(Mails::text).toList())
                .anyMatch(t -> t.contains("Hello, can you confirm the trade?"))
                .anyMatch(t -> t.contains("Deal team: numbers attached tomorrow"));
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void archives_a_spool_file_left_by_a_poll_that_crashed_before_archiving() throws Exception {
        List<String> fixture = Files.readAllLines(Path.of("src/test/resources/signal/messages.jsonl"));
        Path spool = tmp.resolve("state/spool/" + CONNECTOR);
        Path left = SignalSpool.write(spool, CONNECTOR, List.of(fixture.get(0))).orElseThrow();
        daemon.stubFor(post(urlEqualTo("/api/v1/rpc")).willReturn(result("")));

        startMain();

        await().atMost(Duration.ofSeconds(30)).until(() -> copies().size() == 1 && !Files.exists(left));
        assertThat(Mails.text(copies().get(0))).contains("Hello, can you confirm the trade?");
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void archives_a_dropped_json_lines_file_once() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("signal-drop"));
        Files.copy(Path.of("src/test/resources/signal/messages.jsonl"), drop.resolve("receive.jsonl"));
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), ACCOUNT + "," + MAILBOX + "\n");
        Map<String, String> props = commonProperties(mapping);
        props.put("camel.route-template[signal-drop].template-id", "signal-json-source");
        props.put("camel.route-template[signal-drop].input", drop.toString());
        props.put("camel.route-template[signal-drop].cron", "0/1 * * * * ?");
        main = ConduitCamel.newMain(props);
        main.start();

        Path log = tmp.resolve("state/connector-log/signal-drop.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(ConnectorTests.runLines(log).get(0)).contains("\"input\":\"receive.jsonl\"").contains("\"balanced\":true");
        int archived = copies().size();
        assertThat(archived).isPositive();
        // later polls see the same file as processed and read nothing more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ConnectorTests.runLines(log).size() == 1);
        assertThat(copies()).hasSize(archived);
    }

    private void startMain() throws Exception {
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), ACCOUNT + "," + MAILBOX + "\n");
        Map<String, String> props = commonProperties(mapping);
        props.put("camel.route-template[" + CONNECTOR + "].template-id", "signal-source");
        props.put("camel.route-template[" + CONNECTOR + "].trigger", CONNECTOR);
        props.put("camel.route-template[" + CONNECTOR + "].cron", "0/1 * * * * ?");
        props.put("camel.route-template[" + CONNECTOR + "].endpoint", "http://127.0.0.1:" + daemon.port() + "/api/v1/rpc");
        props.put("camel.route-template[" + CONNECTOR + "].accounts", ACCOUNT);
        main = ConduitCamel.newMain(props);
        main.start();
    }

    /** Store, state and mapping under the temp folder; the demo WhatsApp connector polls an empty folder. */
    private Map<String, String> commonProperties(Path mapping) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("camel.route-template[whatsapp-demo].input", Files.createDirectories(tmp.resolve("no-whatsapp")).toString());
        props.put(ConduitOptions.MAPPING_FILE, mapping.toString());
        props.put(ConduitOptions.MAILBOX_DOMAINS, "example.com");
        props.put(ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"));
        props.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
        return props;
    }


    /** A JSON-RPC response with the given result array elements (without an id, which the client then accepts). */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder result(String elements) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"jsonrpc\":\"2.0\",\"result\":[" + elements + "]}");
    }

    private List<MimeMessage> copies() throws Exception {
        Path archive = tmp.resolve("archive");
        return Files.exists(archive) ? Maildirs.messages(archive, MAILBOX, "Signal Archiver") : List.of();
    }

    private List<Path> spoolFiles() throws Exception {
        return ConnectorTests.files(tmp.resolve("state/spool/" + CONNECTOR));
    }
}

package io.conduit.source.signal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.conduit.pipeline.ExchangeProperties;
import io.conduit.state.log.ConnectorLog;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code signalSource} bean against a WireMock signal-cli daemon: spooling, leftovers and failing accounts. */
class SignalSourceTest {

    static final String GOOD = "+447700900001";
    static final String BAD = "+447700900002";

    @TempDir
    Path tmp;

    WireMockServer daemon;
    SignalSource source;
    ConnectorLog log;

    @BeforeEach
    void start() {
        daemon = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        daemon.start();
        log = new ConnectorLog(tmp.resolve("state"));
        source = new SignalSource(tmp.resolve("spool"), log);
    }

    @AfterEach
    void stop() {
        log.close();
        daemon.stop();
    }

    @Test
    void a_failing_account_does_not_stop_the_others_and_leftovers_come_first() throws Exception {
        Path dir = source.spoolDir("sig");
        Path left = SignalSpool.write(dir, "sig", List.of("{\"envelope\":{}}")).orElseThrow();
        Files.setLastModifiedTime(left, FileTime.fromMillis(1_000));
        daemon.stubFor(post(urlEqualTo("/api/v1/rpc")).withRequestBody(containing(GOOD))
                .willReturn(json("{\"jsonrpc\":\"2.0\",\"result\":[{\"envelope\":{\"timestamp\":1}}]}")));
        daemon.stubFor(post(urlEqualTo("/api/v1/rpc")).withRequestBody(containing(BAD))
                .willReturn(json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-1,\"message\":\"unknown account\"}}")));

        List<File> files = source.poll(exchange(BAD + ", " + GOOD));

        assertThat(files).hasSize(2);
        assertThat(files.get(0).toPath()).isEqualTo(left);
        assertThat(Files.readString(files.get(1).toPath())).contains("\"account\":\"" + GOOD + "\"");
        // the failed account is in the connector log, where the status page and reconciliation read it
        List<String> lines = Files.readAllLines(log.file("sig"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"type\":\"poll-failed\"").contains(BAD).contains("unknown account")
                .doesNotContain(GOOD);
    }

    @Test
    void an_empty_receive_writes_nothing_and_done_deletes_the_spool_file() throws Exception {
        daemon.stubFor(post(urlEqualTo("/api/v1/rpc")).willReturn(json("{\"jsonrpc\":\"2.0\",\"result\":[]}")));
        Path dir = source.spoolDir("sig");
        Path left = SignalSpool.write(dir, "sig", List.of("{\"envelope\":{}}")).orElseThrow();

        Exchange exchange = exchange(GOOD);
        assertThat(source.poll(exchange)).containsExactly(left.toFile());
        exchange.setProperty(SignalSource.SPOOL_FILE, left.toString());
        source.done(exchange);

        assertThat(left).doesNotExist();
        assertThat(source.poll(exchange(GOOD))).isEmpty();
    }

    @Test
    void a_spool_file_cut_by_a_crash_while_writing_is_recovered_and_an_empty_one_dropped() throws Exception {
        daemon.stubFor(post(urlEqualTo("/api/v1/rpc")).willReturn(json("{\"jsonrpc\":\"2.0\",\"result\":[]}")));
        Path dir = Files.createDirectories(source.spoolDir("sig"));
        Files.writeString(dir.resolve("sig-1-a.jsonl.tmp"), "{\"envelope\":{}}\n{\"envel");
        Files.writeString(dir.resolve("sig-2-b.jsonl.tmp"), "");

        List<File> files = source.poll(exchange(GOOD));

        assertThat(files).extracting(File::getName).containsExactly("sig-1-a-recovered.jsonl");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).hasSize(1);
        }
    }

    private Exchange exchange(String accounts) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.setProperty(ExchangeProperties.CONNECTOR, "sig");
        e.setProperty(SignalSource.ENDPOINT, "http://127.0.0.1:" + daemon.port() + "/api/v1/rpc");
        e.setProperty(SignalSource.ACCOUNTS, accounts);
        return e;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}

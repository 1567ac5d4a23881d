package io.conduit.source.signal;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.conduit.model.ArchiveItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Polls a WireMock stand-in for {@code signal-cli daemon --http}: {@code POST /api/v1/rpc} with the {@code receive}
 * method, answered as signal-cli's {@code ReceiveCommand} does in JSON-RPC mode (a result array of
 * {@code {"envelope":...,"account":...}} objects) and its JSON-RPC error objects, per {@code signal-cli-jsonrpc(5)}.
 */
class SignalRpcClientTest {

    static final String ACCOUNT = "+447700900001";

    WireMockServer server;
    SignalRpcClient client;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        client = new SignalRpcClient(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/rpc"), 1.0, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void twoEnvelopesBecomeTwoLinesTheReaderParses() throws Exception {
        List<String> fixture = Files.readAllLines(SignalJsonReaderTest.fixture("messages.jsonl"));
        String envelopeWithoutAccount = "{\"envelope\":{\"sourceNumber\":\"+447700900123\",\"timestamp\":1,"
                + "\"dataMessage\":{\"timestamp\":1763625900000,\"message\":\"line one\\nline two\"}}}";
        respond("{\"jsonrpc\":\"2.0\",\"result\":[" + fixture.get(0) + "," + envelopeWithoutAccount + "],\"id\":1}");

        List<String> lines = client.receive(ACCOUNT);

        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).doesNotContain("\n").contains("\"envelope\""));
        server.verify(postRequestedFor(urlEqualTo("/api/v1/rpc"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"jsonrpc\":\"2.0\",\"method\":\"receive\",\"params\":{\"account\":\""
                        + ACCOUNT + "\",\"timeout\":1.0},\"id\":1}")));
        Path spool = Files.write(tmp.resolve("poll-1.jsonl"), lines);
        List<Object> records = new ArrayList<>();
        try (SignalJsonRecords r = SignalJsonReader.open(spool, SignalJsonReaderTest.SETTINGS)) {
            r.forEachRemaining(records::add);
        }
        assertThat(records).hasSize(2).allMatch(ArchiveItem.class::isInstance);
        assertThat(((ArchiveItem) records.get(0)).body()).isEqualTo("Hello, can you confirm the trade?");
        assertThat(((ArchiveItem) records.get(1)).body()).isEqualTo("line one\nline two");
        assertThat(((ArchiveItem) records.get(1)).recipients().get(0).phone()).isEqualTo(ACCOUNT);
    }

    @Test
    void emptyResultIsNoLines() throws Exception {
        respond("{\"jsonrpc\":\"2.0\",\"result\":[],\"id\":1}");

        assertThat(client.receive(ACCOUNT)).isEmpty();
    }

    @Test
    void jsonRpcErrorIsAnIOExceptionWithItsMessage() {
        respond("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-1,\"message\":\"Receive command cannot be used if"
                + " messages are already being received.\",\"data\":null},\"id\":1}");

        assertThatThrownBy(() -> client.receive(ACCOUNT))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("signal-cli JSON-RPC error -1: Receive command cannot be used if messages are already"
                        + " being received.");
    }

    @Test
    void httpErrorIsAnIOException() {
        server.stubFor(post(urlEqualTo("/api/v1/rpc")).willReturn(aResponse().withStatus(415)));

        assertThatThrownBy(() -> client.receive(ACCOUNT))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageEndingWith("answered HTTP 415");
    }

    private void respond(String body) {
        server.stubFor(post(urlEqualTo("/api/v1/rpc"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }
}

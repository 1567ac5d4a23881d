package io.conduit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code conduit health}, the container's HEALTHCHECK, against a stand-in readiness endpoint. */
class HealthCommandTest {

    WireMockServer server;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void exits_0_when_the_readiness_endpoint_answers_200() {
        server.stubFor(get(urlEqualTo("/observe/health/ready")).willReturn(aResponse().withStatus(200).withBody("{\"status\":\"UP\"}")));

        assertThat(run(server.baseUrl() + "/observe/health/ready")).isZero();
        assertThat(out.toString()).contains("HTTP 200").contains("UP");
    }

    @Test
    void exits_1_when_not_ready() {
        server.stubFor(get(urlEqualTo("/observe/health/ready")).willReturn(aResponse().withStatus(503).withBody("{\"status\":\"DOWN\"}")));

        assertThat(run(server.baseUrl() + "/observe/health/ready")).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 503").contains("DOWN");
    }

    @Test
    void exits_1_when_nothing_listens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        assertThat(run("http://127.0.0.1:" + port + "/observe/health/ready")).isEqualTo(1);
        assertThat(err.toString()).contains("unreachable");
    }

    private int run(String url) {
        CommandLine cli = new CommandLine(new io.conduit.cli.ConduitCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("health", "--url", url, "--timeout", "2");
    }
}

package io.conduit.source.liveperson;

import io.conduit.source.liveperson.api.LivePersonApiException;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.conduit.pipeline.ExchangeProperties;
import io.conduit.state.checkpoint.FileCheckpointStore;
import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poll bean against WireMock: a failed search keeps the checkpoint, and open conversations reach back 90 days at most. */
class LivePersonSourceTest {

    private static final String SEARCH = "/messaging_history/api/account/acc1/conversations/search";
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path tmp;

    private WireMockServer wm;
    private FileCheckpointStore checkpoints;
    private LivePersonSource source;

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        checkpoints = new FileCheckpointStore(tmp);
        source = new LivePersonSource(checkpoints, tmp, Clock.fixed(NOW, ZoneOffset.UTC), HttpClient.newHttpClient());
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private Exchange exchange() {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.setProperty(ExchangeProperties.CONNECTOR, "lp");
        String base = "http://127.0.0.1:" + wm.port();
        Map.of("AccountId", "acc1", "DomainApi", base, "BaseUri", base, "Auth", "oauth1", "ConsumerKey", "ck",
                "ConsumerSecret", "cs", "Token", "t", "TokenSecret", "ts", "LookbackDays", "7", "OverlapMinutes", "60")
                .forEach((k, v) -> e.setProperty(LivePersonConnectorSettings.PREFIX + k, v));
        return e;
    }

    @Test
    void aFailedSearchLeavesTheCheckpointAsItWas() {
        Map<String, String> before = Map.of("since", Long.toString(NOW.minusSeconds(3600).toEpochMilli()), "open", "");
        checkpoints.save("lp", LivePersonSource.PARTITION, before);
        wm.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(aResponse().withStatus(400)));
        Exchange exchange = exchange();

        assertThatThrownBy(() -> source.poll(exchange)).isInstanceOf(LivePersonApiException.class)
                .hasMessageContaining("HTTP 400").hasMessageNotContaining("cs");

        assertThat(checkpoints.load("lp", LivePersonSource.PARTITION)).contains(before);
        assertThat(exchange.getProperties()).doesNotContainKey(LivePersonConnectorSettings.PREFIX + "ConsumerSecret");
    }

    @Test
    void anOpenConversationOlderThanTheApiLimitIsNoLongerPolled() throws Exception {
        checkpoints.save("lp", LivePersonSource.PARTITION, Map.of("since", Long.toString(NOW.minusSeconds(600).toEpochMilli()),
                "open", "old-conv", "openFrom", Long.toString(NOW.minus(Duration.ofDays(200)).toEpochMilli())));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(okJson("{\"_metadata\":{\"count\":0},\"conversationHistoryRecords\":[]}")));
        Exchange exchange = exchange();

        List<File> pages = source.poll(exchange);
        assertThat(pages).hasSize(1).allMatch(File::isFile);
        source.complete(exchange);

        long floor = NOW.minus(LivePersonSource.MAX_REACH).toEpochMilli();
        wm.verify(postRequestedFor(urlPathEqualTo(SEARCH)).withRequestBody(matchingJsonPath("$.start[?(@.from == " + floor + ")]")));
        assertThat(checkpoints.load("lp", LivePersonSource.PARTITION)).contains(
                Map.of("since", Long.toString(NOW.toEpochMilli()), "open", ""));
        assertThat(pages).noneMatch(File::exists);
        assertThat(Files.list(tmp.resolve("spool/lp"))).isEmpty();
    }
}

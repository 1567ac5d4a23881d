package io.conduit.source.liveperson;

import io.conduit.source.liveperson.api.OAuth2ClientCredentials;
import io.conduit.source.liveperson.api.OAuth1Signer;
import io.conduit.source.liveperson.api.LivePersonClientOptions;
import io.conduit.source.liveperson.api.LivePersonClient;
import io.conduit.source.liveperson.api.LivePersonAuth;
import io.conduit.source.liveperson.api.LivePersonApiException;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.conduit.source.liveperson.LivePersonReaderSupport.SETTINGS;
import static io.conduit.source.liveperson.LivePersonReaderSupport.drain;
import static io.conduit.source.liveperson.LivePersonReaderSupport.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.conduit.model.ArchiveItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side against WireMock on loopback: Domain API, paging, throttling, token expiry, OAuth 1.0a. */
class LivePersonClientTest {

    private static final String SEARCH = "/messaging_history/api/account/acc1/conversations/search";

    private WireMockServer wm;
    private final List<Duration> sleeps = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private String base() {
        return "http://127.0.0.1:" + wm.port();
    }

    private static String page(long count, String... conversationIds) {
        StringBuilder sb = new StringBuilder("{\"_metadata\":{\"count\":" + count + "},\"conversationHistoryRecords\":[");
        for (int i = 0; i < conversationIds.length; i++) {
            String id = conversationIds[i];
            sb.append(i > 0 ? "," : "").append("{\"info\":{\"conversationId\":\"").append(id)
                    .append("\",\"status\":\"OPEN\"},\"messageRecords\":[{\"messageData\":{\"msg\":{\"text\":\"hi ")
                    .append(id).append("\"}},\"messageId\":\"").append(id)
                    .append("::msg:0\",\"seq\":0,\"participantId\":\"c\",\"timeL\":1700000000000,\"sentBy\":\"Consumer\"}]}");
        }
        return sb.append("]}").toString();
    }

    private LivePersonClient client(LivePersonClientOptions options, LivePersonAuth auth) {
        return new LivePersonClient(options, auth, http, sleeps::add);
    }

    /** The message items of every page the search returned (conversation-level SystemEvents left out). */
    private List<ArchiveItem> searchAll(LivePersonClient client, long from, long to) throws Exception {
        List<ArchiveItem> all = new ArrayList<>();
        client.search(from, to, in -> {
            try {
                all.addAll(items(drain(LivePersonConversationsReader.read(in,
                        LivePersonConversationsReader.API_SOURCE_NAME, SETTINGS))));
            } catch (io.conduit.source.MalformedExportException e) {
                throw new java.io.IOException(e);
            }
        });
        return all.stream().filter(i -> i.event().equals("Message")).toList();
    }

    @Test
    void looksUpTheHostThroughTheDomainApiAndPagesUntilTheCount() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/api/account/acc1/service/msgHist/baseURI.json"))
                .withQueryParam("version", equalTo("1.0"))
                .willReturn(okJson("{\"service\":\"msgHist\",\"account\":\"acc1\",\"baseURI\":\"127.0.0.1:"
                        + wm.port() + "\"}")));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).withQueryParam("offset", equalTo("0"))
                .withQueryParam("limit", equalTo("2")).willReturn(okJson(page(3, "a", "b"))));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).withQueryParam("offset", equalTo("2"))
                .withQueryParam("limit", equalTo("2")).willReturn(okJson(page(3, "c"))));
        LivePersonClientOptions options = LivePersonClientOptions.of("acc1")
                .withDomainApi(URI.create(base()), "http").withLimit(2);
        LivePersonClient client = client(options, (m, u) -> "Bearer fixed");

        assertThat(client.msgHistBaseUri()).isEqualTo(URI.create(base()));
        List<ArchiveItem> items = searchAll(client, 1_700_000_123_456L, 1_700_000_723_456L);

        assertThat(items).extracting(ArchiveItem::itemId).containsExactly("a::msg:0", "b::msg:0", "c::msg:0");
        wm.verify(2, postRequestedFor(urlPathEqualTo(SEARCH))
                .withHeader("Authorization", equalTo("Bearer fixed"))
                .withRequestBody(equalToJson("{\"start\":{\"from\":1699999800000,\"to\":1700001000000},"
                        + "\"status\":[\"OPEN\",\"CLOSE\"],\"contentToRetrieve\":[\"messageRecords\","
                        + "\"agentParticipants\",\"agentParticipantsLeave\",\"consumerParticipants\",\"transfers\","
                        + "\"info\"]}")));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retriesA429AfterItsRetryAfterThenSucceeds() throws Exception {
        wm.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
                .willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(okJson(page(1, "x"))));
        LivePersonClient client = client(LivePersonClientOptions.of("acc1").withMsgHistBaseUri(URI.create(base())),
                (m, u) -> "Bearer fixed");

        assertThat(searchAll(client, 0, 600_000)).extracting(ArchiveItem::itemId).containsExactly("x::msg:0");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void serverErrorsBackOffExponentiallyAndGiveUpAfterTheCappedAttempts() {
        wm.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(aResponse().withStatus(503)));
        LivePersonClient client = client(LivePersonClientOptions.of("acc1").withMsgHistBaseUri(URI.create(base()))
                .withRetries(3, Duration.ofSeconds(2), Duration.ofSeconds(3)), (m, u) -> "Bearer s3cr3t-token");

        assertThatThrownBy(() -> client.search(0, 600_000, in -> { }))
                .isInstanceOf(LivePersonApiException.class)
                .hasMessage("conversations/search failed with HTTP 503 after 3 attempts")
                .satisfies(e -> assertThat(((LivePersonApiException) e).status()).isEqualTo(503));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(client.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void anExpiredTokenIsReplacedOnceAfterA401() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/token")).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matching("grant_type=client_credentials&client_id=app&client_secret=sh%26h"))
                .willReturn(okJson("{\"access_token\":\"t1\",\"expires_in\":3600}")).willSetStateTo("second"));
        wm.stubFor(post(urlPathEqualTo("/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"t2\",\"expires_in\":3600}")));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).withHeader("Authorization", equalTo("Bearer t1"))
                .willReturn(aResponse().withStatus(401)));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).withHeader("Authorization", equalTo("Bearer t2"))
                .willReturn(okJson(page(1, "y"))));
        OAuth2ClientCredentials oauth = new OAuth2ClientCredentials(URI.create(base() + "/token"), "app", "sh&h",
                http, Clock.systemUTC(), Duration.ofSeconds(10));
        LivePersonClient client = client(LivePersonClientOptions.of("acc1").withMsgHistBaseUri(URI.create(base())),
                oauth);

        assertThat(searchAll(client, 0, 600_000)).extracting(ArchiveItem::itemId).containsExactly("y::msg:0");
        assertThat(searchAll(client, 0, 600_000)).hasSize(1);
        wm.verify(2, postRequestedFor(urlPathEqualTo("/token")));
        assertThat(sleeps).isEmpty();
        assertThat(oauth.toString()).doesNotContain("sh&h").doesNotContain("t2");
    }

    @Test
    void aPersistent401FailsWithoutLeakingTheToken() {
        wm.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson("{\"access_token\":\"leaky\",\"expires_in\":3600}")));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(aResponse().withStatus(401)));
        OAuth2ClientCredentials oauth = new OAuth2ClientCredentials(URI.create(base() + "/token"), "app", "pw",
                http, Clock.systemUTC(), Duration.ofSeconds(10));
        LivePersonClient client = client(LivePersonClientOptions.of("acc1").withMsgHistBaseUri(URI.create(base())),
                oauth);

        assertThatThrownBy(() -> client.search(0, 600_000, in -> { }))
                .isInstanceOf(LivePersonApiException.class)
                .hasMessage("conversations/search failed with HTTP 401")
                .hasMessageNotContaining("leaky");
        wm.verify(2, postRequestedFor(urlPathEqualTo(SEARCH)));
    }

    @Test
    void oauth1SignsTheRequestWithAWellFormedAuthorizationHeader() throws Exception {
        wm.stubFor(post(urlPathEqualTo(SEARCH)).willReturn(okJson(page(1, "z"))));
        LivePersonClient client = client(LivePersonClientOptions.of("acc1").withMsgHistBaseUri(URI.create(base())),
                new OAuth1Signer("ckey", "csecret", "tkey", "tsecret"));

        assertThat(searchAll(client, 0, 600_000)).hasSize(1);
        String header = wm.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
        assertThat(header).startsWith("OAuth ")
                .contains("oauth_consumer_key=\"ckey\"", "oauth_token=\"tkey\"",
                        "oauth_signature_method=\"HMAC-SHA1\"", "oauth_version=\"1.0\"")
                .containsPattern("oauth_signature=\"[A-Za-z0-9%]+\"")
                .containsPattern("oauth_timestamp=\"\\d+\"")
                .containsPattern("oauth_nonce=\"[^\"]+\"")
                .doesNotContain("csecret", "tsecret");
    }
}

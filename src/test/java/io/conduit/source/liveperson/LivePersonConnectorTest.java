package io.conduit.source.liveperson;

import static io.conduit.test.Mails.header;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import io.conduit.test.Mails;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code liveperson-source} template through the real Main against WireMock (a fake LivePerson on loopback): a
 * conversation seen open, then closed with one more message, ends in the agent's mailbox once per message plus its
 * close event, and the checkpoint advances and forgets the conversation once closed.
 */
class LivePersonConnectorTest {

    private static final String SEARCH = "/messaging_history/api/account/acc1/conversations/search";
    private static final String CONNECTOR = "lp-test";
    private static final String FOLDER = "LivePerson Conversational Cloud";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private WireMockServer wm;
    private Main main;

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (main != null) {
            main.stop();
        }
        wm.stop();
    }

    @Test
    void archivesAnOpenConversationThenItsLaterMessagesAndCloseOnce() throws Exception {
        long start = System.currentTimeMillis() - Duration.ofDays(2).toMillis(); // before every later poll's overlap
        wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson(
                "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("conversation").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(okJson(fixture("poll-open.json", start))));
        wm.stubFor(post(urlPathEqualTo(SEARCH)).inScenario("conversation").whenScenarioStateIs("closed")
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(okJson(fixture("poll-closed.json", start))));
        String t = "camel.route-template[" + CONNECTOR + "].";
        main = ConduitCamel.newMain(Map.ofEntries(
                Map.entry(t + "template-id", "liveperson-source"),
                Map.entry(t + "trigger", CONNECTOR),
                Map.entry(t + "cron", "0/1 * * * * ?"),
                Map.entry(t + "account-id", "acc1"),
                Map.entry(t + "domain-api", base()),
                Map.entry(t + "base-uri", base()),
                Map.entry(t + "auth", "oauth2"),
                Map.entry(t + "token-uri", base() + "/oauth/token"),
                Map.entry(t + "client-id", "conduit"),
                Map.entry(t + "client-secret", "s3cret"),
                Map.entry(t + "overlap-minutes", "0"),
                Map.entry("camel.route-template[whatsapp-demo].input", Files.createDirectories(tmp.resolve("no-whatsapp")).toString()),
                Map.entry(ConduitOptions.MAILBOX_DOMAINS, "example.com"),
                Map.entry(ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive")),
                Map.entry(ConduitOptions.STATE_DIR, tmp.resolve("state").toString())));
        main.start();

        Path checkpointFile = tmp.resolve("state/checkpoints/" + CONNECTOR + ".json");
        await().atMost(Duration.ofSeconds(30)).until(() -> checkpoint(checkpointFile) != null);
        JsonNode first = checkpoint(checkpointFile);
        assertThat(first.path("open").asText()).isEqualTo("7d3c9f7e-1b2a-4c5d-9e8f-000000000001");
        assertThat(first.path("openFrom").asLong()).isEqualTo(start);
        wm.setScenarioState("conversation", "closed"); // the conversation closes only after the open poll was checked

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode c = checkpoint(checkpointFile);
            return c != null && c.path("open").asText().isEmpty() && c.path("since").asLong() > first.path("since").asLong();
        });
        // a later poll, after the closing one, must not archive anything again
        int searches = wm.countRequestsMatching(postRequestedFor(urlPathEqualTo(SEARCH)).build()).getCount();
        long since = checkpoint(checkpointFile).path("since").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> checkpoint(checkpointFile).path("since").asLong() > since
                && wm.countRequestsMatching(postRequestedFor(urlPathEqualTo(SEARCH)).build()).getCount() > searches);

        List<MimeMessage> agent = Maildirs.messages(tmp.resolve("archive"), "agent@example.com", FOLDER);
        List<String> messages = agent.stream().filter(m -> header(m, ConduitHeaders.MESSAGE_CLASS).endsWith(".Message"))
                .map(m -> header(m, ConduitHeaders.ITEM_ID)).toList();
        assertThat(messages).containsExactlyInAnyOrder(
                "ms::conv:7d3c9f7e-1b2a-4c5d-9e8f-000000000001::msg:0",
                "ms::conv:7d3c9f7e-1b2a-4c5d-9e8f-000000000001::msg:1",
                "ms::conv:7d3c9f7e-1b2a-4c5d-9e8f-000000000001::msg:2");
        assertThat(agent).filteredOn(m -> header(m, ConduitHeaders.SOURCE_REF).endsWith("/close")).hasSize(1);
        assertThat(agent).as("the open polls archived the conversation record once, the close a second version")
                .filteredOn(m -> header(m, ConduitHeaders.SOURCE_REF).endsWith("/conversation-record"))
                .extracting(m -> Mails.body(m).lines().findFirst().orElse(""))
                .containsExactlyInAnyOrder("LivePerson conversation record (status OPEN)",
                        "LivePerson conversation record (status CLOSE)");
        assertThat(agent).extracting(m -> header(m, "Message-ID")).doesNotHaveDuplicates();
        assertThat(agent).as("3 messages, the agent's join, the close, 2 versions of the record").hasSize(7);
        assertThat(Maildirs.countAll(tmp.resolve("archive"))).isEqualTo(7);
        // the second poll reached back to the open conversation's start, though the overlap is 0
        wm.verify(postRequestedFor(urlPathEqualTo(SEARCH)).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.start[?(@.from <= " + start + ")]")));
        assertThat(Files.readString(tmp.resolve("state/connector-log/" + CONNECTOR + ".jsonl"))).doesNotContain("s3cret");
        try (var spool = Files.list(tmp.resolve("state/spool/" + CONNECTOR))) {
            assertThat(spool.filter(p -> p.getFileName().toString().startsWith("conversations-"))).isEmpty();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + wm.port();
    }

    private static String fixture(String name, long start) throws Exception {
        try (InputStream in = LivePersonConnectorTest.class.getResourceAsStream("/liveperson/" + name)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return json.replace("${START}", Long.toString(start))
                    .replace("${T1}", Long.toString(start + 60_000))
                    .replace("${T2}", Long.toString(start + 120_000))
                    .replace("${T3}", Long.toString(start + 180_000))
                    .replace("${T4}", Long.toString(start + 240_000));
        }
    }

    private static JsonNode checkpoint(Path file) {
        try {
            if (!Files.exists(file)) {
                return null;
            }
            JsonNode c = JSON.readTree(file.toFile()).get(LivePersonSource.PARTITION);
            return c == null || c.isMissingNode() ? null : c;
        } catch (Exception e) {
            return null;
        }
    }

}

package io.conduit.observe;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static io.conduit.observe.ManagementTestSupport.PASSWORD;
import static io.conduit.observe.ManagementTestSupport.check;
import static io.conduit.observe.ManagementTestSupport.get;
import static io.conduit.observe.ManagementTestSupport.json;
import static io.conduit.observe.ManagementTestSupport.managementOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management server of the scheduled mode through the real Main ({@code application.properties} with the
 * {@code whatsapp-demo} connector), on a free port: {@code /observe/health}, {@code /observe/metrics} and
 * {@code /observe/jolokia}.
 */
class ManagementEndpointsTest {

    private static final String ROUTE_MBEAN = "org.apache.camel:context=conduit,type=routes,name=%22whatsapp-demo%22";

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    private CamelContext start(Path input, String storeUri) throws Exception {
        return start(input, storeUri, Map.of());
    }

    private CamelContext start(Path input, String storeUri, Map<String, String> more) throws Exception {
        Files.createDirectories(input);
        Map<String, String> p = managementOn();
        p.putAll(more);
        p.put("camel.route-template[whatsapp-demo].input", input.toString());
        p.put("camel.route-template[whatsapp-demo].cron", "0/1 * * * * ?");
        p.put(ConduitOptions.STORE_URI, storeUri);
        p.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
        main = ConduitCamel.newMain(p);
        running.start(main);
        return main.getCamelContext();
    }

    @Test
    void readiness_is_up_with_a_writable_maildir_and_lists_the_store_the_state_folder_and_each_connector() throws Exception {
        CamelContext context = start(tmp.resolve("drop"), "maildir:" + tmp.resolve("archive"));

        HttpResponse<String> ready = get(context, "/observe/health/ready");
        JsonNode health = json(ready);

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(check(health, "store")).isEqualTo("UP");
        assertThat(check(health, "state")).isEqualTo("UP");
        assertThat(check(health, "connector:whatsapp-demo")).isEqualTo("UP");
        JsonNode all = json(get(context, "/observe/health"));
        assertThat(check(all, "store")).isEqualTo("UP");
        assertThat(check(all, "context")).isEqualTo("UP");
    }

    @Test
    void readiness_is_down_when_the_maildir_root_cannot_be_written_while_liveness_stays_up() throws Exception {
        Path notAFolder = tmp.resolve("archive");
        Files.writeString(notAFolder, "a file where the Maildir root should be");
        CamelContext context = start(tmp.resolve("drop"), "maildir:" + notAFolder);

        HttpResponse<String> ready = get(context, "/observe/health/ready");
        HttpResponse<String> live = get(context, "/observe/health/live");

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        JsonNode health = json(ready);
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(check(health, "store")).isEqualTo("DOWN");
        assertThat(check(health, "state")).isEqualTo("UP");
        assertThat(ready.body()).contains("is not writable");
        assertThat(live.statusCode()).as("liveness does not depend on the store: %s", live.body()).isEqualTo(200);
        assertThat(check(json(live), "store")).isNull();
    }

    @Test
    void metrics_after_an_import_of_the_demo_match_the_connector_log() throws Exception {
        Path drop = tmp.resolve("drop");
        Files.createDirectories(drop);
        for (String name : List.of("WhatsApp Chat with Priya Shah.txt", "WhatsApp Chat - Rates Desk.zip")) {
            Files.copy(Path.of("demo/whatsapp", name), drop.resolve(name));
        }
        CamelContext context = start(drop, "maildir:" + tmp.resolve("archive"));
        Path log = tmp.resolve("state/connector-log/whatsapp-demo.jsonl");
        await().atMost(Duration.ofSeconds(60)).until(() -> runLines(log).size() == 2);

        long items = 0;
        long archived = 0;
        long copies = 0;
        long duplicates = 0;
        long quarantined = 0;
        long partial = 0;
        Instant lastEnd = Instant.EPOCH;
        for (JsonNode run : runLines(log)) {
            items += run.path("items").asLong();
            archived += run.path("archived").asLong();
            copies += run.path("copies").asLong();
            duplicates += run.path("duplicates").asLong();
            quarantined += run.path("quarantined").asLong();
            partial += run.path("partial").asLong();
            Instant end = Instant.parse(run.path("end").asText());
            lastEnd = end.isAfter(lastEnd) ? end : lastEnd;
        }
        HttpResponse<String> scrape = get(context, "/observe/metrics");
        String metrics = scrape.body();

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(items).as("the demo was read").isPositive();
        assertThat(value(metrics, "conduit_items_read_total", "whatsapp-demo")).isEqualTo(items);
        assertThat(value(metrics, "conduit_items_archived_total", "whatsapp-demo")).isEqualTo(archived);
        assertThat(value(metrics, "conduit_copies_written_total", "whatsapp-demo")).isEqualTo(copies);
        assertThat(value(metrics, "conduit_items_duplicate_total", "whatsapp-demo")).isEqualTo(duplicates);
        assertThat(value(metrics, "conduit_items_quarantined_total", "whatsapp-demo")).isEqualTo(quarantined);
        assertThat(value(metrics, "conduit_items_partial_total", "whatsapp-demo")).isEqualTo(partial);
        assertThat(metric(metrics, "conduit_append_seconds_count\\{store=\"maildir\"}"))
                .as("one timed write per copy").isEqualTo(copies);
        assertThat(metric(metrics, "conduit_append_seconds_sum\\{store=\"maildir\"}")).isPositive();
        assertThat(metric(metrics, "conduit_append_seconds_bucket\\{store=\"maildir\",le=\"\\+Inf\"}"))
                .as("the histogram's last bucket holds every write").isEqualTo(copies);
        assertThat(metric(metrics, "conduit_last_success_timestamp_seconds\\{connector=\"whatsapp-demo\"}"))
                .as("the end of the last run, in seconds").isCloseTo(lastEnd.toEpochMilli() / 1000.0,
                        org.assertj.core.data.Offset.offset(0.01));
        assertThat(metric(metrics, "conduit_checkpoint_lag_seconds\\{connector=\"whatsapp-demo\"}"))
                .as("the demo's newest message is in the past").isPositive();
        assertThat(metrics).as("Camel's and the JVM's meters are there too").contains("jvm_memory_used_bytes");
    }

    @Test
    void jolokia_requires_the_login_and_reads_only_what_the_access_policy_allows() throws Exception {
        CamelContext context = start(tmp.resolve("drop"), "maildir:" + tmp.resolve("archive"));

        HttpResponse<String> anonymous = get(context, "/observe/jolokia/version");
        HttpResponse<String> wrong = get(context, "/observe/jolokia/version", "conduit", "not-" + PASSWORD);
        HttpResponse<String> version = get(context, "/observe/jolokia/version", "conduit", PASSWORD);
        JsonNode memory = json(get(context, "/observe/jolokia/read/java.lang:type=Memory/HeapMemoryUsage", "conduit", PASSWORD));
        JsonNode route = json(get(context, "/observe/jolokia/read/" + ROUTE_MBEAN + "/RouteId", "conduit", PASSWORD));
        JsonNode stats = json(get(context, "/observe/jolokia/exec/" + ROUTE_MBEAN + "/dumpRouteStatsAsXml(boolean,boolean)/false/false",
                "conduit", PASSWORD));
        JsonNode systemProperties = json(get(context, "/observe/jolokia/read/java.lang:type=Runtime/SystemProperties",
                "conduit", PASSWORD));
        JsonNode stopRoute = json(get(context, "/observe/jolokia/exec/" + ROUTE_MBEAN + "/stop()", "conduit", PASSWORD));
        JsonNode writeAttribute = json(get(context, "/observe/jolokia/write/" + ROUTE_MBEAN + "/Tracing/true", "conduit", PASSWORD));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(version.statusCode()).as(version.body()).isEqualTo(200);
        assertThat(memory.path("status").asInt()).as(memory.toString()).isEqualTo(200);
        assertThat(memory.path("value").path("used").asLong()).isPositive();
        assertThat(route.path("status").asInt()).as(route.toString()).isEqualTo(200);
        assertThat(route.path("value").asText()).as("the connector id is its route id in JMX").isEqualTo("whatsapp-demo");
        assertThat(stats.path("status").asInt()).as(stats.toString()).isEqualTo(200);
        assertThat(systemProperties.path("status").asInt()).as(systemProperties.toString()).isEqualTo(403);
        assertThat(systemProperties.toString()).doesNotContain("java.home");
        assertThat(stopRoute.path("status").asInt()).as(stopRoute.toString()).isEqualTo(403);
        assertThat(writeAttribute.path("status").asInt()).as(writeAttribute.toString()).isEqualTo(403);
        assertThat(context.getRouteController().getRouteStatus("whatsapp-demo").isStarted()).isTrue();
    }

    @Test
    void readiness_with_data_answers_json_with_every_check_detail() throws Exception {
        CamelContext context = start(tmp.resolve("drop"), "maildir:" + tmp.resolve("archive"));

        HttpResponse<String> ready = get(context, "/observe/health/ready?data=true");

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode state = null;
        for (JsonNode c : json(ready).path("checks")) {
            if ("state".equals(c.path("name").asText())) {
                state = c;
            }
        }
        assertThat(state).as("the state check in %s", ready.body()).isNotNull();
        assertThat(state.path("data").path("state").asText()).isEqualTo(tmp.resolve("state").toAbsolutePath().toString());
    }

    @Test
    void jolokia_gives_hawtio_the_route_definitions_and_no_answer_holds_a_secret() throws Exception {
        String literalSecret = "lp-literal-" + Long.toHexString(System.nanoTime());
        String placeholderSecret = "lp-placeholder-" + Long.toHexString(System.nanoTime());
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("conduit.test.lp-consumer-secret", placeholderSecret);
        p.put("camel.route-template[lp-secrets].template-id", "liveperson-source");
        p.put("camel.route-template[lp-secrets].trigger", "lp-secrets");
        p.put("camel.route-template[lp-secrets].cron", "0 0 0 1 1 ? 2099");
        p.put("camel.route-template[lp-secrets].account-id", "123");
        p.put("camel.route-template[lp-secrets].client-id", "conduit-test");
        p.put("camel.route-template[lp-secrets].client-secret", literalSecret);
        p.put("camel.route-template[lp-secrets].consumer-secret", "{{conduit.test.lp-consumer-secret}}");
        CamelContext context = start(tmp.resolve("drop"), "maildir:" + tmp.resolve("archive"), p);
        String contextMBean = "org.apache.camel:context=conduit,type=context,name=%22conduit%22";

        JsonNode routesXml = json(get(context, "/observe/jolokia/exec/" + contextMBean + "/dumpRoutesAsXml()", "conduit", PASSWORD));
        JsonNode resolved = json(get(context, "/observe/jolokia/exec/" + contextMBean
                + "/dumpRoutesAsXml(boolean,boolean)/true/false", "conduit", PASSWORD));
        List<String> answers = List.of(
                routesXml.toString(),
                resolved.toString(),
                get(context, "/observe/jolokia/list", "conduit", PASSWORD).body(),
                get(context, "/observe/jolokia/read/org.apache.camel:*", "conduit", PASSWORD).body(),
                get(context, "/observe/jolokia/exec/" + contextMBean + "/dumpRoutesStatsAsXml(boolean,boolean)/true/true",
                        "conduit", PASSWORD).body());

        assertThat(routesXml.path("status").asInt()).as(routesXml.toString()).isEqualTo(200);
        assertThat(routesXml.path("value").asText())
                .as("the route diagram's source: every route, with template parameters as placeholders")
                .contains("<route", "id=\"lp-secrets\"", "id=\"whatsapp-demo\"", "{{client-secret}}");
        assertThat(resolved.path("status").asInt()).as("a dump with resolved placeholders is refused: %s", resolved)
                .isEqualTo(403);
        for (String answer : answers) {
            assertThat(answer).doesNotContain(literalSecret).doesNotContain(placeholderSecret)
                    .doesNotContain(PASSWORD);
        }
    }

    @Test
    void a_one_shot_run_starts_no_management_server_even_when_its_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> p = managementOn();
            p.put("camel.management.port", Integer.toString(taken.getLocalPort()));
            p.put(ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"));
            p.put(ConduitOptions.STATE_DIR, tmp.resolve("state").toString());
            main = ConduitCamel.newOneShotMain(p);

            running.start(main);

            assertThat(main.getCamelContext().isStarted()).isTrue();
            assertThat(main.getCamelContext().hasService(ManagementHttpServer.class)).isNull();
        }
    }

    private static List<JsonNode> runLines(Path log) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        if (Files.exists(log)) {
            ObjectMapper mapper = new ObjectMapper();
            for (String line : Files.readAllLines(log)) {
                JsonNode node = mapper.readTree(line);
                if ("run".equals(node.path("type").asText())) {
                    runs.add(node);
                }
            }
        }
        return runs;
    }

    private static long value(String metrics, String name, String connector) {
        return (long) metric(metrics, Pattern.quote(name + "{connector=\"" + connector + "\"}"));
    }

    /** The value of the first sample whose name and labels match {@code sampleRegex}. */
    private static double metric(String metrics, String sampleRegex) {
        Matcher m = Pattern.compile("(?m)^" + sampleRegex + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("sample %s in%n%s", sampleRegex, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}

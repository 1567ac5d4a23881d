package io.conduit.status;

import io.conduit.test.RunningMain;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages on the real management server: the Main of {@code application.properties} with the management server on a
 * free port and a state folder holding a connector log.
 */
class ManagementPagesTest {

    static final String PASSWORD = "management-secret";
    static final String BASIC = "Basic " + java.util.Base64.getEncoder()
            .encodeToString(("conduit:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));


    @TempDir
    Path tmp;

    @RegisterExtension
    final RunningMain running = new RunningMain();

    private Main main;

    @Test
    void serves_the_status_page_and_the_connector_log_for_a_date_range_on_the_management_server() throws Exception {
        Path state = tmp.resolve("state");
        Files.createDirectories(state.resolve("connector-log"));
        Files.writeString(state.resolve("connector-log/whatsapp-demo.jsonl"),
                "{\"type\":\"run\",\"time\":\"2026-11-20T10:00:00Z\",\"connector\":\"whatsapp-demo\",\"input\":\"a.txt\","
                        + "\"end\":\"2026-11-20T10:00:00Z\",\"items\":3,\"archived\":2,\"duplicates\":1,\"quarantined\":0,"
                        + "\"balanced\":true}\n"
                        + "{\"type\":\"run\",\"time\":\"2026-11-21T10:00:00Z\",\"connector\":\"whatsapp-demo\",\"input\":\"=b.txt\","
                        + "\"end\":\"2026-11-21T10:00:00Z\",\"items\":1,\"archived\":1,\"duplicates\":0,\"quarantined\":0,"
                        + "\"balanced\":true}\n");
        String base = startPages(state, tmp.resolve("archive"), false);
        HttpClient http = HttpClient.newHttpClient();

        // the page names custodians: the management login guards it, its downloads and the console
        for (String guarded : new String[] {"/status", "/status/log/whatsapp-demo.csv", "/hawtio/"}) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + guarded)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(guarded).isEqualTo(401);
        }

        HttpResponse<String> page = get(http, base + "/status");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> v.contains("default-src 'none'"));
        assertThat(page.body()).contains("<tr data-connector=\"whatsapp-demo\">", "<td class=\"n items\">4</td>",
                "<td class=\"balanced\"><span class=\"ok\">yes</span>", "0/10 * * * * ?", "daniel.reed@example.com");

        HttpResponse<String> csv = get(http, base + "/status/log/whatsapp-demo.csv?from=2026-11-21&to=2026-11-21");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"whatsapp-demo-2026-11-21-2026-11-21.csv\"");
        assertThat(csv.body().lines().toList()).hasSize(2).last().asString().startsWith("2026-11-21T10:00:00Z,run,whatsapp-demo,")
                .contains(",'=b.txt,");

        HttpResponse<String> json = get(http, base + "/status/log/whatsapp-demo.json?from=2026-11-01&to=2026-11-30");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body()).size()).isEqualTo(2);

        assertThat(get(http, base + "/status/log/whatsapp-demo.csv?from=21-11-2026").statusCode()).isEqualTo(400);
        assertThat(get(http, base + "/status/log/nobody.csv").statusCode()).isEqualTo(404);
        assertThat(get(http, base + "/status/log/..%2F..%2Fconduit.lock.csv").statusCode()).isEqualTo(404);
        assertThat(get(http, base + "/status/log/whatsapp-demo.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void jolokia_reads_route_statistics_but_refuses_to_stop_a_route_or_write_an_attribute() throws Exception {
        main = ConduitCamel.newMain(Map.of(
                ConduitOptions.STATE_DIR, tmp.resolve("state").toString(),
                ConduitOptions.STORE_URI, "maildir:" + tmp.resolve("archive"),
                ConduitOptions.SCHEDULE_ENABLED, "false",
                ConduitOptions.SCHEDULE_SCHEDULER, "#idlePollScheduler",
                "camel.management.enabled", "true",
                "camel.management.jolokiaEnabled", "true",
                "camel.management.port", "0",
                ConduitOptions.MANAGEMENT_PASSWORD, PASSWORD));
        running.start(main);
        ManagementHttpServer server = main.getCamelContext().hasService(ManagementHttpServer.class);
        String jolokia = "http://127.0.0.1:" + server.getRouter().getServer().getPort() + "/observe/jolokia";
        String route = "\"mbean\":\"org.apache.camel:context=conduit,type=routes,name=\\\"export-input\\\"\"";
        HttpClient http = HttpClient.newHttpClient();
        main.getCamelContext().getRouteController().startRoute("export-input");

        String read = post(http, jolokia, "{\"type\":\"read\"," + route + ",\"attribute\":\"ExchangesTotal\"}");
        String stop = post(http, jolokia, "{\"type\":\"exec\"," + route + ",\"operation\":\"stop()\"}");
        String write = post(http, jolokia, "{\"type\":\"write\"," + route + ",\"attribute\":\"TracingPattern\",\"value\":\"x\"}");

        assertThat(read).contains("\"status\":200");
        assertThat(stop).contains("forbidden").doesNotContain("\"status\":200");
        assertThat(write).doesNotContain("\"status\":200");
        assertThat(main.getCamelContext().getRouteController().getRouteStatus("export-input").isStarted())
                .as("the route was not stopped").isTrue();
    }

    @Test
    void the_verify_button_is_off_by_default_and_when_on_verifies_the_archive_in_the_background() throws Exception {
        Path state = tmp.resolve("state");
        Path archive = tmp.resolve("archive");
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new io.conduit.cli.ConduitCommand());
        cli.setOut(new java.io.PrintWriter(out));
        assertThat(cli.execute("import", "whatsapp", "demo/whatsapp/WhatsApp Chat with Priya Shah.txt", "--mapping",
                "demo/mapping.csv", "--default-region", "GB", "--owner", "+44 7700 900001", "--to", "maildir:" + archive,
                "--state", state.toString(), "--catch-all", "compliance@example.com")).as(out.toString()).isZero();
        String base = startPages(state, archive, true);
        HttpClient http = HttpClient.newHttpClient();

        String before = get(http, base + "/status").body();
        assertThat(before).contains("has not been verified yet").contains("action=\"/observe/status/verify\"");
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(before);
        assertThat(token.find()).isTrue();
        assertThat(form(http, base + "/status/verify", "token=forged").statusCode()).isEqualTo(403);
        assertThat(form(http, base + "/status/verify", "token=" + token.group(1)).statusCode()).isEqualTo(303);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> get(http, base + "/status").body().contains("Last verification"));
        String after = get(http, base + "/status").body();
        assertThat(after).contains("<span class=\"ok\">intact</span>").contains("<tr data-connector=\"whatsapp-import\">");
        assertThat(Files.exists(state.resolve("verify-report/verify-report.html"))).isTrue();
    }

    /** Starts the Main of application.properties with the management server on a free port; its /observe URL. */
    private String startPages(Path state, Path archive, boolean verifyButton) throws Exception {
        main = ConduitCamel.newMain(Map.of(
                ConduitOptions.STATE_DIR, state.toString(),
                ConduitOptions.STORE_URI, "maildir:" + archive,
                ConduitOptions.SCHEDULE_ENABLED, "false",
                ConduitOptions.SCHEDULE_SCHEDULER, "#idlePollScheduler",
                ConduitOptions.STATUS_VERIFY_BUTTON, String.valueOf(verifyButton),
                "camel.management.enabled", "true",
                "camel.management.port", "0",
                ConduitOptions.MANAGEMENT_PASSWORD, PASSWORD));
        running.start(main);
        ManagementHttpServer server = main.getCamelContext().hasService(ManagementHttpServer.class);
        return "http://127.0.0.1:" + server.getRouter().getServer().getPort() + "/observe";
    }

    private static HttpResponse<String> form(HttpClient http, String uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", BASIC)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String post(HttpClient http, String uri, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", BASIC).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", BASIC).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.conduit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.test.Exports;
import io.conduit.test.GraphStandIn;
import io.conduit.test.ImporterProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph goes dark several times during one import and comes back: 503 with Retry-After on every request, every
 * connection dropped, 429 on every request, and every token expired at once. The importer (its own JVM) rides each
 * outage out: at the end each copy is in its custodian's folder exactly once and nothing was quarantined.
 */
class GraphOutageIT {

    private static final int MESSAGES = 1_200;
    private static final String CONNECTOR = "graph-outage";
    private static final String FOLDER = "Graph Outage";
    private static final List<String> CUSTODIANS = List.of("out.alice@example.com", "out.bob@example.com");

    @TempDir
    Path tmp;

    @Test
    void outages_of_graph_lose_and_double_nothing() throws Exception {
        try (GraphStandIn graph = GraphStandIn.start().checkTokens(true)) {
            Path export = Exports.generate(tmp.resolve("WhatsApp Chat - Graph Outage.txt"), MESSAGES, List.of("Alice", "Bob", "Carol"));
            Path mapping = tmp.resolve("mapping.csv");
            Files.writeString(mapping, "Alice," + CUSTODIANS.get(0) + "\nBob," + CUSTODIANS.get(1) + "\n");
            Path secret = Files.writeString(tmp.resolve("secret"), "s3cr3t-graph-value\n");
            Path state = tmp.resolve("state");
            List<String> command = ImporterProcess.command(List.of("-Xmx256m"), List.of(export.toString(),
                    "--to", "graph+" + graph.graphBase(), "--oauth", "generic", "--oauth-token-url", graph.base() + "/token",
                    "--oauth-client-id", "conduit", "--oauth-client-secret-file", secret.toString(),
                    "--mapping", mapping.toString(), "--catch-all", "out.catchall@example.com", "--connector", CONNECTOR,
                    "--state", state.toString(), "--folder", FOLDER));
            Path progress = state.resolve("connector-log/" + CONNECTOR + ".jsonl");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("run.log").toFile()).start();

            int outages = 0;
            for (GraphStandIn.Dark how : List.of(GraphStandIn.Dark.UNAVAILABLE, GraphStandIn.Dark.DROP, GraphStandIn.Dark.THROTTLED)) {
                long mark = ImporterProcess.lines(progress) + 150;
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                        .until(() -> ImporterProcess.lines(progress) >= mark || !p.isAlive());
                assertThat(p.isAlive()).as("still importing before outage " + how).isTrue();
                long before = graph.darkAnswered();
                graph.goDark(how);
                // dark until the importer has knocked (and been turned away) several times
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> graph.darkAnswered() >= before + 4 || !p.isAlive());
                graph.comeBack();
                outages++;
                System.out.printf("graph outage %s: %d requests turned away%n", how, graph.darkAnswered() - before);
            }
            long mark = ImporterProcess.lines(progress) + 100;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ImporterProcess.lines(progress) >= mark || !p.isAlive());
            graph.expireTokens(); // every token issued so far now gets 401: one renewal each, then on
            outages++;

            assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
            String log = Files.readString(tmp.resolve("run.log"));
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(log).doesNotContain("s3cr3t-graph-value");
            String summaryLine = log.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
            System.out.printf("graph outage test: %d outages; %s%n", outages, summaryLine);
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = new ObjectMapper().readValue(summaryLine, Map.class);
            assertThat(summary.get("items")).isEqualTo(MESSAGES);
            assertThat(((Number) summary.get("archived")).intValue() + ((Number) summary.get("duplicates")).intValue())
                    .as("balanced").isEqualTo(MESSAGES);
            assertThat(summary.get("quarantined")).as("nothing quarantined").isEqualTo(0);

            Set<String> expected = ImporterProcess.expectedMessageIds(export, CONNECTOR);
            for (String custodian : CUSTODIANS) {
                ImporterProcess.assertExactlyOnce("graph outage test, " + custodian, graph.messageIds(custodian, FOLDER), expected);
            }
            assertThat(graph.schemaErrors()).isEmpty();
            assertThat(graph.maxInFlight()).isLessThanOrEqualTo(GraphStandIn.MAX_CONCURRENT);
        }
    }
}

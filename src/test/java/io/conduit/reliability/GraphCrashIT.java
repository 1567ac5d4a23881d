package io.conduit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.test.Exports;
import io.conduit.test.GraphStandIn;
import io.conduit.test.ImporterProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across crashes into the Graph store: the importer runs as its own JVM on a 3,000-item export into
 * {@link GraphStandIn} (which lives in this JVM and keeps its messages across importer restarts) and is killed with
 * SIGKILL at random points at least five times, restarted each time, then run to the end; each mapped custodian's
 * folder then holds each expected copy exactly once (compared by internetMessageId), every request body matched the
 * published Graph schema, and the final run's summary is balanced.
 */
class GraphCrashIT {

    private static final int MESSAGES = 2_000;
    private static final int KILLS = 5;
    private static final String CONNECTOR = "graph-crash";
    private static final String FOLDER = "Graph Crash";
    private static final List<String> CUSTODIANS = List.of("crash.alice@example.com", "crash.bob@example.com");

    @TempDir
    Path tmp;

    @Test
    void every_copy_lands_exactly_once_in_graph_however_often_the_importer_is_killed() throws Exception {
        try (GraphStandIn graph = GraphStandIn.start().checkTokens(true)) {
            Path export = Exports.generate(tmp.resolve("WhatsApp Chat - Graph Crash.txt"), MESSAGES, List.of("Alice", "Bob", "Carol"));
            Path mapping = tmp.resolve("mapping.csv");
            Files.writeString(mapping, "Alice," + CUSTODIANS.get(0) + "\nBob," + CUSTODIANS.get(1) + "\n");
            Path secret = Files.writeString(tmp.resolve("secret"), "s3cr3t-graph-value\n");
            Path state = tmp.resolve("state");
            List<String> command = ImporterProcess.command(List.of("-Xmx256m"), List.of(export.toString(),
                    "--to", "graph+" + graph.graphBase(), "--oauth", "generic", "--oauth-token-url", graph.base() + "/token",
                    "--oauth-client-id", "conduit", "--oauth-client-secret-file", secret.toString(),
                    "--mapping", mapping.toString(), "--catch-all", "crash.catchall@example.com", "--connector", CONNECTOR,
                    "--state", state.toString(), "--folder", FOLDER));

            Random random = new Random();
            Path progress = state.resolve("connector-log/" + CONNECTOR + ".jsonl"); // one line per stored item
            int kills = 0;
            while (kills < KILLS) {
                long before = ImporterProcess.lines(progress);
                long target = before + 50 + random.nextInt(350);
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("run-" + kills + ".log").toFile()).start();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                        .until(() -> ImporterProcess.lines(progress) >= target || !p.isAlive());
                if (!p.isAlive()) {
                    break; // finished before this kill point: the export is done
                }
                p.destroyForcibly(); // SIGKILL
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                kills++;
                if (kills == 2) {
                    graph.expireTokens(); // the restarted importer's first token is fetched anew; older ones now get 401
                }
            }
            Process last = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("run-final.log").toFile()).start();
            assertThat(last.waitFor(10, TimeUnit.MINUTES)).isTrue();
            String finalLog = Files.readString(tmp.resolve("run-final.log"));
            assertThat(last.exitValue()).as(finalLog).isZero();
            assertThat(finalLog).doesNotContain("s3cr3t-graph-value");
            String summaryLine = finalLog.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
            System.out.printf("graph crash test: %d SIGKILLs survived; final run: %s%n", kills, summaryLine);
            assertThat(kills).as("kills during the import").isGreaterThanOrEqualTo(KILLS);
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = new ObjectMapper().readValue(summaryLine, Map.class);
            int items = ((Number) summary.get("items")).intValue();
            int archived = ((Number) summary.get("archived")).intValue();
            int duplicates = ((Number) summary.get("duplicates")).intValue();
            assertThat(items).as("the final run reads on from the last checkpoint").isPositive().isLessThanOrEqualTo(MESSAGES);
            assertThat(archived + duplicates).as("balanced: every item read archived or found already there").isEqualTo(items);
            assertThat(summary.get("quarantined")).isEqualTo(0);
            assertThat(summary.get("unread")).isEqualTo(0);

            Set<String> expected = ImporterProcess.expectedMessageIds(export, CONNECTOR);
            assertThat(expected).hasSize(MESSAGES);
            for (String custodian : CUSTODIANS) {
                ImporterProcess.assertExactlyOnce("graph crash test, " + custodian, graph.messageIds(custodian, FOLDER), expected);
            }
            assertThat(graph.schemaErrors()).as("every body matched the published schema").isEmpty();
            assertThat(graph.maxInFlight()).as("requests in flight per mailbox").isLessThanOrEqualTo(GraphStandIn.MAX_CONCURRENT);
        }
    }
}

package io.conduit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conduit health}: asks a running Conduit's management server for its readiness and exits 0 when it answers
 * 200 (UP), 1 otherwise; the container image's {@code HEALTHCHECK}, which needs no curl in the image.
 */
@Command(name = "health", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Asks a running Conduit's readiness endpoint; exit 0 when ready (HTTP 200), 1 when not or unreachable.")
public final class HealthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:9876/observe/health/ready",
            description = "Readiness endpoint (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Connect and answer timeout in seconds (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            (answer.statusCode() == 200 ? out : err).println(url + ": HTTP " + answer.statusCode() + " " + answer.body());
            return answer.statusCode() == 200 ? 0 : ImportCommand.EXIT_FAILURE;
        } catch (IOException e) {
            err.println(url + ": unreachable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return ImportCommand.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ImportCommand.EXIT_FAILURE;
        }
    }
}

package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

/**
 * Runs the command line in-process, as {@code conduit <args>} with the Maildir store under {@code tmp/archive}, the
 * state under {@code tmp/state} and catch-all {@code compliance@example.com}, and reads the JSON summary line.
 */
final class ImportRuns {

    private ImportRuns() {
    }

    /**
     * Runs the command, asserts its exit code and returns the summary {@code {"items":N,"archived":A,...}}.
     *
     * @param output receives everything the command printed
     */
    static Map<String, Object> run(Path tmp, StringBuilder output, int expectedExit, String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString(),
                "--catch-all", "compliance@example.com"));
        assertThat(cli.execute(all.toArray(String[]::new))).as(out.toString()).isEqualTo(expectedExit);
        output.append(out);
        String[] lines = out.toString().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(lines[lines.length - 1], Map.class);
        return summary;
    }
}

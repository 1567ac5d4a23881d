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

/** Runs the real command line into a Maildir archive and a state folder under a test's temp folder. */
final class ImportRun {

    private ImportRun() {
    }

    /**
     * Runs {@code args} plus {@code --to maildir:<tmp>/archive --state <tmp>/state --catch-all compliance@example.com}.
     *
     * @return the JSON summary line the command prints last ({@code items}, {@code archived}, {@code duplicates}, ...)
     */
    static Map<String, Object> run(Path tmp, int expectedExit, String... args) throws Exception {
        List<String> lines = lines(tmp, expectedExit, args);
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
        return summary;
    }

    /** The JSON summary of {@link #lines}' output: its last line. */
    static Map<String, Object> summary(List<String> lines) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(lines.get(lines.size() - 1), Map.class);
        return summary;
    }

    /** Like {@link #run}, returning every output line (the JSON summary last). */
    static List<String> lines(Path tmp, int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString(),
                "--catch-all", "compliance@example.com"));
        assertThat(cli.execute(all.toArray(String[]::new))).as(out.toString()).isEqualTo(expectedExit);
        return List.of(out.toString().strip().split("\n"));
    }
}

package io.conduit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.cli.ConduitCommand;
import picocli.CommandLine;

/**
 * The demo WhatsApp chats imported into a Maildir archive under a test's folder ({@code archive/}, {@code state/}), and
 * the {@code conduit} command run in-process against it, for the tests of {@code conduit verify}.
 */
final class DemoArchive {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What a command printed, its exit code, and its last line read as the JSON summary (empty when it is not one). */
    static final class Result {
        final int exit;
        final String out;
        final Map<String, Object> summary;

        Result(int exit, String out, Map<String, Object> summary) {
            this.exit = exit;
            this.out = out;
            this.summary = summary;
        }
    }

    /** A test class that starts each test on a freshly imported demo archive ({@code demo}, its {@code ledger}). */
    abstract static class Imported {
        @org.junit.jupiter.api.io.TempDir
        Path tmp;

        DemoArchive demo;
        Path ledger;

        @org.junit.jupiter.api.BeforeEach
        void importDemo() throws Exception {
            demo = imported(tmp);
            ledger = demo.ledger;
        }
    }

    final Path tmp;
    final Path ledger;

    private DemoArchive(Path tmp, Path ledger) {
        this.tmp = tmp;
        this.ledger = ledger;
    }

    /** Imports both demo chats into {@code tmp/archive} with the state in {@code tmp/state}. */
    static DemoArchive imported(Path tmp) throws Exception {
        for (String chat : List.of("demo/whatsapp/WhatsApp Chat with Priya Shah.txt", "demo/whatsapp/WhatsApp Chat - Rates Desk.zip")) {
            Result r = cli("import", "whatsapp", chat, "--mapping", "demo/mapping.csv", "--default-region", "GB",
                    "--zone", "Europe/London", "--owner", "+44 7700 900001",
                    "--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString(),
                    "--catch-all", "compliance@example.com");
            assertThat(r.exit).as(r.out).isZero();
        }
        try (Stream<Path> s = Files.list(tmp.resolve("state/ledger"))) {
            return new DemoArchive(tmp, s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow());
        }
    }

    static Result cli(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        String[] lines = out.toString().strip().split("\n");
        Map<String, Object> summary = lines[lines.length - 1].startsWith("{")
                ? JSON.readValue(lines[lines.length - 1], new TypeReference<LinkedHashMap<String, Object>>() { }) : Map.of();
        return new Result(exit, out.toString(), summary);
    }

    /** {@code conduit verify} of the archive, reports into {@code tmp/report}, with more options. */
    Result verify(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--to", "maildir:" + tmp.resolve("archive"),
                "--state", tmp.resolve("state").toString(), "--report", tmp.resolve("report").toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    List<String> ledgerLines() throws Exception {
        return new ArrayList<>(Files.readAllLines(ledger, StandardCharsets.UTF_8));
    }

    static Map<String, Object> entry(String line) throws Exception {
        return JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** The ledger's copy entries, in file order. */
    List<Map<String, Object>> copies() throws Exception {
        List<Map<String, Object>> copies = new ArrayList<>();
        for (String line : ledgerLines()) {
            Map<String, Object> e = entry(line);
            if ("copy".equals(e.get("type"))) {
                copies.add(e);
            }
        }
        return copies;
    }

    /** The stored file of a copy entry. */
    Path file(Map<String, Object> copy) {
        return tmp.resolve("archive").resolve(String.valueOf(copy.get("correlationId")));
    }
}

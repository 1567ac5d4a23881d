package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.conduit.Maildirs;
import io.conduit.state.Quarantine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code quarantine list} and {@code quarantine retry} on items that a store failure and a parser put there. */
class QuarantineCommandTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void fastRedelivery() {
        System.setProperty("conduit.redelivery.delay-ms", "5");
    }

    @AfterAll
    static void defaultRedelivery() {
        System.clearProperty("conduit.redelivery.delay-ms");
    }

    private record Run(int exit, String out) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void items_that_a_store_failure_quarantined_archive_on_retry_and_leave_the_quarantine() throws Exception {
        Path archive = tmp.resolve("archive");
        Files.createDirectories(archive);
        Files.writeString(archive.resolve("daniel.reed@example.com"), "not a folder: the store cannot write here");
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("WhatsApp Chat with Sam.txt"), """
                01/02/2026, 10:00 - Sam: first
                31/02/2026, 10:01 - Sam: an impossible date
                01/02/2026, 10:02 - Daniel Reed: third
                """);
        String[] store = {"--to", "maildir:" + archive, "--state", tmp.resolve("state").toString(),
                "--mapping", "demo/mapping.csv"};

        Run imported = run(concat(new String[] {"import", "whatsapp", in.toString(), "--owner", "Daniel Reed"}, store));
        assertThat(imported.exit()).as(imported.out()).isEqualTo(ImportCommand.EXIT_QUARANTINED);
        assertThat(imported.out()).contains("\"items\":3,\"archived\":0,\"copies\":0,\"duplicates\":0,\"quarantined\":3");

        Run listed = run("quarantine", "list", "--state", tmp.resolve("state").toString());
        assertThat(listed.out()).contains("3 in quarantine")
                .contains("WhatsApp Chat with Sam.txt:2  fix-source")
                .contains("WhatsApp Chat with Sam.txt:1  retryable")
                .contains("WhatsApp Chat with Sam.txt:3  retryable")
                .contains("cannot store into maildir");

        Files.delete(archive.resolve("daniel.reed@example.com"));
        Run retried = run(concat(new String[] {"quarantine", "retry"}, store));

        assertThat(retried.exit()).as(retried.out()).isZero();
        assertThat(retried.out()).contains("\"items\":2,\"archived\":2,\"copies\":2,\"duplicates\":0,\"quarantined\":0");
        assertThat(Maildirs.messages(archive, "daniel.reed@example.com", "WhatsApp Archiver")).hasSize(2);
        List<Quarantine.Reason> left = new Quarantine(tmp.resolve("state")).list();
        assertThat(left).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo("WhatsApp Chat with Sam.txt:2");
            assertThat(r.retryUri()).isNull();
        });
        assertThat(tmp.resolve("state/quarantine-retried")).isDirectoryContaining(p -> Files.exists(p.resolve("retried.json")));

        Run again = run(concat(new String[] {"quarantine", "retry", left.get(0).id()}, store));
        assertThat(again.out()).contains("kept: WhatsApp Chat with Sam.txt:2 needs its source fixed");
        assertThat(new Quarantine(tmp.resolve("state")).list()).hasSize(1);
    }

    @Test
    void a_quarantined_input_file_is_retried_through_its_source_route() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Path export = in.resolve("WhatsApp Chat with Lee.txt");
        Files.write(export, new byte[] {0, 1, 2, 3});
        String[] store = {"--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString(),
                "--catch-all", "compliance@example.com"};
        assertThat(run(concat(new String[] {"import", "whatsapp", in.toString(), "--zone", "Europe/London", "--owner", "Kim"}, store)).exit())
                .isEqualTo(ImportCommand.EXIT_QUARANTINED);
        Quarantine.Reason reason = new Quarantine(tmp.resolve("state")).list().get(0);
        assertThat(reason.retryUri()).isEqualTo("direct:export-input");
        assertThat(reason.settings()).containsEntry("ConduitZone", "Europe/London");

        // the operator mends the quarantined copy of the file, then retries it
        Path kept = tmp.resolve("state/quarantine").resolve(reason.id()).resolve("original/WhatsApp Chat with Lee.txt");
        Files.writeString(kept, "05/03/2026, 09:00 - Lee: hello\n");
        Run retried = run(concat(new String[] {"quarantine", "retry", reason.id()}, store));

        assertThat(retried.exit()).as(retried.out()).isZero();
        assertThat(Maildirs.messages(tmp.resolve("archive"), "compliance@example.com", "Inbox")).singleElement()
                .satisfies(m -> assertThat(m.getSentDate().toInstant()).hasToString("2026-03-05T09:00:00Z"));
        assertThat(new Quarantine(tmp.resolve("state")).list()).isEmpty();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

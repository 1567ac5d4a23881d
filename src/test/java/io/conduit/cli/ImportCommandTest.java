package io.conduit.cli;

import static io.conduit.test.Mails.body;
import static io.conduit.test.Mails.content;
import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import io.conduit.state.Quarantine;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code import whatsapp} command end to end through the real routes, into the embedded Maildir store. */
class ImportCommandTest {

    private static final Path DEMO = Path.of("demo/whatsapp");
    private static final String PRIYA = "WhatsApp Chat with Priya Shah.txt";

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err, Map<String, Object> summary) {
        long count(String key) {
            return ((Number) summary.get(key)).longValue();
        }
    }

    private Result run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString()));
        int exit = cli.execute(all.toArray(String[]::new));
        String[] lines = out.toString().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = lines[lines.length - 1].startsWith("{")
                ? new ObjectMapper().readValue(lines[lines.length - 1], Map.class) : Map.of();
        return new Result(exit, out.toString(), err.toString(), summary);
    }

    private Result importDemo(Path input) throws Exception {
        return run("import", "whatsapp", input.toString(), "--mapping", "demo/mapping.csv", "--default-region", "GB",
                "--owner", "+44 7700 900001", "--zone", "Europe/London", "--catch-all", "compliance@example.com");
    }

    @Test
    void archives_the_demo_exports_into_each_custodian_mailbox() throws Exception {
        Result r = importDemo(DEMO);

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.count("items")).isEqualTo(r.count("archived")).isEqualTo(21);
        assertThat(r.count("duplicates")).isZero();
        assertThat(r.count("quarantined")).isZero();
        Path archive = tmp.resolve("archive");
        assertThat(Maildirs.countAll(archive)).isEqualTo(r.count("copies"));

        List<MimeMessage> daniel = Maildirs.messages(archive, "daniel.reed@example.com", "WhatsApp Archiver");
        List<MimeMessage> tom = Maildirs.messages(archive, "tom.okafor@example.com", "WhatsApp Archiver");
        assertThat(daniel).hasSize(21);
        // Tom is added at 07:58:40: the encryption notice and "created group" before it are not his
        assertThat(tom).hasSize(9);
        assertThat(Maildirs.messages(archive, "compliance@example.com", "Inbox")).isEmpty();

        MimeMessage trade = daniel.stream()
                .filter(m -> body(m).contains("done at 98.42")).findFirst().orElseThrow();
        assertThat(trade.getHeader(ConduitHeaders.MESSAGE_CLASS, null)).isEqualTo("IPM.NOTE.WhatsApp.Message");
        assertThat(trade.getHeader(ConduitHeaders.CONNECTOR, null)).isEqualTo("whatsapp-import");
        assertThat(trade.getHeader(ConduitHeaders.CONVERSATION_ID, null)).isEqualTo("Priya Shah");
        assertThat(trade.getSentDate().toInstant()).hasToString("2026-11-14T08:09:00Z");
        assertThat(trade.getFrom()[0].toString()).contains("Priya Shah");
        assertThat(trade.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString()).contains("daniel.reed@example.com");
        assertThat(body(trade)).contains("Please send the confirmation");

        MimeMessage withPdf = daniel.stream().filter(m -> {
            try {
                return m.getContent() instanceof MimeMultipart;
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        MimeMultipart parts = (MimeMultipart) withPdf.getContent();
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("00000005-DOCUMENT-2026-11-16-08-01-05.pdf");
        assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
        assertThat(daniel).anyMatch(m -> header(m, ConduitHeaders.MESSAGE_CLASS).equals("IPM.NOTE.WhatsApp.SystemEvent"));

        Path log = tmp.resolve("state/connector-log/whatsapp-import.jsonl");
        assertThat(Files.readAllLines(log)).filteredOn(l -> l.contains("\"type\":\"run\""))
                .hasSize(2).allMatch(l -> l.contains("\"balanced\":true"));
        assertThat(Files.readString(log)).contains("\"correlationId\":\"daniel.reed@example.com/.WhatsApp Archiver/new/");
    }

    @Test
    void a_second_import_of_the_same_exports_adds_nothing() throws Exception {
        Result first = importDemo(DEMO);
        long files = Maildirs.countAll(tmp.resolve("archive"));

        Result again = importDemo(DEMO);

        assertThat(again.exit()).isZero();
        assertThat(again.count("items")).isEqualTo(first.count("items"));
        assertThat(again.count("duplicates")).isEqualTo(first.count("items"));
        assertThat(again.count("archived")).isZero();
        assertThat(again.count("copies")).isZero();
        assertThat(Maildirs.countAll(tmp.resolve("archive"))).isEqualTo(files);
    }

    @Test
    void a_longer_re_export_adds_only_the_new_messages() throws Exception {
        Path older = tmp.resolve("older");
        Files.createDirectories(older);
        List<String> lines = Files.readAllLines(DEMO.resolve(PRIYA));
        Files.write(older.resolve(PRIYA), lines.subList(0, 6));
        Result first = importDemo(older);

        Path newer = tmp.resolve("newer");
        Files.createDirectories(newer);
        Files.copy(DEMO.resolve(PRIYA), newer.resolve(PRIYA));
        Result second = importDemo(newer);

        assertThat(first.exit()).isZero();
        assertThat(second.exit()).isZero();
        assertThat(second.count("duplicates")).isEqualTo(first.count("items"));
        assertThat(second.count("archived")).isEqualTo(second.count("items") - first.count("items")).isPositive();
    }

    @Test
    void an_unfinished_run_resumes_after_its_checkpoint_and_a_finished_one_is_read_again_as_duplicates() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Path export = Files.copy(DEMO.resolve(PRIYA), in.resolve(PRIYA));
        Result whole = importDemo(in);
        assertThat(whole.count("items")).isEqualTo(10);

        io.conduit.state.checkpoint.FileCheckpointStore checkpoints = new io.conduit.state.checkpoint.FileCheckpointStore(tmp.resolve("state"));
        String partition = export.toAbsolutePath().normalize().toString();
        assertThat(checkpoints.load("whatsapp-import", partition)).get()
                .satisfies(c -> assertThat(c).containsEntry("records", "10").containsEntry("done", "true"));
        Result again = importDemo(in);
        assertThat(again.count("duplicates")).isEqualTo(10);

        // as if a run had stopped abruptly after its 4th record
        checkpoints.save("whatsapp-import", partition, Map.of("file", PRIYA, "size", Long.toString(Files.size(export)),
                "modified", Long.toString(export.toFile().lastModified()), "records", "4", "done", "false"));
        Result resumed = importDemo(in);
        assertThat(resumed.exit()).isZero();
        assertThat(resumed.count("items")).isEqualTo(6);
        assertThat(checkpoints.load("whatsapp-import", partition)).get()
                .satisfies(c -> assertThat(c).containsEntry("records", "10").containsEntry("done", "true"));
    }

    @Test
    void a_bad_file_and_a_bad_line_are_quarantined_with_reasons_and_the_rest_archived() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("notes.txt"), "Shopping list\nmilk\neggs\n");
        Files.write(in.resolve("corrupt.zip"), new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3});
        Files.writeString(in.resolve("WhatsApp Chat with Sam.txt"), """
                01/02/2026, 10:00 - Sam: first
                31/02/2026, 10:01 - Sam: an impossible date
                01/02/2026, 10:02 - Daniel Reed: third
                """);

        Result r = importDemo(in);

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ImportCommand.EXIT_QUARANTINED);
        assertThat(r.count("quarantined")).isEqualTo(3);
        assertThat(r.count("archived")).isEqualTo(2);
        assertThat(r.count("items")).isEqualTo(r.count("archived") + r.count("duplicates") + r.count("quarantined"));
        List<Quarantine.Reason> reasons = new Quarantine(tmp.resolve("state")).list();
        assertThat(reasons).extracting(Quarantine.Reason::source)
                .anyMatch(s -> s.equals("notes.txt"))
                .anyMatch(s -> s.equals("corrupt.zip"))
                .anyMatch(s -> s.equals("WhatsApp Chat with Sam.txt:2"));
        assertThat(reasons).allMatch(reason -> reason.message() != null && !reason.message().isBlank());
        assertThat(Files.list(tmp.resolve("state/quarantine")).toList())
                .anyMatch(p -> Files.exists(p.resolve("original/notes.txt")));
    }

    @Test
    void a_symbolic_link_among_the_inputs_is_refused_and_its_target_never_copied() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "01/02/2026, 10:00 - Sam: not for the archive\n");
        Files.createSymbolicLink(in.resolve("WhatsApp Chat with Sam.txt"), secret);

        Result r = importDemo(in);

        assertThat(r.exit()).isEqualTo(ImportCommand.EXIT_QUARANTINED);
        assertThat(r.count("archived")).isZero();
        Quarantine.Reason reason = new Quarantine(tmp.resolve("state")).list().get(0);
        assertThat(reason.message()).contains("symbolic link refused");
        Path entry = tmp.resolve("state/quarantine").resolve(reason.id());
        assertThat(entry.resolve("original")).doesNotExist();
        assertThat(Files.readString(entry.resolve("record.txt"))).doesNotContain("not for the archive");
    }

    @Test
    void an_item_with_no_mapped_participant_goes_to_the_catch_all_mailbox() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("WhatsApp Chat with Lee.txt"), "05/03/2026, 09:00 - Lee: hello from an unmapped number\n");

        Result r = run("import", "whatsapp", in.toString(), "--catch-all", "compliance@example.com",
                "--mapping", "demo/mapping.csv", "--owner", "Kim");

        assertThat(r.exit()).isZero();
        List<MimeMessage> catchAll = Maildirs.messages(tmp.resolve("archive"), "compliance@example.com", "Inbox");
        assertThat(catchAll).hasSize(1);
        assertThat(header(catchAll.get(0), ConduitHeaders.UNMAPPED)).contains("Lee").contains("Kim");
    }

    @Test
    void help_documents_every_option_and_bad_arguments_fail_clearly() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("import", "--help")).isZero();
        for (String option : List.of("--to", "--mapping", "--catch-all", "--zone", "--owner", "--folder", "--state",
                "--imap-master-user", "--imap-password-file", "--truststore")) {
            assertThat(out.toString()).contains(option);
        }
        Result zone = run("import", "whatsapp", DEMO.toString(), "--zone", "Europe/Londn");
        assertThat(zone.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(zone.err()).contains("'Europe/Londn' is not a time zone");
        Result type = run("import", "telex", DEMO.toString());
        assertThat(type.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(type.err()).contains("unknown source type 'telex'");
        Result option = run("import", "whatsapp", DEMO.toString(), "--no-such-option");
        assertThat(option.exit()).as("picocli's usage errors are EX_USAGE, not the quarantine code 2").isEqualTo(ExitCodes.USAGE);
        assertThat(option.err()).contains("--no-such-option");
        assertThat(out.toString()).contains("Exit codes:", "64", "usage error");
    }

    @Test
    void an_input_path_that_does_not_exist_fails_at_once_saying_so() throws Exception {
        Path missing = tmp.resolve("no-such-export.txt");

        Result r = run("import", "whatsapp", missing.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err().strip()).isEqualTo(missing + ": no such file or folder");
    }

    @Test
    void an_unreachable_imap_server_fails_before_any_item_is_read_with_one_line() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path password = Files.writeString(tmp.resolve("imap-password"), "not-a-real-password");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("import", "whatsapp", DEMO.resolve(PRIYA).toString(), "--owner", "Kim",
                "--to", "imap://127.0.0.1:" + closed + "?starttls=false", "--imap-user", "archive",
                "--imap-password-file", password.toString(), "--state", tmp.resolve("state").toString());

        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString().strip().lines()).singleElement().asString()
                .startsWith("store imap://127.0.0.1:" + closed).contains("nothing was read").doesNotContain("not-a-real-password");
        assertThat(out.toString()).doesNotContain("items");
        assertThat(tmp.resolve("state/quarantine")).doesNotExist();
    }
}

package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code import csv} through the real routes, on the demo file and the reader's fixtures. */
class CsvImportTest {

    static final Path FIXTURES = Path.of("src/test/resources/io/conduit/source/csv");
    static final String FOLDER = "Delimited Text Archiver";

    @TempDir
    Path tmp;

    private Map<String, Object> run(int expectedExit, String... args) throws Exception {
        return ImportRun.run(tmp, expectedExit, args);
    }

    @Test
    void the_demo_file_archives_every_row_with_its_message_class_and_a_re_import_is_all_duplicates() throws Exception {
        Map<String, Object> first = run(0, "import", "csv", "demo/csv", "--mapping", "demo/mapping.csv",
                "--mailbox-domain", "example.com", "--default-region", "GB");
        Map<String, Object> again = run(0, "import", "csv", "demo/csv", "--mapping", "demo/mapping.csv",
                "--mailbox-domain", "example.com", "--default-region", "GB");

        assertThat(first).containsEntry("items", 7).containsEntry("archived", 7).containsEntry("quarantined", 0);
        assertThat(again).containsEntry("items", 7).containsEntry("duplicates", 7).containsEntry("archived", 0);
        List<MimeMessage> daniel = Maildirs.messages(tmp.resolve("archive"), "daniel.reed@example.com", FOLDER);
        assertThat(daniel).hasSize(7).extracting(m -> header(m, ConduitHeaders.MESSAGE_CLASS)).containsExactlyInAnyOrder(
                "IPM.NOTE.SMS.Message", "IPM.NOTE.SMS.Message", "IPM.NOTE.MicrosoftTeams.ChatMessage",
                "IPM.NOTE.MicrosoftTeams.ChatMessage", "IPM.NOTE.MicrosoftTeams.MemberAdded", "IPM.NOTE.Bloomberg.IB",
                "IPM.NOTE.WeChat.VoiceCall");
        MimeMessage ticket = daniel.stream().filter(m -> "sms-000002".equals(header(m, ConduitHeaders.ITEM_ID)))
                .findFirst().orElseThrow();
        assertThat(((Multipart) ticket.getContent()).getBodyPart(1).getFileName()).isEqualTo("ticket-4471.pdf");
        assertThat(header(ticket, ConduitHeaders.SOURCE_REF)).isEqualTo("Delimited Text Demo.csv:3");
        assertThat(Maildirs.messages(tmp.resolve("archive"), "priya.shah@example.com", FOLDER)).hasSize(1);
    }

    @Test
    void bad_rows_are_quarantined_and_the_counts_balance() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("drop"));
        Files.copy(FIXTURES.resolve("bad-rows.csv"), drop.resolve("bad-rows.csv"));

        Map<String, Object> summary = run(ImportCommand.EXIT_QUARANTINED, "import", "csv", drop.toString(),
                "--default-region", "GB");

        assertThat(summary).containsEntry("items", 14).containsEntry("archived", 3).containsEntry("quarantined", 11)
                .containsEntry("duplicates", 0);
        // +447700900001 is Daniel Reed's in the default mapping (demo/mapping.csv)
        assertThat(Maildirs.messages(tmp.resolve("archive"), "daniel.reed@example.com", FOLDER))
                .extracting(m -> header(m, ConduitHeaders.ITEM_ID)).containsExactlyInAnyOrder("g1", "g2", "g3");
    }

    @Test
    void the_dialect_options_reach_the_reader() throws Exception {
        Map<String, Object> summary = run(0, "import", "csv", FIXTURES.resolve("semicolon-windows-1252.csv").toString(),
                "--delimiter", ";", "--encoding", "windows-1252", "--timestamp-pattern", "dd/MM/uuuu HH:mm",
                "--zone", "Europe/Paris");

        assertThat(summary).containsEntry("items", 1).containsEntry("archived", 1);
        MimeMessage m = Maildirs.messages(tmp.resolve("archive"), "compliance@example.com", "Inbox").get(0);
        assertThat(m.getSentDate().toInstant()).hasToString("2024-03-01T09:15:00Z");
        assertThat(header(m, ConduitHeaders.MESSAGE_CLASS)).isEqualTo("IPM.NOTE.Symphony.Chat");
    }

    @Test
    void an_invalid_dialect_option_is_refused_before_anything_is_read() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setErr(new PrintWriter(out));

        int exit = cli.execute("import", "csv", "demo/csv", "--encoding", "UTF-9", "--state", tmp.resolve("state").toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString()).startsWith("csv encoding 'UTF-9' is not a character set");
        assertThat(tmp.resolve("state")).doesNotExist();
    }
}

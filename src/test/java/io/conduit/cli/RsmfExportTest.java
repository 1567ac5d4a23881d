package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.export.RsmfFiles;
import io.conduit.source.slack.SlackExports;
import io.conduit.test.Mails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 11, point 10: {@code export rsmf} reads a custodian's archived copies back from the Maildir store and writes one
 * RSMF 2.0 file per conversation and day that Relativity's published schema accepts.
 */
class RsmfExportTest {

    @TempDir
    Path tmp;

    private Map<String, Object> export(String mailbox, String from, String to) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute("export", "rsmf", "--mailbox", mailbox, "--from", from, "--to", to,
                "--out", tmp.resolve("rsmf").toString(), "--store", "maildir:" + tmp.resolve("archive"));
        assertThat(exit).as(out.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        System.out.println(out);
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(lines[lines.length - 1], Map.class);
        return summary;
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve("rsmf"))) {
            return s.filter(p -> p.toString().endsWith(".rsmf")).sorted().toList();
        }
    }

    private void importDemo() throws Exception {
        for (String chat : List.of("demo/whatsapp/WhatsApp Chat with Priya Shah.txt", "demo/whatsapp/WhatsApp Chat - Rates Desk.zip")) {
            ImportRun.run(tmp, 0, "import", "whatsapp", chat, "--mapping", "demo/mapping.csv", "--default-region", "GB",
                    "--zone", "Europe/London", "--owner", "+44 7700 900001");
        }
    }

    @Test
    void every_conversation_day_of_a_mailbox_becomes_one_rsmf_file_that_the_rsmf_schema_accepts() throws Exception {
        importDemo();

        Map<String, Object> summary = export("daniel.reed@example.com", "2026-11-14", "2026-11-16");

        assertThat(summary).containsEntry("files", 3).containsEntry("events", 21).containsEntry("attachments", 1);
        List<Path> files = files();
        assertThat(files).hasSize(3);
        for (Path f : files) {
            RsmfFiles.Rsmf rsmf = RsmfFiles.open(f);
            assertThat(rsmf.errors()).as(f.toString()).isEmpty();
            assertThat(rsmf.firstHeaderLine()).isEqualTo("X-RSMF-Version: 2.0.0");
            assertThat(Mails.header(rsmf.message(), "X-RSMF-EventCount"))
                    .isEqualTo(String.valueOf(rsmf.manifest().path("events").size()));
        }
        RsmfFiles.Rsmf desk = RsmfFiles.open(files.stream().filter(f -> f.toString().endsWith("2026-11-16.rsmf"))
                .findFirst().orElseThrow());
        assertThat(Mails.header(desk.message(), "X-RSMF-Generator")).isEqualTo("Conduit 0.1.0");
        assertThat(Mails.header(desk.message(), "X-RSMF-Application")).isEqualTo("WhatsApp");
        assertThat(Mails.header(desk.message(), "X-RSMF-Custodian")).isEqualTo("daniel.reed@example.com");
        assertThat(Mails.header(desk.message(), "X-RSMF-BeginDate")).isEqualTo("2026-11-16T07:58:12Z");
        assertThat(Mails.header(desk.message(), "X-RSMF-AttachmentCount")).isEqualTo("1");
        assertThat(desk.entries()).containsKeys("rsmf_manifest.json", "00000005-DOCUMENT-2026-11-16-08-01-05.pdf");
        JsonNode conversation = desk.manifest().path("conversations").get(0);
        assertThat(conversation.path("platform").asText()).isEqualTo("whatsapp");
        assertThat(conversation.path("type").asText()).isEqualTo("channel");
        assertThat(conversation.path("display").asText()).isEqualTo("Rates Desk");
        JsonNode events = desk.manifest().path("events");
        assertThat(events).hasSize(11);
        assertThat(events).anyMatch(e -> "outgoing".equals(e.path("direction").asText())
                && e.path("body").asText().startsWith("Fine by me"));
        System.out.printf("%s: %s%n", desk.firstHeaderLine(), desk.manifest().path("participants"));
        RsmfFiles.Rsmf priya = RsmfFiles.open(files.stream().filter(f -> f.toString().endsWith("2026-11-14.rsmf"))
                .findFirst().orElseThrow());
        assertThat(priya.manifest().path("events")).anyMatch(e -> e.path("deleted").asBoolean());
    }

    @Test
    void the_days_outside_from_and_to_are_left_out() throws Exception {
        importDemo();

        Map<String, Object> summary = export("daniel.reed@example.com", "2026-11-15", "2026-11-15");

        assertThat(summary).containsEntry("files", 1).containsEntry("events", 1);
        assertThat(files()).singleElement().satisfies(f -> assertThat(f.toString()).endsWith("2026-11-15.rsmf"));
    }

    @Test
    void a_slack_thread_reply_is_an_event_whose_parent_is_the_thread_start() throws Exception {
        Path zip = SlackExports.clean(tmp.resolve("acme-slack-export.zip"));
        ImportRun.run(tmp, 0, "import", "slack", zip.toString(), "--mailbox-domain", "example.com");

        export("alice@example.com", "2024-01-01", "2024-12-31");

        boolean found = false;
        for (Path f : files()) {
            RsmfFiles.Rsmf rsmf = RsmfFiles.open(f);
            assertThat(rsmf.errors()).as(f.toString()).isEmpty();
            for (JsonNode e : rsmf.manifest().path("events")) {
                if (e.path("body").asText().contains("Looks good")) {
                    assertThat(e.path("parent").asText()).endsWith(":1705309200.000200");
                    found = true;
                }
            }
        }
        assertThat(found).isTrue();
    }
}

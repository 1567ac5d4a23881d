package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code import sms} through the real routes on every SMS Backup &amp; Restore sample of {@code ../shared/samples/sms}
 * (shruggietech/sms-backup-restore-parser's fixtures) and on this project's fixtures.
 */
class SmsImportTest {

    private static final Path SAMPLES = Path.of(System.getProperty("conduit.samples", "../shared/samples"));
    private static final String OWNER = "+15550000001";
    private static final String OWNER_MAILBOX = "owner@example.com";

    @TempDir
    Path tmp;

    private Map<String, Object> run(int expectedExit, String... args) throws Exception {
        String[] lines = execute(expectedExit, args);
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = new ObjectMapper().readValue(lines[lines.length - 1], Map.class);
        return summary;
    }

    /** Runs the command; returns its output lines (one per file, then the JSON summary). */
    private String[] execute(int expectedExit, String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--to", "maildir:" + tmp.resolve("archive"), "--state", tmp.resolve("state").toString(),
                "--catch-all", "compliance@example.com", "--mapping", mapping().toString(), "--owner", OWNER));
        assertThat(cli.execute(all.toArray(String[]::new))).as(out.toString()).isEqualTo(expectedExit);
        return out.toString().strip().split("\n");
    }

    private Path mapping() throws Exception {
        return Files.writeString(tmp.resolve("mapping.csv"), OWNER + "," + OWNER_MAILBOX + "\n");
    }

    private List<MimeMessage> ownerCopies() throws Exception {
        return Maildirs.messages(tmp.resolve("archive"), OWNER_MAILBOX, "SMS Archiver");
    }

    @Test
    void every_sample_archives_completely_and_a_second_run_is_all_duplicates() throws Exception {
        Map<String, Integer> expected = Map.of("shruggietech_edge_cases.xml", 4, "shruggietech_minimal_calls.xml", 1,
                "shruggietech_minimal_mms.xml", 1, "shruggietech_minimal_sms.xml", 1, "shruggietech_mixed.xml", 4);
        Path dir = SAMPLES.resolve("sms");
        Assumptions.assumeTrue(Files.isDirectory(dir), "no samples at " + dir);
        for (String name : expected.keySet()) {
            Assumptions.assumeTrue(Files.isRegularFile(dir.resolve(name)), "no sample " + name);
        }

        List<String> first = List.of(execute(0, "import", "sms", dir.toString()));
        List<String> again = List.of(execute(0, "import", "sms", dir.toString()));

        int total = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            int n = e.getValue();
            assertThat(first).contains("sms-import: " + e.getKey() + ": " + n + " items, " + n + " archived (" + n
                    + " copies), 0 duplicates, 0 quarantined");
            assertThat(again).contains("sms-import: " + e.getKey() + ": " + n + " items, 0 archived (0 copies), " + n
                    + " duplicates, 0 quarantined");
            total += n;
        }
        first.stream().filter(l -> l.startsWith("sms-import: ")).forEach(l -> System.out.println("sample sms/" + l.substring(12)));
        assertThat(first.get(first.size() - 1)).contains("\"items\":" + total + ",\"archived\":" + total);
        List<MimeMessage> copies = ownerCopies();
        assertThat(copies).as("the owner takes part in every item").hasSize(total);
        assertThat(copies).extracting(m -> header(m, ConduitHeaders.MESSAGE_CLASS))
                .contains("IPM.NOTE.SMS.Message", "IPM.NOTE.MMS.Message", "IPM.NOTE.Phone.Call");
        MimeMessage mms = copies.stream().filter(m -> "Test MMS Subject".equals(subject(m))).findFirst().orElseThrow();
        Multipart parts = (Multipart) mms.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("image.jpg");
        assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).hasSize(70);
    }

    @Test
    void the_fixtures_archive_with_rejected_records_quarantined_and_counts_balanced() throws Exception {
        Path fixtures = Path.of("src/test/resources/io/conduit/source/sms");

        Map<String, Object> messages = run(0, "import", "sms", fixtures.resolve("messages.xml").toString());
        Map<String, Object> malformed = run(2, "import", "sms", fixtures.resolve("malformed.xml").toString());

        assertThat(messages).containsEntry("items", 9).containsEntry("archived", 9);
        assertThat(malformed).containsEntry("items", 6).containsEntry("archived", 1).containsEntry("quarantined", 5);
        assertThat(Files.list(tmp.resolve("state/quarantine")).count()).isEqualTo(5);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

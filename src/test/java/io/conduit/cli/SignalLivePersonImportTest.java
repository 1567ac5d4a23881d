package io.conduit.cli;

import static io.conduit.test.Mails.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.conduit.Maildirs;
import io.conduit.mime.ConduitHeaders;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import signal} and {@code import liveperson} through the real routes, on the real samples and fixtures. */
class SignalLivePersonImportTest {

    private static final Path SAMPLES = Path.of(System.getProperty("conduit.samples", "../shared/samples"));

    @TempDir
    Path tmp;

    private Map<String, Object> run(int expectedExit, String... args) throws Exception {
        return ImportRun.run(tmp, expectedExit, args);
    }

    @Test
    void the_signal_text_sample_archives_completely() throws Exception {
        Path sample = SAMPLES.resolve("signal/chatminer_signal_test_export.txt");
        Assumptions.assumeTrue(Files.isRegularFile(sample), "no sample at " + sample);
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "John Doe,john@example.com\n");

        Map<String, Object> summary = run(0, "import", "signal", sample.toString(), "--mapping", mapping.toString(),
                "--owner", "John Doe", "--zone", "Europe/Berlin");

        assertThat(summary).containsEntry("items", 2).containsEntry("archived", 2).containsEntry("quarantined", 0);
        List<MimeMessage> john = Maildirs.messages(tmp.resolve("archive"), "john@example.com", "Signal Archiver");
        assertThat(john).hasSize(2).allMatch(m -> header(m, ConduitHeaders.MESSAGE_CLASS).equals("IPM.NOTE.Signal.Message"));
        System.out.printf("sample signal/chatminer_signal_test_export.txt: %s%n", summary);
    }

    @Test
    void signal_cli_json_lines_archive_and_receipts_are_not_items() throws Exception {
        Path fixture = Path.of("src/test/resources/signal/messages.jsonl");
        Map<String, Object> summary = run(0, "import", "signal", fixture.toString(), "--mailbox-domain", "example.com");

        assertThat(((Number) summary.get("items")).longValue()).isPositive()
                .isEqualTo(((Number) summary.get("archived")).longValue());
        assertThat(Maildirs.countAll(tmp.resolve("archive"))).isEqualTo(((Number) summary.get("copies")).longValue());
    }

    @Test
    void the_liveperson_sample_archives_every_message_into_the_agents_mailbox_once() throws Exception {
        Path sample = SAMPLES.resolve("liveperson/lp_messaging_interactions_conversations_search_response_example.json");
        Assumptions.assumeTrue(Files.isRegularFile(sample), "no sample at " + sample);

        Map<String, Object> first = run(0, "import", "liveperson", sample.toString(), "--mailbox-domain", "lp.com");
        Map<String, Object> again = run(0, "import", "liveperson", sample.toString(), "--mailbox-domain", "lp.com");

        long items = ((Number) first.get("items")).longValue();
        assertThat(items).isPositive().isEqualTo(((Number) first.get("archived")).longValue());
        List<MimeMessage> agent = Maildirs.messages(tmp.resolve("archive"), "michal@lp.com", "LivePerson Conversational Cloud");
        assertThat(agent).hasSize((int) items)
                .anyMatch(m -> header(m, ConduitHeaders.MESSAGE_CLASS).equals("IPM.NOTE.LivePerson.Message"));
        assertThat(again).containsEntry("duplicates", (int) items).containsEntry("archived", 0);
        System.out.printf("sample liveperson/lp_messaging_interactions_conversations_search_response_example.json: %s%n", first);
    }

    @Test
    void a_liveperson_survey_answered_after_the_close_archives_only_the_new_records_on_the_next_poll() throws Exception {
        Path fixtures = Path.of("src/test/resources/liveperson");
        Path mapping = Files.writeString(tmp.resolve("mapping.csv"), "lp-agent:7,anna@bank.example,Anna (desk)\n");
        String[] options = {"--mapping", mapping.toString(), "--connector", "lp"};

        Map<String, Object> closed = run(0, concat("import", "liveperson",
                fixtures.resolve("conversation-survey-pending.json").toString(), options));
        Map<String, Object> answered = run(0, concat("import", "liveperson",
                fixtures.resolve("conversation-survey-answered.json").toString(), options));
        Map<String, Object> again = run(0, concat("import", "liveperson",
                fixtures.resolve("conversation-survey-answered.json").toString(), options));

        // 2 messages, the agent's join, the close, the conversation record, 2 engagement attributes
        assertThat(closed).containsEntry("items", 7).containsEntry("archived", 7);
        // ... then the survey, the summary and the record's new version (its CSAT rate and dialogs changed)
        assertThat(answered).containsEntry("items", 9).containsEntry("archived", 3).containsEntry("duplicates", 6);
        assertThat(again).containsEntry("items", 9).containsEntry("duplicates", 9).containsEntry("archived", 0);
        List<MimeMessage> anna = Maildirs.messages(tmp.resolve("archive"), "anna@bank.example",
                "LivePerson Conversational Cloud");
        assertThat(anna).hasSize(10).allSatisfy(m -> assertThat(header(m, "From") + header(m, "To"))
                .contains("\"Anna (desk)\" <anna@bank.example>"));
        assertThat(anna).filteredOn(m -> header(m, ConduitHeaders.ITEM_ID).equals("conversation-record")).hasSize(2);
        assertThat(anna).filteredOn(m -> header(m, ConduitHeaders.ITEM_ID).startsWith("survey:"))
                .singleElement().satisfies(m -> assertThat(io.conduit.test.Mails.body(m)).contains("Q: Confirm Resolution\nA: Yes"));
    }

    private static String[] concat(String a, String b, String c, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(a, b, c));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}

package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.conduit.ConduitCamel;
import io.conduit.Maildirs;
import io.conduit.fixture.memo.MemoSourcePlugin;
import io.conduit.test.ConnectorTests;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new file source needs only its own package: {@link MemoSourcePlugin} (test class path only, with its line in
 * {@code META-INF/services}) gets the {@code import memo} command with its own {@code --tag} option and a scheduled
 * {@code memo-export-source} connector template, with no shared file changed.
 */
class NewSourceFixtureTest {

    static final String MEMOS = """
            {"at":"2024-01-01T10:00:00Z","from":"alice@example.com","to":"bob@example.com","text":"first"}
            not json
            {"at":"2024-01-01T10:05:00Z","from":"bob@example.com","to":"alice@example.com","text":"second"}
            """;

    @TempDir
    Path tmp;

    @Test
    void import_reads_the_new_source_with_its_own_option() throws Exception {
        Path file = Files.writeString(tmp.resolve("day.memo"), MEMOS);

        Map<String, Object> summary = ImportRun.run(tmp, ExitCodes.QUARANTINED, "import", "memo", file.toString(),
                "--tag", "desk");

        assertThat(summary).containsEntry("items", 3).containsEntry("archived", 2).containsEntry("quarantined", 1);
        List<MimeMessage> copies = Maildirs.messages(tmp.resolve("archive"), "alice@example.com", "Memo Archiver");
        assertThat(copies).hasSize(2);
        assertThat(copies).allSatisfy(m -> assertThat(m.getContent().toString()).contains("desk: "));
    }

    @Test
    void another_sources_option_is_a_usage_error() throws Exception {
        Path file = Files.writeString(tmp.resolve("day.memo"), MEMOS);

        List<String> out = ImportRun.lines(tmp, ExitCodes.USAGE, "import", "memo", file.toString(), "--delimiter", ";");

        assertThat(out).contains("--delimiter applies to csv only");
    }

    @Test
    void its_connector_template_polls_a_folder() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("memo-drop"));
        Files.writeString(drop.resolve("day.memo"), MEMOS);
        Map<String, String> props = ConnectorTests.sandbox(tmp);
        String t = "camel.route-template[memo-desk].";
        props.put(t + "template-id", "memo-export-source");
        props.put(t + "input", drop.toString());
        props.put(t + "cron", "0/1 * * * * ?");
        props.put(t + "tag", "desk");
        Main main = ConduitCamel.newMain(props);
        try {
            main.start();
            Path log = tmp.resolve("state/connector-log/memo-desk.jsonl");
            await().atMost(Duration.ofSeconds(30)).until(() -> ConnectorTests.runLines(log).size() == 1);
            assertThat(ConnectorTests.runLines(log).get(0)).contains("\"items\":3").contains("\"archived\":2")
                    .contains("\"quarantined\":1").contains("\"balanced\":true");
            assertThat(Maildirs.messages(tmp.resolve("archive"), "bob@example.com", "Memo Archiver"))
                    .allSatisfy(m -> assertThat(m.getContent().toString()).contains("desk: "));
        } finally {
            main.stop();
        }
    }
}

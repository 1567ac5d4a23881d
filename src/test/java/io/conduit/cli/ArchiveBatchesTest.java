package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.conduit.test.Exports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Batching (issue 14, {@code conduit.store.batch-size}) changes how copies are written, never what is archived: the
 * same inputs imported one record at a time and in batches give the same counts, the same Maildir files with the same
 * bytes, and a failing mailbox in the middle of a batch leaves the other mailboxes' copies archived and the counts
 * balanced.
 */
class ArchiveBatchesTest {

    private static final String BATCH_SIZE = "conduit.store.batch-size";
    private static final String REDELIVERIES = "conduit.redelivery.maximum";

    @TempDir
    Path tmp;

    @AfterEach
    void clearProperties() {
        System.clearProperty(BATCH_SIZE);
        System.clearProperty(REDELIVERIES);
    }

    private Map<String, Object> run(String batchSize, Path dir, int exit, String... args) throws Exception {
        System.setProperty(BATCH_SIZE, batchSize);
        try {
            return ImportRun.run(dir, exit, args);
        } finally {
            System.clearProperty(BATCH_SIZE);
        }
    }

    /** Every Maildir file under the archive (evidence manifests apart), by path relative to it, with its text. */
    private static Map<String, String> files(Path archive) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(archive)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().equals("new")
                    || p.getParent().getFileName().toString().equals("cur")).toList()) {
                String rel = archive.relativize(p).toString();
                if (!rel.contains(".Conduit Evidence")) {
                    // MIME boundaries are random per message built; everything else must be the same bytes
                    files.put(rel, Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .replaceAll("----=_Part_\\d+_\\d+\\.\\d+", "----=_Part_boundary"));
                }
            }
        }
        return files;
    }

    @Test
    void a_group_chat_bad_rows_and_mms_with_temporary_media_archive_the_same_one_by_one_and_in_batches() throws Exception {
        Path export = Exports.generate(tmp.resolve("WhatsApp Chat - Batch Desk.txt"), 450,
                List.of("Daniel Reed", "Sofia Marin", "Priya Shah", "+44 7700 900789"));
        Path drop = Files.createDirectories(tmp.resolve("drop"));
        Files.copy(CsvImportTest.FIXTURES.resolve("bad-rows.csv"), drop.resolve("bad-rows.csv"));
        Map<String, Map<String, Object>> summaries = new TreeMap<>();
        for (String size : List.of("1", "100", "7")) {
            Path dir = Files.createDirectories(tmp.resolve("run-" + size));
            summaries.put(size + " whatsapp", run(size, dir, 0, "import", "whatsapp", export.toString(), "--mapping",
                    "demo/mapping.csv", "--owner", "Daniel Reed", "--zone", "Europe/London"));
            summaries.put(size + " csv", run(size, dir, ImportCommand.EXIT_QUARANTINED, "import", "csv",
                    drop.toString(), "--default-region", "GB"));
            summaries.put(size + " sms", run(size, dir, 0, "import", "sms",
                    "src/test/resources/io/conduit/source/sms/messages.xml"));
            summaries.put(size + " again", run(size, dir, 0, "import", "whatsapp", export.toString(), "--mapping",
                    "demo/mapping.csv", "--owner", "Daniel Reed", "--zone", "Europe/London"));
        }
        assertThat(summaries.get("1 whatsapp")).containsEntry("items", 450).containsEntry("archived", 450)
                .containsEntry("quarantined", 0);
        assertThat(summaries.get("1 csv")).containsEntry("items", 14).containsEntry("archived", 3)
                .containsEntry("quarantined", 11);
        assertThat(summaries.get("1 sms")).containsEntry("items", 9).containsEntry("archived", 9);
        assertThat(summaries.get("1 again")).containsEntry("duplicates", 450).containsEntry("archived", 0);
        for (String size : List.of("100", "7")) {
            for (String input : List.of("whatsapp", "csv", "sms", "again")) {
                assertThat(summaries.get(size + " " + input)).as(size + " " + input)
                        .isEqualTo(summaries.get("1 " + input));
            }
        }
        Map<String, String> oneByOne = files(tmp.resolve("run-1/archive"));
        assertThat(oneByOne).hasSizeGreaterThan(450);
        assertThat(files(tmp.resolve("run-100/archive"))).isEqualTo(oneByOne);
        assertThat(files(tmp.resolve("run-7/archive"))).isEqualTo(oneByOne);
    }

    private static long newFiles(Path mailbox) throws IOException {
        try (Stream<Path> d = Files.walk(mailbox)) {
            return d.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().equals("new"))
                    .count();
        }
    }

    @Test
    void a_mailbox_that_cannot_be_written_fails_its_items_alone_and_the_counts_balance() throws Exception {
        Path export = Exports.generate(tmp.resolve("WhatsApp Chat - Broken Desk.txt"), 30,
                List.of("Daniel Reed", "Sofia Marin", "+44 7700 900789"));
        // a file where Sofia Marin's mailbox folder should be: every copy into her mailbox fails
        Files.createDirectories(tmp.resolve("archive"));
        Files.writeString(tmp.resolve("archive/sofia.marin@example.com"), "not a folder");
        System.setProperty(REDELIVERIES, "0");

        Map<String, Object> summary = run("100", tmp, ImportCommand.EXIT_QUARANTINED, "import", "whatsapp",
                export.toString(), "--mapping", "demo/mapping.csv", "--owner", "Daniel Reed");

        // every item goes to Daniel (the owner) and Sofia (a member): none can be stored whole
        assertThat(summary).containsEntry("items", 30).containsEntry("archived", 0).containsEntry("quarantined", 30);

        // fixed, retried from quarantine: Daniel's copies the failed batch had stored are found again, not doubled
        Files.delete(tmp.resolve("archive/sofia.marin@example.com"));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConduitCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute("quarantine", "retry", "--to", "maildir:" + tmp.resolve("archive"), "--state",
                tmp.resolve("state").toString(), "--mapping", "demo/mapping.csv", "--catch-all", "compliance@example.com");
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("\"items\":30,\"archived\":30,\"copies\":60,\"duplicates\":0,\"quarantined\":0");
        assertThat(newFiles(tmp.resolve("archive/daniel.reed@example.com"))).isEqualTo(30);
        assertThat(newFiles(tmp.resolve("archive/sofia.marin@example.com"))).isEqualTo(30);
    }
    @Test
    void an_item_read_twice_in_one_batch_or_in_the_next_is_a_duplicate_not_a_second_copy()
            throws Exception {
        // 20 rows in batches of 7: row 10 repeats row 4 (the batch before) and row 6 repeats row 5 (the same batch,
        // not yet recorded when row 6 is prepared: it takes the per-item pipeline, which finds it archived)
        StringBuilder csv = new StringBuilder("conversation_id,platform,conversation_type,message_type,message_id,"
                + "sender,recipients,timestamp,subject,body,attachment_path\n");
        for (int row = 1; row <= 20; row++) {
            int id = row == 10 ? 4 : row == 6 ? 5 : row;
            csv.append(String.format("chat-1,SMS,direct,Message,m%d,+447700900001,+447700900123,"
                    + "2024-03-01T09:%02d:00Z,,message %d,%n", id, id, id));
        }
        Path drop = Files.createDirectories(tmp.resolve("drop"));
        Files.writeString(drop.resolve("repeats.csv"), csv);
        Map<String, Map<String, Object>> summaries = new TreeMap<>();
        for (String size : List.of("1", "7")) {
            Path dir = Files.createDirectories(tmp.resolve("run-" + size));
            summaries.put(size, run(size, dir, 0, "import", "csv", drop.toString(), "--default-region", "GB"));
            assertThat(files(dir.resolve("archive"))).as("batch size " + size).hasSize(18);
        }
        assertThat(summaries.get("7")).containsEntry("items", 20).containsEntry("archived", 18)
                .containsEntry("duplicates", 2).containsEntry("quarantined", 0).isEqualTo(summaries.get("1"));
        assertThat(files(tmp.resolve("run-7/archive"))).isEqualTo(files(tmp.resolve("run-1/archive")));
        // a batch is counted for the input's checkpoint once recorded (the last one at the end of the input), never
        // while the next one is built, and the split's own end adds nothing
        for (String size : List.of("1", "7")) {
            assertThat(checkpoints(tmp.resolve("run-" + size + "/state"))).as("batch size " + size)
                    .singleElement().satisfies(c -> assertThat(c).containsEntry("records", "20")
                            .containsEntry("done", "true"));
        }
    }

    /** The saved input checkpoints of a state folder. */
    private static List<Map<String, String>> checkpoints(Path state) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Map<String, String>> all = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(state.resolve("checkpoints"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                com.fasterxml.jackson.databind.JsonNode n = json.readTree(f.toFile());
                n.forEach(partition -> all.add(json.convertValue(partition,
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { })));
            }
        }
        return all;
    }
}

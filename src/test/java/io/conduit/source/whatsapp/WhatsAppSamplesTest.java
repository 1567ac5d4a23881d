package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.local;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** Parses the real sample exports in {@code ../shared/samples/whatsapp}; skipped when the folder is absent. */
class WhatsAppSamplesTest {

    /** {@code ../shared/samples} from the project root; from a worktree under {@code wt/}, one level further up. */
    private static final Path SAMPLES = java.util.stream.Stream.of("../shared/samples/whatsapp",
                    "../../shared/samples/whatsapp").map(Path::of).filter(Files::isDirectory).findFirst()
            .orElse(Path.of("../shared/samples/whatsapp"));

    private static List<ArchiveItem> sample(String name) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SAMPLES), "samples folder absent");
        List<Object> records = readAll(SAMPLES.resolve(name));
        // 11 lines, 9 timestamped messages (two of them span two lines)
        assertThat(records).hasSize(9).allMatch(ArchiveItem.class::isInstance);
        return items(records);
    }

    @Test
    void ddmmyyGivesTheRightTimestampsAndContent() throws Exception {
        List<ArchiveItem> items = sample("chatminer_test_ddmmyy_24hrs.txt");
        assertThat(local(items.get(0))).isEqualTo(LocalDateTime.of(2019, 1, 1, 11, 25));
        assertThat(local(items.get(8))).isEqualTo(LocalDateTime.of(2021, 12, 30, 22, 1));
        assertSampleContent(items);
    }

    @Test
    void mmddyyAndBracketedGiveTheSameTimestampsAsDdmmyy() throws Exception {
        List<ArchiveItem> dmy = sample("chatminer_test_ddmmyy_24hrs.txt");
        for (String name : List.of("chatminer_test_mmddyy_24hrs.txt", "chatminer_test_bracketed_mmddyy_24hrs.txt",
                "chatminer_test_yyyymmdd_24hrs.txt")) {
            List<ArchiveItem> other = sample(name);
            assertThat(other).extracting(ArchiveItem::timestamp)
                    .as(name).containsExactlyElementsOf(dmy.stream().map(ArchiveItem::timestamp).toList());
            assertSampleContent(other);
        }
    }

    /**
     * Every WhatsApp sample parses into items only, and a one-line-per-item summary (event, sender, flags, recipients,
     * body) is written to {@code target/wa-samples-summary.txt} so a change of phrasings can be compared before/after.
     */
    @Test
    void everySampleSummarised() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SAMPLES), "samples folder absent");
        StringBuilder out = new StringBuilder();
        List<Path> files;
        try (var s = Files.list(SAMPLES)) {
            files = s.filter(f -> f.toString().endsWith(".txt") || f.toString().endsWith(".zip")).sorted().toList();
        }
        for (Path f : files) {
            List<Object> records = readAll(f);
            assertThat(records).as(f.toString()).allMatch(ArchiveItem.class::isInstance);
            out.append("# ").append(f.getFileName()).append('\n');
            for (ArchiveItem i : items(records)) {
                out.append(i.event()).append(" | ").append(i.sender().handle()).append(" | ").append(i.events())
                        .append(" | ").append(i.recipients().stream().map(p -> p.handle()).sorted().toList())
                        .append(" | ").append(i.body().replace("\n", "\\n")).append('\n');
            }
        }
        assertThat(files).isNotEmpty();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/wa-samples-summary.txt"), out);
    }

    private static void assertSampleContent(List<ArchiveItem> items) {
        assertThat(items.get(0).sender().handle()).isEqualTo("John Doe");
        assertThat(items.get(0).body()).isEqualTo("Lorem ipsum dolor sit amet.");
        assertThat(items.get(1).body()).isEqualTo(".");
        assertThat(items.get(2).sender().handle()).isEqualTo("Jahn Doe");
        assertThat(items.get(2).body())
                .isEqualTo("Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.");
        assertThat(items.get(3).sender().handle()).isEqualTo("John-John Doe");
        assertThat(items.get(3).body()).isEqualTo("Lorem ipsum : dolor sit amet.");
        assertThat(items.get(4).event()).isEqualTo("SystemEvent");
        assertThat(items.get(4).body()).isEqualTo("+12 345 578 created group \"Groupname\"");
        assertThat(items.get(5).event()).isEqualTo("SystemEvent");
        assertThat(items.get(5).body()).isEqualTo("You were added");
        assertThat(items.get(6).sender().handle()).isEqualTo("John Doe \uD83E\uDD13");
        assertThat(items.get(7).sender().handle()).isEqualTo("\uD83E\uDD13");
        assertThat(items.get(8).body()).contains("\n");
        assertThat(items).filteredOn(i -> i.event().equals("Message")).hasSize(7);
        assertThat(items).allSatisfy(i -> {
            assertThat(i.conversationType()).isEqualTo(ConversationType.GROUP);
            assertThat(i.source()).isEqualTo("WhatsApp");
            assertThat(i.itemId()).matches("[0-9a-f]{64}");
            assertThat(i.sourceSha256()).matches("[0-9a-f]{64}");
        });
        assertThat(items.get(0).recipients()).extracting(p -> p.handle())
                .containsExactlyInAnyOrder("Jahn Doe", "John-John Doe", "John Doe \uD83E\uDD13", "\uD83E\uDD13");
    }
}

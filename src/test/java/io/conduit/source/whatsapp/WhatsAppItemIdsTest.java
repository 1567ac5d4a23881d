package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** Item ids are stable across re-exports and distinct for repeated identical messages. */
class WhatsAppItemIdsTest {

    @TempDir
    Path dir;

    private static List<String> lines(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(String.format("%02d/03/2024, 10:%02d - %s: message %d", 1 + i / 60, i % 60,
                    i % 2 == 0 ? "Alice" : "Bob", i));
            if (i % 7 == 0) {
                out.add("second line of " + i);
            }
        }
        return out;
    }

    @Test
    void laterLongerExportKeepsTheIdsOfTheEarlierMessages() throws Exception {
        List<String> early = new ArrayList<>(lines(0, 50));
        early.add("02/03/2024, 09:00 - Alice: ok");
        early.add("02/03/2024, 09:00 - Alice: ok");
        List<String> later = new ArrayList<>(early);
        later.add("02/03/2024, 09:00 - Alice: ok");
        later.addAll(lines(120, 200));
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Path first = Files.write(dir.resolve("a").resolve("WhatsApp Chat with Bob.txt"), early);
        Path second = Files.write(dir.resolve("b").resolve("WhatsApp Chat with Bob (1).txt"), later);

        List<ArchiveItem> a = items(readAll(first));
        List<ArchiveItem> b = items(readAll(second));

        assertThat(a).hasSize(52);
        assertThat(b).hasSize(133);
        assertThat(b.subList(0, a.size())).extracting(ArchiveItem::itemId)
                .containsExactlyElementsOf(a.stream().map(ArchiveItem::itemId).toList());
        assertThat(b).extracting(ArchiveItem::itemId).doesNotHaveDuplicates();
        assertThat(b.get(52).body()).isEqualTo("ok");
    }

    @Test
    void idsDependOnTheConversation() throws Exception {
        List<String> text = lines(0, 3);
        Path x = Files.write(dir.resolve("WhatsApp Chat with X.txt"), text);
        Path y = Files.write(dir.resolve("WhatsApp Chat with Y.txt"), text);
        assertThat(items(readAll(x)).get(0).itemId()).isNotEqualTo(items(readAll(y)).get(0).itemId());
        assertThat(items(readAll(x)).get(0).itemId()).isEqualTo(items(readAll(x)).get(0).itemId());
    }
}

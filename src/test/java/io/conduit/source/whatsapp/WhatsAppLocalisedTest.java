package io.conduit.source.whatsapp;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ItemEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Localised and real-world exports (issue 11, points 1 and 4): a German iOS ZIP whose attachment, deleted and edited
 * markers and end-to-end notice are German; every file of the ZIP accounted for; names with colons; a Spanish 12-hour
 * clock that writes midnight as {@code 00:08 a. m.}.
 */
class WhatsAppLocalisedTest {

    static final String PHOTO = "00000012-PHOTO-2020-06-20-10-15-02.jpg";
    static final String MISSING = "00000013-PHOTO-2020-06-20-10-18-00.jpg";
    static final String VOICE = "00000099-AUDIO-2020-06-20-10-19-00.opus";

    @TempDir
    Path dir;

    @Test
    void a_german_ios_zip_keeps_its_photo_marks_deleted_and_edited_and_the_notice_is_no_person() throws Exception {
        String chat = String.join("\n",
                "[20.06.20, 10:15:00] Deal Team: \u200eNachrichten und Anrufe sind Ende-zu-Ende-verschl\u00fcsselt. "
                        + "Niemand au\u00dferhalb dieses Chats kann sie lesen oder anh\u00f6ren, nicht einmal WhatsApp.",
                "[20.06.20, 10:15:30] Anna Berg: \u200e<Anhang: " + PHOTO + ">",
                "[20.06.20, 10:16:00] Tom Hale: \u200eDiese Nachricht wurde gel\u00f6scht.",
                "[20.06.20, 10:17:00] Anna Berg: Passt so \u200e<Diese Nachricht wurde bearbeitet.>",
                "[20.06.20, 10:18:00] Tom Hale: \u200e<Anhang: " + MISSING + ">",
                "");
        Path zip = dir.resolve("WhatsApp Chat - Deal Team.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "_chat.txt", chat.getBytes(StandardCharsets.UTF_8));
            put(out, PHOTO, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
            put(out, VOICE, new byte[] {'O', 'g', 'g', 'S', 0});
        }

        List<ArchiveItem> items = items(readAll(zip));

        assertThat(items).hasSize(6);
        ArchiveItem notice = items.get(0);
        assertThat(notice.event()).isEqualTo("SystemEvent");
        assertThat(items).allSatisfy(i -> assertThat(i.recipients()).noneMatch(p -> "Deal Team".equals(p.displayName())));
        assertThat(items.get(1).sender().displayName()).isEqualTo("Anna Berg");
        assertThat(items.get(1).attachments()).singleElement().satisfies(a -> assertThat(a.fileName()).isEqualTo(PHOTO));
        assertThat(items.get(2).event()).isEqualTo("Message");
        assertThat(items.get(2).events()).containsExactly(ItemEvent.DELETED);
        assertThat(items.get(3).events()).containsExactly(ItemEvent.EDITED);
        assertThat(items.get(3).body()).isEqualTo("Passt so");
        // a marker whose file is not in the ZIP: a media-omitted note, never silent
        assertThat(items.get(4).events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(4).body()).contains("[media not in the export: " + MISSING + "]");
        // a file no line names is archived too, as an "unreferenced media" system event
        ArchiveItem unreferenced = items.get(5);
        assertThat(unreferenced.event()).isEqualTo("SystemEvent");
        assertThat(unreferenced.body()).startsWith("Unreferenced media: " + VOICE);
        assertThat(unreferenced.attachments()).singleElement().satisfies(a -> assertThat(a.fileName()).isEqualTo(VOICE));
    }

    @Test
    void names_with_colons_and_a_spanish_midnight_on_a_12_hour_clock() throws Exception {
        Path file = Files.writeString(dir.resolve("WhatsApp Chat with Joe.txt"), String.join("\n",
                "06/20/2020, 00:08 a.\u00a0m. - Joe (https://x.y): hola, \u00bfqu\u00e9 tal?",
                "06/20/2020, 00:09 a.\u00a0m. - Anna :): bien: todo listo",
                "06/20/2020, 1:15 p.\u00a0m. - Joe (https://x.y): vale",
                ""), StandardCharsets.UTF_8);

        List<ArchiveItem> items = items(readAll(file));

        assertThat(items).hasSize(3).allMatch(i -> i.event().equals("Message"));
        assertThat(items.get(0).sender().displayName()).isEqualTo("Joe (https://x.y)");
        assertThat(items.get(0).body()).isEqualTo("hola, \u00bfqu\u00e9 tal?");
        assertThat(WhatsAppTestSupport.local(items.get(0))).isEqualTo(LocalDateTime.of(2020, 6, 20, 0, 8));
        assertThat(items.get(1).sender().displayName()).isEqualTo("Anna :)");
        assertThat(items.get(1).body()).isEqualTo("bien: todo listo");
        assertThat(WhatsAppTestSupport.local(items.get(2))).isEqualTo(LocalDateTime.of(2020, 6, 20, 13, 15));
    }

    @Test
    void a_groups_recipients_are_its_members_at_the_time_through_adds_and_leaves() throws Exception {
        Path file = Files.writeString(dir.resolve("WhatsApp Chat with Desk.txt"), String.join("\n",
                "15/03/2024, 09:00 - Anna created group \"Desk\"",
                "15/03/2024, 09:00 - Anna added Tom",
                "15/03/2024, 09:01 - Anna: welcome",
                "15/03/2024, 09:02 - Tom: thanks",
                "15/03/2024, 10:00 - Anna added Bob",
                "15/03/2024, 10:01 - Bob: hi all",
                "15/03/2024, 11:00 - Tom left",
                "15/03/2024, 11:01 - Anna: bye Tom",
                "16/03/2024, 09:00 - Anna hat Carla hinzugef\u00fcgt",
                "16/03/2024, 09:01 - Anna: hallo Carla",
                ""), StandardCharsets.UTF_8);

        List<ArchiveItem> items = items(readAll(file));

        assertThat(recipients(items, "welcome")).containsExactly("Tom");
        assertThat(recipients(items, "thanks")).containsExactly("Anna");
        assertThat(recipients(items, "hi all")).containsExactlyInAnyOrder("Anna", "Tom");
        assertThat(recipients(items, "bye Tom")).containsExactly("Bob");
        assertThat(recipients(items, "hallo Carla")).containsExactlyInAnyOrder("Bob", "Carla");
        // the line that adds Bob reaches Bob too
        assertThat(items).filteredOn(i -> i.body().contains("added Bob")).singleElement()
                .satisfies(i -> assertThat(i.recipients()).extracting(p -> p.displayName()).contains("Bob"));
    }

    private static List<String> recipients(List<ArchiveItem> items, String body) {
        return items.stream().filter(i -> i.body().equals(body)).findFirst().orElseThrow().recipients().stream()
                .map(p -> p.displayName()).toList();
    }

    private static void put(ZipOutputStream out, String name, byte[] content) throws java.io.IOException {
        out.putNextEntry(new ZipEntry(name));
        OutputStream o = out;
        o.write(content);
        out.closeEntry();
    }
}

package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.fixture;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.local;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/** Localised exports (German iOS, Spanish 12-hour Android, public English Android): every line and file accounted for. */
class WhatsAppLocalisedTest {

    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9};
    private static final String PHOTO = "00000012-PHOTO-2020-06-20-10-15-02.jpg";
    private static final String STRAY = "00000099-AUDIO-2020-06-20-10-30-00.opus";

    @TempDir
    Path dir;

    private Path germanZip() throws IOException {
        Path file = dir.resolve("WhatsApp Chat - Familie.zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out);
             InputStream chat = getClass().getResourceAsStream("/whatsapp/de-ios-chat.txt")) {
            zip.putNextEntry(new ZipEntry("_chat.txt"));
            chat.transferTo(zip);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(PHOTO));
            zip.write(JPEG);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(STRAY));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        return file;
    }

    private static List<String> names(List<Participant> people) {
        return people.stream().map(p -> p.displayName() != null ? p.displayName() : p.handle()).toList();
    }

    private static boolean isChatPerson(Participant p, String chat) {
        return chat.equals(p.displayName()) || chat.equals(p.handle());
    }

    @Test
    void german_ios_zip_attaches_the_photo_and_marks_deleted_edited_and_missing_media() throws Exception {
        List<Object> records = readAll(germanZip());
        List<ArchiveItem> items = items(records);
        assertThat(rejected(records)).isEmpty();

        ArchiveItem photo = items.get(2);
        assertThat(photo.event()).isEqualTo("Message");
        assertThat(photo.attachments()).extracting(Attachment::fileName).containsExactly(PHOTO);
        assertThat(photo.body()).doesNotContain("Anhang");

        assertThat(items.get(3).events()).contains(ItemEvent.DELETED);
        assertThat(items.get(4).events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(4).attachments()).isEmpty();
        assertThat(items.get(5).events()).contains(ItemEvent.EDITED);
        assertThat(items.get(5).body().strip()).isEqualTo("Morgen um acht");
    }

    @Test
    void german_encryption_notice_is_a_system_event_and_the_chat_is_nobody() throws Exception {
        List<ArchiveItem> items = items(readAll(germanZip()));
        assertThat(items.get(0).event()).isEqualTo("SystemEvent");
        assertThat(items.get(6).event()).isEqualTo("SystemEvent");
        assertThat(items.get(8).event()).isEqualTo("SystemEvent");
        for (ArchiveItem item : items) {
            assertThat(item.recipients()).noneMatch(p -> isChatPerson(p, "Familie"));
            if (item.event().equals("Message")) {
                assertThat(isChatPerson(item.sender(), "Familie")).isFalse();
            }
        }
    }

    @Test
    void every_file_in_the_zip_is_accounted_for() throws Exception {
        List<ArchiveItem> items = items(readAll(germanZip()));
        assertThat(items).hasSize(11);
        ArchiveItem stray = items.get(items.size() - 1);
        assertThat(stray.event()).isEqualTo("SystemEvent");
        assertThat(stray.attachments()).extracting(Attachment::fileName).containsExactly(STRAY);
        assertThat(stray.body()).contains("unreferenced media");
        long attached = items.stream().flatMap(i -> i.attachments().stream()).map(Attachment::fileName)
                .filter(Objects::nonNull).distinct().count();
        assertThat(attached).isEqualTo(2);
    }

    @Test
    void group_recipients_are_the_members_at_the_time() throws Exception {
        List<ArchiveItem> items = items(readAll(germanZip()));
        assertThat(names(items.get(1).recipients())).containsExactly("Bernd");
        assertThat(names(items.get(7).recipients())).containsExactlyInAnyOrder("Anna Schmidt", "Bernd");
        assertThat(names(items.get(9).recipients())).containsExactly("Carla");
    }

    @Test
    void english_android_notice_and_senders_with_colons() throws Exception {
        Path file = fixture(dir, "en-android-public.txt", "WhatsApp Chat with Joe.txt");
        List<Object> records = readAll(file);
        List<ArchiveItem> items = items(records);
        assertThat(rejected(records)).isEmpty();
        assertThat(items.get(0).event()).isEqualTo("SystemEvent");
        assertThat(names(List.of(items.get(1).sender()))).containsExactly("Joe (https://x.y)");
        assertThat(items.get(1).body()).isEqualTo("see the link");
        assertThat(names(List.of(items.get(2).sender()))).containsExactly("Anna :)");
        assertThat(items.get(2).body()).isEqualTo("hi Joe");
        assertThat(items.get(3).events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(4).events()).contains(ItemEvent.MEDIA_OMITTED);
        for (ArchiveItem item : items) {
            assertThat(item.recipients()).noneMatch(p -> isChatPerson(p, "Joe"));
        }
    }

    @Test
    void spanish_twelve_hour_export_accepts_hour_zero_and_spanish_markers() throws Exception {
        Path file = fixture(dir, "es-android-12h.txt", "WhatsApp Chat with Lucía.txt");
        List<Object> records = readAll(file);
        List<ArchiveItem> items = items(records);
        assertThat(rejected(records)).isEmpty();
        assertThat(items).hasSize(5);
        assertThat(items.get(0).event()).isEqualTo("SystemEvent");
        assertThat(local(items.get(1)).toLocalTime()).isEqualTo(LocalTime.of(0, 8));
        assertThat(items.get(2).events()).contains(ItemEvent.DELETED);
        assertThat(items.get(3).events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(4).events()).contains(ItemEvent.MEDIA_OMITTED);
    }

    @Test
    void ios_direct_chat_keeps_the_counterparts_marked_media_lines_as_messages() throws Exception {
        Path file = dir.resolve("WhatsApp Chat - Joe.zip");
        String chat = String.join("\n",
                "[20/06/2020, 09:00:00] Joe: \u200eMessages and calls are end-to-end encrypted. No one outside of this"
                        + " chat, not even WhatsApp, can read or listen to them.",
                "[20/06/2020, 09:01:00] Joe: \u200e<attached: 00000001-PHOTO-2020-06-20-09-01-00.jpg>",
                "[20/06/2020, 09:02:00] Joe: \u200eimage omitted",
                "[20/06/2020, 09:03:00] Me: \u200e<Anhang: 00000002-PHOTO-2020-06-20-09-03-00.jpg>",
                "[20/06/2020, 09:04:00] Joe: \u200eThis message was deleted.");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("_chat.txt"));
            zip.write(chat.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("00000001-PHOTO-2020-06-20-09-01-00.jpg"));
            zip.write(JPEG);
            zip.closeEntry();
        }
        List<ArchiveItem> items = items(readAll(file));
        assertThat(items).extracting(ArchiveItem::event)
                .containsExactly("SystemEvent", "Message", "Message", "Message", "Message");
        assertThat(items.get(1).attachments()).hasSize(1);
        assertThat(items.get(2).events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(3).events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(4).events()).contains(ItemEvent.DELETED);
        assertThat(names(List.of(items.get(1).sender()))).containsExactly("Joe");
    }

    @Test
    void a_member_removed_and_added_again_receives_again_and_a_writer_is_a_member() throws Exception {
        Path file = dir.resolve("WhatsApp Chat with Team.txt");
        Files.writeString(file, String.join("\n",
                "20/06/2020, 09:00 - Ann: hello",
                "20/06/2020, 09:01 - Bob: hi",
                "20/06/2020, 09:02 - Cid: hey",
                "20/06/2020, 09:03 - Ann removed Cid",
                "20/06/2020, 09:04 - Ann: without Cid",
                "20/06/2020, 09:05 - Ann added Cid",
                "20/06/2020, 09:06 - Ann: with Cid",
                "20/06/2020, 09:07 - Bob left",
                "20/06/2020, 09:08 - Bob: still here?"));
        List<ArchiveItem> items = items(readAll(file));
        assertThat(names(items.get(4).recipients())).containsExactly("Bob");
        assertThat(names(items.get(6).recipients())).containsExactlyInAnyOrder("Bob", "Cid");
        assertThat(names(items.get(8).recipients())).containsExactlyInAnyOrder("Ann", "Cid");
    }

    @Test
    void a_notice_with_a_colon_inside_is_a_system_event_not_a_sender() throws Exception {
        Path file = dir.resolve("WhatsApp Chat with Bob.txt");
        Files.writeString(file, String.join("\n",
                "20/06/2020, 09:00 - Your security code with Bob: Work changed. Tap to learn more.",
                "20/06/2020, 09:01 - Bob: Work: hi",
                "20/06/2020, 09:02 - Ann: hello"));
        List<ArchiveItem> items = items(readAll(file));
        assertThat(items).extracting(ArchiveItem::event).containsExactly("SystemEvent", "Message", "Message");
        assertThat(names(List.of(items.get(1).sender()))).containsExactly("Bob");
    }
}

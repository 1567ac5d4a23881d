package io.conduit.source.whatsapp;

import io.conduit.source.MalformedExportException;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ItemEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.SETTINGS;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ZIP exports: chat text plus media, and the archives the reader must refuse. */
class WhatsAppZipTest {

    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F',
            0, 1, (byte) 0xff, (byte) 0xd9};
    private static final String PHOTO = "00000012-PHOTO-2020-06-20-00-08-12.jpg";

    @TempDir
    Path dir;

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private static byte[] utf8(String... lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void attachedMediaBecomesAnAttachmentReadLazilyFromTheZip() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("_chat.txt", utf8(
                "[20/06/2020, 00:08:12] Alice: look",
                "[20/06/2020, 00:08:13] Alice: \u200e<attached: " + PHOTO + ">",
                "[20/06/2020, 00:08:14] Bob: \u200e<attached: 00000013-PHOTO-missing.jpg>",
                "[20/06/2020, 00:08:15] Bob: IMG-20200620-WA0001.jpg (file attached)",
                "nice caption"));
        entries.put(PHOTO, JPEG);
        entries.put("IMG-20200620-WA0001.jpg", JPEG);
        Path file = zip("WhatsApp Chat - Family.zip", entries);

        List<ArchiveItem> items = items(readAll(file));

        assertThat(items).hasSize(4);
        ArchiveItem photo = items.get(1);
        assertThat(photo.conversationName()).isEqualTo("Family");
        assertThat(photo.sourceRef()).isEqualTo("WhatsApp Chat - Family.zip!_chat.txt:2");
        assertThat(photo.events()).isEmpty();
        assertThat(photo.body()).isEmpty();
        Attachment a = photo.attachments().get(0);
        assertThat(a.fileName()).isEqualTo(PHOTO);
        assertThat(a.mediaType()).isEqualTo("image/jpeg");
        assertThat(a.size()).isEqualTo(JPEG.length);
        try (InputStream in = a.content().open()) {
            assertThat(in.readAllBytes()).isEqualTo(JPEG);
        }
        ArchiveItem missing = items.get(2);
        assertThat(missing.attachments()).isEmpty();
        assertThat(missing.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(missing.body()).contains("<attached: 00000013-PHOTO-missing.jpg>");
        ArchiveItem android = items.get(3);
        assertThat(android.attachments()).extracting(Attachment::fileName).containsExactly("IMG-20200620-WA0001.jpg");
        assertThat(android.body()).isEqualTo("nice caption");
    }

    @Test
    void attachmentsStayReadableAfterTheRecordsAreClosed() throws Exception {
        Path file = zip("chat.zip", Map.of(
                "WhatsApp Chat with Bob.txt", utf8("20/06/2020, 00:08 - Bob: \u200e<attached: " + PHOTO + ">"),
                PHOTO, JPEG));
        List<ArchiveItem> items = items(readAll(file));
        assertThat(items.get(0).conversationName()).isEqualTo("Bob");
        try (InputStream in = items.get(0).attachments().get(0).content().open()) {
            assertThat(in.readAllBytes()).isEqualTo(JPEG);
        }
    }

    @Test
    void entryLeadingOutsideTheArchiveIsRefused() throws Exception {
        Path file = zip("evil.zip", Map.of("_chat.txt", utf8("20/06/2020, 00:08 - Bob: hi"),
                "../evil.txt", utf8("gotcha")));
        assertThatThrownBy(() -> WhatsAppExportReader.open(file, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("evil.zip").hasMessageContaining("../evil.txt").hasMessageContaining("unsafe");
    }

    @Test
    void absoluteAndBackslashEntriesAreRefused() throws Exception {
        Path absolute = zip("abs.zip", Map.of("_chat.txt", utf8("20/06/2020, 00:08 - Bob: hi"),
                "/etc/passwd", utf8("x")));
        Path backslash = zip("back.zip", Map.of("_chat.txt", utf8("20/06/2020, 00:08 - Bob: hi"),
                "media\\..\\..\\evil.jpg", JPEG));
        assertThatThrownBy(() -> WhatsAppExportReader.open(absolute, SETTINGS))
                .isInstanceOf(MalformedExportException.class).hasMessageContaining("unsafe");
        assertThatThrownBy(() -> WhatsAppExportReader.open(backslash, SETTINGS))
                .isInstanceOf(MalformedExportException.class).hasMessageContaining("unsafe");
    }

    @Test
    void highlyCompressedEntryIsRefusedAsAZipBomb() throws Exception {
        Path file = zip("bomb.zip", Map.of("_chat.txt", utf8("20/06/2020, 00:08 - Bob: hi"),
                "zeros.bin", new byte[4 << 20]));
        assertThatThrownBy(() -> WhatsAppExportReader.open(file, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("bomb.zip").hasMessageContaining("zeros.bin").hasMessageContaining("100:1");
    }

    @Test
    void totalUncompressedSizeIsCapped() throws Exception {
        Path file = zip("big.zip", Map.of("_chat.txt", utf8("20/06/2020, 00:08 - Bob: hi"), PHOTO, JPEG));
        assertThatThrownBy(() -> WhatsAppExportReader.open(file, SETTINGS, 20))
                .isInstanceOf(MalformedExportException.class).hasMessageContaining("more than 20 bytes");
    }

    @Test
    void corruptZipIsRefused() throws Exception {
        Path file = dir.resolve("broken.zip");
        Files.write(file, new byte[]{'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> WhatsAppExportReader.open(file, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("broken.zip").hasMessageContaining("corrupt ZIP");
    }

    @Test
    void zipWithoutChatTextIsRefused() throws Exception {
        Path file = zip("media-only.zip", Map.of(PHOTO, JPEG));
        assertThatThrownBy(() -> WhatsAppExportReader.open(file, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("media-only.zip").hasMessageContaining("no chat .txt");
    }
}

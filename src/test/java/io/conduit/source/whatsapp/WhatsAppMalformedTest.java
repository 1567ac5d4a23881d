package io.conduit.source.whatsapp;

import io.conduit.source.support.Digests;
import io.conduit.source.MalformedExportException;
import io.conduit.model.ArchiveItem;
import io.conduit.model.RejectedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.SETTINGS;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.fixture;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files that are not exports, and records inside an export that cannot become items. */
class WhatsAppMalformedTest {

    @TempDir
    Path dir;

    @Test
    void emptyFileIsRefused() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.txt"));
        assertThatThrownBy(() -> WhatsAppExportReader.open(file, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessage("empty.txt: empty file, not a WhatsApp export");
    }

    @Test
    void textWithoutAnyMessageHeaderIsRefused() {
        Path file = fixture(dir, "not-whatsapp.txt", "letter.txt");
        assertThatThrownBy(() -> WhatsAppExportReader.open(file, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("letter.txt").hasMessageContaining("not a WhatsApp export");
    }

    @Test
    void binaryFileIsRefused() throws Exception {
        Path nul = dir.resolve("photo.txt");
        Files.write(nul, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "20/06/2020, 00:08 - Jos\u00e9: ol\u00e1".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> WhatsAppExportReader.open(nul, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessage("photo.txt: not a WhatsApp export: binary content");
        assertThatThrownBy(() -> WhatsAppExportReader.open(latin1, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageContaining("latin1.txt: not a WhatsApp export: binary content");
    }

    @Test
    void byteOrderMarkIsStripped() throws Exception {
        Path file = dir.resolve("bom.txt");
        Files.write(file, "\uFEFF20/06/2020, 00:08 - Bob: hi".getBytes(StandardCharsets.UTF_8));
        List<Object> records = readAll(file);
        assertThat(items(records)).singleElement().satisfies(i -> {
            assertThat(i.body()).isEqualTo("hi");
            assertThat(i.sourceSha256()).isEqualTo(Digests.ofRaw("20/06/2020, 00:08 - Bob: hi"));
        });
    }

    @Test
    void invalidDateOrTimeIsRejectedAndTheRestStillParsed() throws Exception {
        List<Object> records = readAll(fixture(dir, "invalid-date.txt", "chat.txt"));
        assertThat(records).hasSize(4);
        assertThat(records.get(0)).isInstanceOf(ArchiveItem.class);
        RejectedRecord badDate = (RejectedRecord) records.get(1);
        assertThat(badDate.sourceRef()).isEqualTo("chat.txt:2");
        assertThat(badDate.reason()).startsWith("chat.txt:2: invalid date or time");
        assertThat(badDate.raw())
                .isEqualTo("31/02/20, 10:01 - Alice: impossible date\ncontinuation of the impossible one");
        assertThat(badDate.source()).isEqualTo("WhatsApp");
        assertThat(badDate.connectorId()).isEqualTo("wa-test");
        RejectedRecord badTime = (RejectedRecord) records.get(2);
        assertThat(badTime.reason()).startsWith("chat.txt:4: invalid date or time");
        assertThat(((ArchiveItem) records.get(0)).body()).isEqualTo("good one");
        assertThat(((ArchiveItem) records.get(3)).body()).isEqualTo("still parsed");
    }

    @Test
    void textBeforeTheFirstMessageIsRejectedNotDropped() throws Exception {
        List<Object> records = readAll(fixture(dir, "preamble.txt", "chat.txt"));
        assertThat(records).hasSize(3);
        RejectedRecord preamble = (RejectedRecord) records.get(0);
        assertThat(preamble.reason()).isEqualTo("chat.txt:1: text before the first message");
        assertThat(preamble.raw()).isEqualTo("Chat history exported by a helpful tool\n");
        assertThat(items(records)).extracting(ArchiveItem::body).containsExactly("first real message", "second");
    }

    @Test
    void overlongLineRejectsItsRecordWithoutRunningOutOfMemory() throws Exception {
        Path file = dir.resolve("long.txt");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("20/06/2020, 00:08 - Alice: before\n");
            w.write("20/06/2020, 00:09 - Bob: ");
            String chunk = "x".repeat(64 * 1024);
            for (int i = 0; i < 40; i++) {
                w.write(chunk);
            }
            w.write("\n20/06/2020, 00:10 - Alice: after\n");
        }
        List<Object> records = readAll(file);
        assertThat(records).hasSize(3);
        assertThat(rejected(records)).singleElement().satisfies(r -> {
            assertThat(r.sourceRef()).isEqualTo("long.txt:2");
            assertThat(r.reason()).contains("line 2 is longer than 1048576 chars");
            assertThat(r.raw().length()).isLessThanOrEqualTo(ExportRecords.MAX_RAW_CHARS);
        });
        assertThat(items(records)).extracting(ArchiveItem::body).containsExactly("before", "after");
    }
}

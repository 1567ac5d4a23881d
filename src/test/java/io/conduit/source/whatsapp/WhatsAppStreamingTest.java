package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/** A large export is read record by record: iterate and count, never collect. */
class WhatsAppStreamingTest {

    @TempDir
    Path dir;

    @Test
    void streamsTwoHundredThousandLines() throws Exception {
        Path file = dir.resolve("WhatsApp Chat - Big.txt");
        long w0 = System.nanoTime();
        LocalDateTime t = LocalDateTime.of(2023, 1, 1, 0, 0);
        int lines = 200_000;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < lines; i++) {
                if (i % 10 == 9) {
                    w.write("a continuation line with a: colon\n");
                    continue;
                }
                LocalDateTime m = t.plusMinutes(i);
                w.write(String.format("%02d/%02d/%04d, %02d:%02d - %s: message number %d%n", m.getDayOfMonth(),
                        m.getMonthValue(), m.getYear(), m.getHour(), m.getMinute(), "User " + (i % 25), i));
            }
        }
        System.err.println("TIMING write " + (System.nanoTime() - w0) / 1_000_000 + " ms");
        long t0 = System.nanoTime();
        long items = 0;
        long multiLine = 0;
        ArchiveItem last = null;
        try (ExportRecords records = WhatsAppExportReader.open(file, SETTINGS)) {
            while (records.hasNext()) {
                Object r = records.next();
                assertThat(r).isInstanceOf(ArchiveItem.class);
                last = (ArchiveItem) r;
                items++;
                if (last.body().indexOf('\n') >= 0) {
                    multiLine++;
                }
            }
        }
        System.err.println("TIMING read " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(items).isEqualTo(180_000);
        assertThat(multiLine).isEqualTo(20_000);
        assertThat(last.sourceRef()).isEqualTo("WhatsApp Chat - Big.txt:199999");
        assertThat(last.recipients()).hasSize(24);
    }
}

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
        LocalDateTime t = LocalDateTime.of(2023, 1, 1, 0, 0);
        int lines = 200_000;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < lines; i++) {
                if (i % 10 == 9) {
                    w.write("a continuation line with a: colon\n");
                    continue;
                }
                LocalDateTime m = t.plusMinutes(i);
                w.write(two(m.getDayOfMonth()) + "/" + two(m.getMonthValue()) + "/" + m.getYear() + ", "
                        + two(m.getHour()) + ":" + two(m.getMinute()) + " - User " + (i % 25) + ": message number "
                        + i + "\n");
            }
        }
        long items = 0;
        long multiLine = 0;
        long others = 0;
        ArchiveItem last = null;
        try (ExportRecords records = WhatsAppExportReader.open(file, SETTINGS)) {
            while (records.hasNext()) {
                Object r = records.next();
                if (!(r instanceof ArchiveItem item)) {
                    others++;
                    continue;
                }
                last = item;
                items++;
                if (last.body().indexOf('\n') >= 0) {
                    multiLine++;
                }
            }
        }
        assertThat(others).isZero();
        assertThat(items).isEqualTo(180_000);
        assertThat(multiLine).isEqualTo(20_000);
        assertThat(last.sourceRef()).isEqualTo("WhatsApp Chat - Big.txt:199999");
        assertThat(last.recipients()).hasSize(24);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}

package io.conduit.source.slack;

import static io.conduit.source.slack.SlackExportReaderTest.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import io.conduit.model.ArchiveItem;
import io.conduit.source.SourceRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large day file is read one message object at a time: iterate and count, never collect. */
class SlackStreamingTest {

    @TempDir
    Path dir;

    @Test
    void streams_a_day_file_of_a_hundred_thousand_messages() throws Exception {
        int messages = 100_000;
        int members = 50;
        Path zip = dir.resolve("big.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("channels.json"));
            JsonGenerator g = SlackJson.JSON.createGenerator(z);
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("id", "C0BIG");
            g.writeStringField("name", "trading-floor");
            g.writeArrayFieldStart("members");
            for (int m = 0; m < members; m++) {
                g.writeString("U" + m);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.flush();
            z.closeEntry();
            z.putNextEntry(new ZipEntry("trading-floor/2024-01-15.json"));
            g = SlackJson.JSON.createGenerator(z);
            g.writeStartArray();
            for (int i = 0; i < messages; i++) {
                g.writeStartObject();
                g.writeStringField("type", "message");
                g.writeStringField("user", "U" + (i % members));
                g.writeStringField("text", "message number " + i);
                g.writeStringField("ts", (1705305600L + i) + ".000100");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.flush();
            z.closeEntry();
        }
        long items = 0;
        long others = 0;
        ArchiveItem last = null;
        try (SourceRecords records = SlackExportReader.open(zip, SETTINGS)) {
            while (records.hasNext()) {
                if (records.next() instanceof ArchiveItem item) {
                    last = item;
                    items++;
                } else {
                    others++;
                }
            }
        }
        assertThat(others).isZero();
        assertThat(items).isEqualTo(messages);
        assertThat(last.sourceRef()).isEqualTo("big.zip!trading-floor/2024-01-15.json[" + (messages - 1) + "]");
        assertThat(last.body()).isEqualTo("message number " + (messages - 1));
        assertThat(last.recipients()).hasSize(members - 1);
    }
}

package io.conduit.source.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.conduit.model.ArchiveItem;
import io.conduit.source.SourceRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large conversation is read message by message: one {@code dmConversation} element with 100,000 messages (the
 * shape that a reader holding one array element at a time would load whole), iterated and counted, never collected.
 */
class TwitterStreamingTest {

    @TempDir
    Path dir;

    @Test
    void streams_a_group_conversation_of_one_hundred_thousand_messages() throws Exception {
        Path file = dir.resolve("direct-messages-group.js");
        int messages = 100_000;
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("window.YTD.direct_messages_group.part0 = [ { \"dmConversation\" : { \"conversationId\" : \"42\", "
                    + "\"messages\" : [\n");
            for (int i = 0; i < messages; i++) {
                w.write((i == 0 ? "" : ",\n") + "{ \"messageCreate\" : { \"reactions\" : [ ], \"urls\" : [ ], "
                        + "\"text\" : \"message number " + i + "\", \"mediaUrls\" : [ ], \"senderId\" : \""
                        + (1000 + i % 25) + "\", \"id\" : \"" + (5_000_000 + i) + "\", \"createdAt\" : \""
                        + t.plusSeconds(i) + "\" } }");
            }
            w.write("\n] } } ]\n");
        }
        long items = 0;
        long others = 0;
        ArchiveItem last = null;
        try (SourceRecords records = TwitterArchiveReader.open(file, TwitterArchiveReaderTest.SETTINGS)) {
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
        assertThat(last.sourceRef()).isEqualTo("direct-messages-group.js#[0]/messages[99999]/5099999");
        assertThat(last.recipients()).hasSize(24);
    }
}

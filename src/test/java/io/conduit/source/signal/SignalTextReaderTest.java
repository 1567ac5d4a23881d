package io.conduit.source.signal;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads Signal text exports in the style of chat-miner's {@code test_export.txt} for Signal
 * ({@code [yyyy-mm-dd, HH:MM] Name: text}, continuation lines belong to the message above), including the real
 * sample in {@code ../shared/samples/signal} when present.
 */
class SignalTextReaderTest {

    static final Path SAMPLES = Path.of("../shared/samples/signal");
    static final SourceSettings BERLIN = new SourceSettings("signal-text", ZoneId.of("Europe/Berlin"), null, "GB");

    @TempDir
    Path tmp;

    @Test
    void chatMinerSample() throws Exception {
        Path sample = SAMPLES.resolve("chatminer_signal_test_export.txt");
        Assumptions.assumeTrue(Files.isRegularFile(sample), "samples folder absent: " + SAMPLES);

        List<Object> records = readAll(sample, BERLIN);

        assertThat(records).hasSize(2).allMatch(ArchiveItem.class::isInstance);
        ArchiveItem first = (ArchiveItem) records.get(0);
        ArchiveItem second = (ArchiveItem) records.get(1);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2019-12-24T11:23:00Z"));
        assertThat(first.sender().displayName()).isEqualTo("Jane Doe");
        assertThat(first.body()).isEqualTo("Hello John!");
        assertThat(first.recipients()).extracting(Participant::displayName).containsExactly("John Doe");
        assertThat(second.timestamp()).isEqualTo(Instant.parse("2020-01-17T20:49:00Z"));
        assertThat(second.sender().displayName()).isEqualTo("John Doe");
        assertThat(second.body()).isEqualTo("Hello\nJane!");
        assertThat(second.sourceRef()).isEqualTo("chatminer_signal_test_export.txt:2");
        assertThat(second.messageClass()).isEqualTo("IPM.NOTE.Signal.Message");
        assertThat(second.conversationId()).isEqualTo("chatminer_signal_test_export");
        assertThat(second.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(second.itemId()).hasSize(64).isNotEqualTo(first.itemId());
    }

    @Test
    void itemIdsAreStableAndEqualMessagesGetOrdinals() throws Exception {
        Path file = tmp.resolve("chat.txt");
        Files.writeString(file, "[2024-03-01, 09:00] Jane Doe: ok\n[2024-03-01, 09:00] Jane Doe: ok\n");
        Path copy = Files.copy(file, Files.createDirectories(tmp.resolve("again")).resolve("chat.txt"));

        List<Object> a = readAll(file, BERLIN);
        List<Object> b = readAll(copy, BERLIN);

        assertThat(a).extracting(r -> ((ArchiveItem) r).itemId()).doesNotHaveDuplicates()
                .isEqualTo(b.stream().map(r -> ((ArchiveItem) r).itemId()).toList());
    }

    @Test
    void ownerIsAParticipantAndManyPeopleMakeAGroup() throws Exception {
        Path file = tmp.resolve("team.txt");
        Files.writeString(file, "[2024-03-01, 09:00] Jane Doe: hi\n[2024-03-01, 09:01] John Doe: hello\n");
        SourceSettings owned = new SourceSettings("signal-text", ZoneId.of("UTC"), "+447700900001", "GB");

        ArchiveItem item = (ArchiveItem) readAll(file, owned).get(0);

        assertThat(item.conversationType()).isEqualTo(ConversationType.GROUP);
        assertThat(item.recipients()).extracting(Participant::primaryIdentifier)
                .containsExactly("John Doe", "+447700900001");
    }

    @Test
    void textBeforeTheFirstMessageAndBadDatesAreRejected() throws Exception {
        Path file = tmp.resolve("odd.txt");
        Files.writeString(file, "preamble\n[2024-02-30, 09:00] Jane Doe: no such day\n[2024-03-01, 09:00] Jane Doe: ok\n");

        List<Object> records = readAll(file, BERLIN);

        assertThat(records).hasSize(3);
        assertThat(((RejectedRecord) records.get(0)).reason()).isEqualTo("odd.txt:1: text before the first message");
        assertThat(((RejectedRecord) records.get(1)).reason()).startsWith("odd.txt:2: invalid date or time");
        assertThat(((ArchiveItem) records.get(2)).body()).isEqualTo("ok");
    }

    @Test
    void fileWithoutAnyHeaderIsMalformed() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "just some notes\n");

        assertThatThrownBy(() -> SignalTextReader.open(file, BERLIN))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageStartingWith("notes.txt: not a Signal text export");
    }

    private static List<Object> readAll(Path file, SourceSettings settings) throws Exception {
        List<Object> out = new ArrayList<>();
        try (SignalTextRecords records = SignalTextReader.open(file, settings)) {
            records.forEachRemaining(out::add);
        }
        return out;
    }
}

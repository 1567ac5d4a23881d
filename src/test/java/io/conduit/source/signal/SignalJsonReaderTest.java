package io.conduit.source.signal;

import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads recorded signal-cli envelopes (src/test/resources/signal/*.jsonl).
 *
 * <p>The fixtures follow signal-cli's JSON output as of AsamK/signal-cli commit {@code c26e0632}: the records
 * {@code JsonMessageEnvelope}, {@code JsonDataMessage}, {@code JsonSyncMessage}, {@code JsonSyncDataMessage} (the
 * data message's fields unwrapped into {@code sentMessage}), {@code JsonEditMessage}, {@code JsonRemoteDelete},
 * {@code JsonReaction}, {@code JsonGroupInfo}, {@code JsonAttachment} in {@code org.asamk.signal.json}, the line
 * wrapper {@code {"account":...,"envelope":...}} of {@code JsonReceiveMessageHandler}, and the notification examples
 * of the {@code man/signal-cli-jsonrpc.5.adoc} man page; the phone numbers are Ofcom drama numbers.
 */
class SignalJsonReaderTest {

    static final String ACCOUNT = "+447700900001";
    static final String ALICE_UUID = "6e3c5a1e-1f2b-4c3d-9e8f-0a1b2c3d4e5f";
    static final long T = 1763625600000L;
    static final SourceSettings SETTINGS = new SourceSettings("signal-test", ZoneId.of("Europe/London"), null, "GB");

    @TempDir
    Path tmp;

    @Test
    void incomingDirectMessage() throws Exception {
        List<Object> records = readAll(fixture("messages.jsonl"));
        ArchiveItem item = (ArchiveItem) records.get(0);

        assertThat(item.source()).isEqualTo("Signal");
        assertThat(item.messageClass()).isEqualTo("IPM.NOTE.Signal.Message");
        assertThat(item.connectorId()).isEqualTo("signal-test");
        assertThat(item.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(item.conversationId()).isEqualTo("+447700900123");
        assertThat(item.conversationName()).isEqualTo("Alice Smith");
        assertThat(item.itemId()).isEqualTo(ALICE_UUID + ":" + T);
        assertThat(item.version()).isEqualTo(1);
        assertThat(item.sender()).isEqualTo(new Participant("Alice Smith", "+447700900123", null,
                "signal:" + ALICE_UUID));
        assertThat(item.recipients()).extracting(Participant::phone).containsExactly(ACCOUNT);
        assertThat(item.timestamp()).isEqualTo(Instant.ofEpochMilli(T));
        assertThat(item.body()).isEqualTo("Hello, can you confirm the trade?");
        assertThat(item.events()).isEmpty();
        assertThat(item.sourceRef()).isEqualTo("messages.jsonl:1");
        String firstLine = Files.readAllLines(fixture("messages.jsonl")).get(0);
        assertThat(item.sourceSha256()).isEqualTo(sha256(firstLine));
    }

    @Test
    void groupMessage() throws Exception {
        ArchiveItem item = (ArchiveItem) readAll(fixture("messages.jsonl")).get(1);

        assertThat(item.conversationType()).isEqualTo(ConversationType.GROUP);
        assertThat(item.conversationId()).isEqualTo("group:R3JvdXBJZDEyMzQ1Njc4OTA=");
        assertThat(item.conversationName()).isEqualTo("Deal team");
        assertThat(item.sender().displayName()).isEqualTo("Carol Jones");
        assertThat(item.sender().phone()).isEqualTo("+447700900456");
        assertThat(item.recipients()).extracting(Participant::phone).containsExactly(ACCOUNT);
        assertThat(item.timestamp()).isEqualTo(Instant.ofEpochMilli(T + 60_000));
    }

    @Test
    void syncSentMessageIsFromTheAccountToTheDestination() throws Exception {
        ArchiveItem item = (ArchiveItem) readAll(fixture("messages.jsonl")).get(2);

        assertThat(item.messageClass()).isEqualTo("IPM.NOTE.Signal.Message");
        assertThat(item.sender().phone()).isEqualTo(ACCOUNT);
        assertThat(item.sender().handle()).isEqualTo("signal:0b1c2d3e-4f50-4617-8a9b-cdef01234567");
        assertThat(item.recipients()).containsExactly(new Participant(null, "+447700900123", null,
                "signal:" + ALICE_UUID));
        assertThat(item.conversationId()).isEqualTo("+447700900123");
        assertThat(item.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(item.itemId()).isEqualTo("0b1c2d3e-4f50-4617-8a9b-cdef01234567:" + (T + 120_000));
        assertThat(item.body()).isEqualTo("Confirmed.");
    }

    @Test
    void syncSentGroupMessageAndItsEditGoToTheGroup() throws Exception {
        String me = "\"sourceNumber\":\"" + ACCOUNT + "\",\"sourceUuid\":\"0b1c2d3e-4f50-4617-8a9b-cdef01234567\"";
        String group = "\"groupInfo\":{\"groupId\":\"R3JvdXBJZDEyMzQ1Njc4OTA=\",\"groupName\":\"Deal team\","
                + "\"revision\":3,\"type\":\"DELIVER\"}";
        Path file = tmp.resolve("sync-group.jsonl");
        Files.writeString(file, "{\"account\":\"" + ACCOUNT + "\",\"envelope\":{" + me + ",\"timestamp\":" + T
                + ",\"syncMessage\":{\"sentMessage\":{\"timestamp\":" + T + ",\"message\":\"Sent to the group\","
                + group + "}}}}\n"
                + "{\"account\":\"" + ACCOUNT + "\",\"envelope\":{" + me + ",\"timestamp\":" + (T + 5000)
                + ",\"syncMessage\":{\"sentMessage\":{\"editMessage\":{\"targetSentTimestamp\":" + T
                + ",\"dataMessage\":{\"timestamp\":" + (T + 5000) + ",\"message\":\"Sent to the group!\","
                + group + "}}}}}}\n");

        List<Object> records = readAll(file);

        ArchiveItem sent = (ArchiveItem) records.get(0);
        ArchiveItem edit = (ArchiveItem) records.get(1);
        assertThat(sent.conversationId()).isEqualTo("group:R3JvdXBJZDEyMzQ1Njc4OTA=");
        assertThat(sent.sender().phone()).isEqualTo(ACCOUNT);
        assertThat(sent.recipients()).containsExactly(new Participant("Deal team", null, null,
                "signal-group:R3JvdXBJZDEyMzQ1Njc4OTA="));
        assertThat(edit.itemId()).isEqualTo(sent.itemId());
        assertThat(edit.version()).isEqualTo(5001);
        assertThat(edit.events()).containsExactly(ItemEvent.EDITED);
        assertThat(edit.conversationId()).isEqualTo(sent.conversationId());
    }

    @Test
    void reactionIsAnItemWithTheEmoji() throws Exception {
        ArchiveItem item = (ArchiveItem) readAll(fixture("messages.jsonl")).get(3);

        assertThat(item.body()).contains("\uD83D\uDC4D").contains(ACCOUNT).contains(Long.toString(T + 120_000));
        assertThat(item.itemId()).isEqualTo(ALICE_UUID + ":" + (T + 180_000));
        assertThat(item.events()).isEmpty();
    }

    @Test
    void editIsANewVersionOfTheOriginal() throws Exception {
        List<Object> records = readAll(fixture("messages.jsonl"));
        ArchiveItem original = (ArchiveItem) records.get(0);
        ArchiveItem edit = (ArchiveItem) records.get(4);

        assertThat(edit.itemId()).isEqualTo(original.itemId());
        assertThat(edit.version()).isGreaterThan(1);
        assertThat(edit.idempotencyKey()).isNotEqualTo(original.idempotencyKey());
        assertThat(edit.events()).containsExactly(ItemEvent.EDITED);
        assertThat(edit.body()).contains(Long.toString(T)).contains("of 100 shares?");
        assertThat(edit.timestamp()).isEqualTo(Instant.ofEpochMilli(T + 240_000));
        assertThat(edit.conversationId()).isEqualTo(original.conversationId());
    }

    @Test
    void remoteDeleteNamesTheDeletedMessage() throws Exception {
        List<Object> records = readAll(fixture("messages.jsonl"));
        ArchiveItem edit = (ArchiveItem) records.get(4);
        ArchiveItem delete = (ArchiveItem) records.get(5);

        assertThat(delete.itemId()).isEqualTo(ALICE_UUID + ":" + T);
        assertThat(delete.version()).isGreaterThan(edit.version());
        assertThat(delete.events()).containsExactly(ItemEvent.DELETED);
        assertThat(delete.body()).contains("deleted").contains(Long.toString(T));
    }

    @Test
    void changeVersionsAreStableAndGrow() {
        assertThat(EnvelopeMapper.laterVersion(T + 1, T)).isEqualTo(2);
        assertThat(EnvelopeMapper.laterVersion(T + 60_000, T)).isEqualTo(60_001);
        assertThat(EnvelopeMapper.laterVersion(T - 5, T)).isEqualTo(2);
        assertThat(EnvelopeMapper.laterVersion(T + (1L << 40), T)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void jsonRpcNotificationIsUnwrapped() throws Exception {
        List<Object> records = readAll(fixture("messages.jsonl"));

        assertThat(records).hasSize(7).allMatch(ArchiveItem.class::isInstance);
        ArchiveItem item = (ArchiveItem) records.get(6);
        assertThat(item.body()).isEqualTo("One more thing");
        assertThat(item.sourceRef()).isEqualTo("messages.jsonl:7");
    }

    @Test
    void attachmentPresentIsOpenedLazily() throws Exception {
        Path file = copy("attachments.jsonl");
        Path dir = Files.createDirectories(tmp.resolve("attachments"));
        Files.writeString(dir.resolve("Xq3pBv9Kc2LmNoPq"), "PDF content", StandardCharsets.UTF_8);

        ArchiveItem item = (ArchiveItem) readAll(file).get(0);

        assertThat(item.events()).isEmpty();
        assertThat(item.body()).isEqualTo("The contract");
        assertThat(item.attachments()).hasSize(1);
        Attachment a = item.attachments().get(0);
        assertThat(a.fileName()).isEqualTo("contract.pdf");
        assertThat(a.mediaType()).isEqualTo("application/pdf");
        assertThat(a.size()).isEqualTo(11);
        try (InputStream in = a.content().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("PDF content");
        }
    }

    @Test
    void attachmentsDirectoryCanBeGiven() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("signal-data/attachments"));
        Files.writeString(dir.resolve("Xq3pBv9Kc2LmNoPq"), "PDF content", StandardCharsets.UTF_8);

        try (SignalJsonRecords records = SignalJsonReader.open(fixture("attachments.jsonl"), SETTINGS, dir)) {
            ArchiveItem item = (ArchiveItem) records.next();
            assertThat(item.attachments()).extracting(Attachment::fileName).containsExactly("contract.pdf");
        }
    }

    @Test
    void attachmentMissingKeepsMetadataAndIsOmitted() throws Exception {
        Path file = copy("attachments.jsonl");

        ArchiveItem item = (ArchiveItem) readAll(file).get(1);

        assertThat(item.attachments()).isEmpty();
        assertThat(item.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(item.body()).startsWith("A photo\n")
                .contains("IMG_0001.jpg").contains("image/jpeg").contains("2048 bytes").contains("MissingAttachment01");
    }

    @Test
    void traversalAttachmentIdIsRefusedAndNeverOpened() throws Exception {
        Path export = Files.createDirectories(tmp.resolve("export/attachments")).getParent();
        Path file = Files.copy(fixture("attachments.jsonl"), export.resolve("attachments.jsonl"));
        Path target = Files.createDirectories(tmp.resolve("etc")).resolve("passwd");
        Files.writeString(target, "secret");
        assertThat(export.resolve("attachments/../../etc/passwd").normalize()).isEqualTo(target);

        ArchiveItem item = (ArchiveItem) readAll(file).get(2);

        assertThat(item.attachments()).isEmpty();
        assertThat(item.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(item.body()).contains("refused").contains("path traversal").contains("../../etc/passwd");
        assertThat(SignalAttachments.isSafe("..")).isFalse();
        assertThat(SignalAttachments.isSafe("a\\b")).isFalse();
        assertThat(SignalAttachments.isSafe("a/b")).isFalse();
        assertThat(SignalAttachments.isSafe("Xq3pBv9Kc2LmNoPq.jpg")).isTrue();
    }

    @Test
    void receiptsAndTypingAreSkippedAndCountedBadLinesRejectedTheRestRead() throws Exception {
        List<Object> records = new ArrayList<>();
        try (SignalJsonRecords r = SignalJsonReader.open(fixture("skipped-and-bad.jsonl"), SETTINGS)) {
            r.forEachRemaining(records::add);
            assertThat(r.skipped()).isEqualTo(3);
            assertThat(r.skippedByKind()).isEqualTo(Map.of("receipt", 2L, "typing", 1L));
        }

        assertThat(records).hasSize(3);
        RejectedRecord bad = (RejectedRecord) records.get(0);
        assertThat(bad.sourceRef()).isEqualTo("skipped-and-bad.jsonl:3");
        assertThat(bad.reason()).startsWith("skipped-and-bad.jsonl:3: not valid JSON");
        assertThat(bad.raw()).startsWith("{\"envelope\"");
        assertThat(bad.source()).isEqualTo("Signal");
        RejectedRecord other = (RejectedRecord) records.get(1);
        assertThat(other.reason()).startsWith("skipped-and-bad.jsonl:4: ").contains("not a signal-cli envelope");
        ArchiveItem item = (ArchiveItem) records.get(2);
        assertThat(item.body()).isEqualTo("Still read after the bad lines");
        assertThat(item.sourceRef()).isEqualTo("skipped-and-bad.jsonl:5");
    }

    @Test
    void tooLongLineIsRejectedAndReadingGoesOn() throws Exception {
        Path file = tmp.resolve("long.jsonl");
        String ok = Files.readAllLines(fixture("messages.jsonl")).get(0);
        Files.writeString(file, "{\"x\":\"" + "a".repeat(SignalJsonRecords.MAX_LINE_CHARS) + "\"}\n" + ok + "\n");

        List<Object> records = readAll(file);

        assertThat(records).hasSize(2);
        assertThat(((RejectedRecord) records.get(0)).reason()).isEqualTo("long.jsonl:1: line is longer than "
                + SignalJsonRecords.MAX_LINE_CHARS + " chars");
        assertThat(((ArchiveItem) records.get(1)).sourceRef()).isEqualTo("long.jsonl:2");
    }

    @Test
    void lineWithoutAccountUsesTheConfiguredOwner() throws Exception {
        Path file = tmp.resolve("no-account.jsonl");
        Files.writeString(file, "{\"envelope\":{\"sourceNumber\":\"+447700900123\",\"sourceUuid\":\"" + ALICE_UUID
                + "\",\"timestamp\":" + T + ",\"dataMessage\":{\"timestamp\":" + T + ",\"message\":\"hi\"}}}\n");
        SourceSettings owned = new SourceSettings("signal-test", ZoneId.of("UTC"), "07700 900001", "GB");

        try (SignalJsonRecords r = SignalJsonReader.open(file, owned)) {
            ArchiveItem item = (ArchiveItem) r.next();
            assertThat(item.recipients()).extracting(Participant::phone).containsExactly(ACCOUNT);
        }
    }

    @Test
    void undecryptableMessageIsRejectedNotSkipped() throws Exception {
        Path file = tmp.resolve("exception.jsonl");
        Files.writeString(file, "{\"account\":\"" + ACCOUNT + "\",\"exception\":{\"message\":\"x\",\"type\":"
                + "\"ProtocolInvalidMessageException\"},\"envelope\":{\"sourceNumber\":\"+447700900123\","
                + "\"timestamp\":" + T + "}}\n");

        List<Object> records = readAll(file);

        assertThat(records).singleElement().isInstanceOfSatisfying(RejectedRecord.class,
                r -> assertThat(r.reason()).contains("ProtocolInvalidMessageException"));
    }

    @Test
    void missingFileIsMalformed() {
        assertThatThrownBy(() -> SignalJsonReader.open(tmp.resolve("absent.jsonl"), SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessageStartingWith("absent.jsonl: not a regular file");
    }

    static Path fixture(String name) {
        return Path.of("src/test/resources/signal", name);
    }

    private Path copy(String name) throws IOException {
        return Files.copy(fixture(name), tmp.resolve(name));
    }

    static List<Object> readAll(Path file) throws MalformedExportException, IOException {
        List<Object> out = new ArrayList<>();
        try (SignalJsonRecords records = SignalJsonReader.open(file, SETTINGS)) {
            records.forEachRemaining(out::add);
        }
        return out;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}

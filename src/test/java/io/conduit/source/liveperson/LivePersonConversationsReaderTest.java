package io.conduit.source.liveperson;

import static io.conduit.source.liveperson.LivePersonReaderSupport.SETTINGS;
import static io.conduit.source.liveperson.LivePersonReaderSupport.drain;
import static io.conduit.source.liveperson.LivePersonReaderSupport.fixture;
import static io.conduit.source.liveperson.LivePersonReaderSupport.items;
import static io.conduit.source.liveperson.LivePersonReaderSupport.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.model.ArchiveItem;
import io.conduit.model.UnreadRest;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.RejectedRecord;
import io.conduit.source.MalformedExportException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures for what the vendor sample lacks: open then closed, transfers, files, rich content, bad records. */
class LivePersonConversationsReaderTest {

    @Test
    void openThenClosedYieldsTheSameMessageItemsPlusTheCloseEvent() throws Exception {
        List<ArchiveItem> open = items(drain(LivePersonConversationsReader.open(fixture("conversation-open.json"),
                SETTINGS)));
        List<ArchiveItem> closed = items(drain(LivePersonConversationsReader.open(
                fixture("conversation-closed.json"), SETTINGS)));
        List<ArchiveItem> openMessages = open.stream().filter(i -> i.event().equals("Message")).toList();
        List<ArchiveItem> closedMessages = closed.stream().filter(i -> i.event().equals("Message")).toList();
        assertThat(openMessages).extracting(ArchiveItem::itemId).containsExactly("conv-1::msg:1", "conv-1::msg:2");
        assertThat(closedMessages).extracting(ArchiveItem::idempotencyKey)
                .containsExactlyElementsOf(openMessages.stream().map(ArchiveItem::idempotencyKey).toList());
        assertThat(closedMessages).extracting(ArchiveItem::sourceSha256)
                .containsExactlyElementsOf(openMessages.stream().map(ArchiveItem::sourceSha256).toList());
        assertThat(closedMessages).extracting(ArchiveItem::body).containsExactly("first", "second");
        assertThat(open).noneMatch(i -> i.itemId().equals("close"));
        ArchiveItem close = closed.stream().filter(i -> i.itemId().equals("close")).findFirst().orElseThrow();
        assertThat(close.event()).isEqualTo("SystemEvent");
        assertThat(close.timestamp().toEpochMilli()).isEqualTo(1700000090000L);
        assertThat(close.body()).isEqualTo("Conversation closed, reason: CONSUMER");
    }

    @Test
    void consumerInfoGivesPhoneAndEmailAndAgentWithoutAtIsAHandle() throws Exception {
        ArchiveItem first = items(drain(LivePersonConversationsReader.open(fixture("conversation-open.json"),
                SETTINGS))).get(0);
        assertThat(first.sender().phone()).isEqualTo("+447700900123");
        assertThat(first.sender().email()).isEqualTo("carl@example.com");
        assertThat(first.sender().displayName()).isEqualTo("Carl");
        assertThat(first.conversationType()).isEqualTo(ConversationType.GROUP);
    }

    @Test
    void transfersJoinsAndLeavesAreSystemEventsInTimeOrder() throws Exception {
        List<ArchiveItem> items = items(drain(LivePersonConversationsReader.open(fixture("transfers-and-files.json"),
                SETTINGS)));
        List<ArchiveItem> events = items.stream()
                .filter(i -> i.conversationId().equals("conv-2") && i.event().equals("SystemEvent")).toList();
        assertThat(events).extracting(ArchiveItem::itemId).containsExactly("agent-join:1:1700000090000",
                "transfer:1700000115000:0", "agent-join:2:1700000120000", "agent-leave:1:1700000125000",
                "conversation-record");
        assertThat(events.get(1).body()).isEqualTo("Conversation transferred from agent First Agent (lp-agent:1)"
                + " (skill Unassigned) to skill loans, reason: Skill, by: 1");
        assertThat(events.get(3).body()).startsWith("Agent First Agent").contains("left the conversation");
        assertThat(events).allSatisfy(e -> assertThat(e.recipients()).hasSize(3));
        assertThat(events.get(0).conversationType()).isEqualTo(ConversationType.GROUP);
    }

    @Test
    void fileMessageWithoutFetcherIsMediaOmittedWithThePathInTheBody() throws Exception {
        ArchiveItem file = items(drain(LivePersonConversationsReader.open(fixture("transfers-and-files.json"),
                SETTINGS))).get(0);
        assertThat(file.itemId()).isEqualTo("conv-2::msg:0");
        assertThat(file.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(file.attachments()).isEmpty();
        assertThat(file.body()).isEqualTo("my receipt\n[file not archived: /v1/AUTH_async/acc/20240101/receipt.pdf"
                + " (PDF)]");
        assertThat(file.sender().displayName()).isEqualTo("Dana");
        assertThat(file.sender().email()).isNull();
    }

    @Test
    void fileMessageWithFetcherCarriesTheFileAsAnAttachment() throws Exception {
        List<String> fetched = new java.util.ArrayList<>();
        HostedFileFetcher fetcher = path -> {
            fetched.add(path);
            return new ByteArrayInputStream("%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
        };
        ArchiveItem file = items(drain(LivePersonConversationsReader.open(fixture("transfers-and-files.json"),
                SETTINGS, fetcher))).get(0);
        assertThat(file.events()).isEmpty();
        assertThat(file.body()).contains("my receipt", "[file: /v1/AUTH_async/acc/20240101/receipt.pdf]");
        assertThat(file.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("receipt.pdf");
            assertThat(a.mediaType()).isEqualTo("application/pdf");
            try (InputStream in = a.content().open()) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("%PDF-1.4");
            }
        });
        assertThat(fetched).containsExactly("/v1/AUTH_async/acc/20240101/receipt.pdf");
    }

    @Test
    void richContentIsWrittenOutAsText() throws Exception {
        ArchiveItem rich = items(drain(LivePersonConversationsReader.open(fixture("transfers-and-files.json"),
                SETTINGS))).get(1);
        assertThat(rich.body()).isEqualTo("Now on sale!\nBuy");
        assertThat(rich.sender().email()).isEqualTo("first@bank.example");
        assertThat(rich.sender().displayName()).isEqualTo("First Agent");
    }

    @Test
    void badRecordsAreRejectedNamingConversationAndIndexAndTheRestIsRead() throws Exception {
        List<Object> records = drain(LivePersonConversationsReader.open(fixture("transfers-and-files.json"),
                SETTINGS));
        List<RejectedRecord> bad = rejected(records);
        assertThat(bad).hasSize(2);
        assertThat(bad.get(0).reason()).contains("conv-3", "message record 0", "no messageId");
        assertThat(bad.get(0).sourceRef()).isEqualTo("transfers-and-files.json#conv-3/messageRecords[0]");
        assertThat(bad.get(0).raw()).contains("no id");
        assertThat(bad.get(1).reason()).contains("conv-3", "message record 1", "conv-3::msg:1", "timeL");
        assertThat(bad).allSatisfy(r -> assertThat(r.connectorId()).isEqualTo("lp-test"));
        assertThat(items(records)).extracting(ArchiveItem::itemId).contains("conv-3::msg:2");
    }

    @Test
    void notJsonOrWithoutRecordsIsMalformedNamingTheFile(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("chat.json"), "hello, not json");
        assertThatThrownBy(() -> LivePersonConversationsReader.open(text, SETTINGS))
                .isInstanceOf(MalformedExportException.class).hasMessageStartingWith("chat.json: not");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"_metadata\":{\"count\":0},\"x\":[1,2]}");
        assertThatThrownBy(() -> LivePersonConversationsReader.open(other, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessage("other.json: not a LivePerson conversations/search response (no conversationHistoryRecords)");
        assertThatThrownBy(() -> LivePersonConversationsReader.read(
                new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8)), "conversations/search", SETTINGS))
                .isInstanceOf(MalformedExportException.class).hasMessageStartingWith("conversations/search: ");
    }

    @Test
    void truncatedBodyEndsWithARejectedRecordAfterTheCompleteConversations() throws Exception {
        String whole = Files.readString(fixture("transfers-and-files.json"));
        String cut = whole.substring(0, whole.indexOf("\"conv-3\"") + 20);
        List<Object> records = drain(LivePersonConversationsReader.read(
                new ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8)), "conversations/search", SETTINGS));
        assertThat(items(records)).isNotEmpty().allMatch(i -> i.conversationId().equals("conv-2"));
        assertThat(records).filteredOn(UnreadRest.class::isInstance).singleElement().satisfies(r -> assertThat(
                ((UnreadRest) r).reason()).startsWith("conversations/search#conversationHistoryRecords[1]: the response "
                + "could not be read"));
    }
}

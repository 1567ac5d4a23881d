package io.conduit.state.transcript;

import io.conduit.state.transcript.TranscriptStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import io.conduit.TestItems;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import org.junit.jupiter.api.Test;

/** What every {@link TranscriptStore} does: keeps items once, with attachments, and knows which days are pending. */
abstract class TranscriptStoreContract {

    static final TranscriptStore.Day DAY = new TranscriptStore.Day("test-connector", "Desk", LocalDate.of(2026, 11, 20));

    abstract TranscriptStore store() throws Exception;

    static ArchiveItem item(String id, String attachmentText) {
        ArchiveItem base = TestItems.item(id, TestItems.phone("Alice", "+447700900001"),
                List.of(TestItems.phone("Bob", "+447700900002")), "text " + id);
        List<Attachment> files = attachmentText == null ? List.of() : List.of(new Attachment("note.txt", "text/plain",
                attachmentText.length(), null,
                () -> new ByteArrayInputStream(attachmentText.getBytes(StandardCharsets.UTF_8))));
        return new ArchiveItem(base.source(), base.event(), base.connectorId(), base.conversationId(),
                base.conversationName(), base.conversationType(), base.itemId(), 1, base.sender(), base.recipients(),
                Instant.parse("2026-11-20T09:30:00Z"), null, base.body(), Set.of(), files, base.sourceSha256(),
                base.sourceRef()).withZone(ZoneId.of("Europe/Paris")).withInReplyTo("parent-1");
    }

    @Test
    void keeps_each_item_once_with_its_attachment_and_tells_which_days_are_pending() throws Exception {
        TranscriptStore store = store();

        assertThat(store.stage(DAY, "WhatsApp Archiver", item("m1", "hello file"))).isTrue();
        assertThat(store.stage(DAY, "WhatsApp Archiver", item("m2", null))).isTrue();
        assertThat(store.stage(DAY, "WhatsApp Archiver", item("m1", "hello file"))).isFalse();

        assertThat(store.pending()).containsExactly(DAY);
        assertThat(store.folder(DAY)).isEqualTo("WhatsApp Archiver");
        List<ArchiveItem> items = store.items(DAY);
        assertThat(items).extracting(ArchiveItem::itemId).containsExactly("m1", "m2");
        ArchiveItem first = items.get(0);
        assertThat(first.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(first.inReplyTo()).isEqualTo("parent-1");
        assertThat(first.attachments()).hasSize(1);
        try (InputStream in = first.attachments().get(0).content().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello file");
        }

        store.issued(DAY, new TranscriptStore.Issued(1, "<v1@conduit.invalid>", 2, "archived"));
        assertThat(store.pending()).isEmpty();
        assertThat(store.lastIssued(DAY)).contains(new TranscriptStore.Issued(1, "<v1@conduit.invalid>", 2, "archived"));

        store.stage(DAY, "WhatsApp Archiver", item("m3", null));
        assertThat(store.pending()).containsExactly(DAY);
        assertThat(store.items(DAY)).hasSize(3);
    }
}

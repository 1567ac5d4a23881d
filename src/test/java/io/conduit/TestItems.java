package io.conduit;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;

/** Builds archive items for tests. */
public final class TestItems {

    private TestItems() {
    }

    public static ArchiveItem item(String itemId, Participant sender, List<Participant> recipients, String body) {
        return new ArchiveItem("WhatsApp", "Message", "test-connector", "Desk", "Desk", ConversationType.GROUP, itemId, 1,
                sender, recipients, Instant.parse("2026-11-20T09:30:00Z"), null, body, Set.of(), List.of(),
                "ab".repeat(32), "chat.txt:" + itemId);
    }

    public static Participant phone(String name, String e164) {
        return new Participant(name, e164, null, null);
    }

    public static Participant handle(String name) {
        return Participant.ofHandle(name);
    }
}

package io.conduit.source.whatsapp;

import io.conduit.source.support.Digests;
import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.SETTINGS;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.ZONE;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.fixture;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** Authors versus system lines, multi-line text, media markers, deletions, edits, participants and chat naming. */
class WhatsAppContentTest {

    @TempDir
    Path dir;

    private List<ArchiveItem> android() throws Exception {
        return items(readAll(fixture(dir, "android-dmy-24h.txt", "WhatsApp Chat with Falcon (1).txt")));
    }

    private List<ArchiveItem> ios() throws Exception {
        return items(readAll(fixture(dir, "ios-seconds.txt", "WhatsApp Chat - Team.txt")));
    }

    @Test
    void systemLinesAreSystemEventsEvenWithColonsInQuotes() throws Exception {
        List<ArchiveItem> items = android();
        assertThat(items).filteredOn(i -> i.event().equals("SystemEvent")).extracting(ArchiveItem::body)
                .containsExactly(
                        "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp,"
                                + " can read or listen to them. Tap to learn more.",
                        "Alice created group \"Project: Falcon\"",
                        "Alice added Bob",
                        "Alice changed the subject to \"Falcon: phase 2\"",
                        "Carol left");
        ArchiveItem system = items.get(0);
        assertThat(system.sender()).isEqualTo(
                new Participant("WhatsApp chat Falcon", null, null, "whatsapp-chat:Falcon"));
        // Bob is added at 09:01, after the notice: the group's members then were Alice and Carol
        assertThat(system.recipients()).extracting(Participant::handle).containsExactly("Alice", "Carol");
    }

    @Test
    void messagesKeepAuthorsTextAndContinuationLines() throws Exception {
        List<ArchiveItem> items = android();
        ArchiveItem agenda = items.get(5);
        assertThat(agenda.sender().handle()).isEqualTo("Bob");
        assertThat(agenda.body()).isEqualTo("Agenda: budget, hiring\nand the offsite");
        assertThat(agenda.recipients()).extracting(Participant::handle).containsExactly("Alice", "Carol");
        assertThat(agenda.sourceRef()).isEqualTo("WhatsApp Chat with Falcon (1).txt:6");
        assertThat(agenda.sourceSha256()).isEqualTo(Digests.ofRaw(
                "15/03/2024, 09:06 - Bob: Agenda: budget, hiring\nand the offsite"));
        assertThat(agenda.conversationName()).isEqualTo("Falcon");
        assertThat(agenda.conversationId()).isEqualTo("Falcon");
        assertThat(agenda.conversationType()).isEqualTo(ConversationType.GROUP);
        assertThat(agenda.connectorId()).isEqualTo("wa-test");
        assertThat(agenda.source()).isEqualTo("WhatsApp");
        assertThat(agenda.version()).isEqualTo(1);
        assertThat(agenda.subject()).isNull();
        assertThat(agenda.messageClass()).isEqualTo("IPM.NOTE.WhatsApp.Message");
    }

    @Test
    void mediaDeletedAndEditedMarkersBecomeEvents() throws Exception {
        List<ArchiveItem> items = android();
        assertThat(items.get(6).events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(6).body()).isEqualTo("<Media omitted>");
        assertThat(items.get(7).events()).containsExactly(ItemEvent.DELETED);
        assertThat(items.get(7).body()).isEqualTo("This message was deleted");
        assertThat(items.get(8).events()).containsExactly(ItemEvent.EDITED);
        assertThat(items.get(8).body()).isEqualTo("See you at 10");
        ArchiveItem youDeleted = items.get(11);
        assertThat(youDeleted.event()).isEqualTo("Message");
        assertThat(youDeleted.events()).containsExactly(ItemEvent.DELETED);
        assertThat(youDeleted.sender()).isEqualTo(Participant.ofHandle("You"));
        ArchiveItem fileAttached = items.get(12);
        assertThat(fileAttached.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(fileAttached.body()).isEqualTo("IMG-20240315-WA0001.jpg (file attached)\nthe whiteboard\n"
                + "[media not in the export: IMG-20240315-WA0001.jpg]");
        assertThat(fileAttached.attachments()).isEmpty();
    }

    @Test
    void youDeletedThisMessageIsSentByTheConfiguredOwner() throws Exception {
        WhatsAppSettings owned = new WhatsAppSettings("wa-test", ZONE, "+44 7700 900999", "GB");
        List<ArchiveItem> items = items(readAll(fixture(dir, "android-dmy-24h.txt", "chat.txt"), owned));
        assertThat(items.get(11).sender().phone()).isEqualTo("+447700900999");
        assertThat(items.get(4).recipients()).extracting(Participant::primaryIdentifier)
                .containsExactly("Bob", "Carol", "+447700900999");
    }

    @Test
    void everyIosMediaMarkerIsMediaOmitted() throws Exception {
        List<ArchiveItem> items = ios();
        assertThat(items.subList(3, 10)).allSatisfy(i -> {
            assertThat(i.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
            assertThat(i.sender().handle()).isEqualTo("Bob");
        });
        assertThat(items.get(3).body()).isEqualTo("\u200eimage omitted");
        assertThat(items.get(7).body()).contains("document omitted");
        // .txt export: the attached file is not there
        assertThat(items.get(10).events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(10).body()).contains("<attached: 00000012-PHOTO-2020-06-20-00-08-12.jpg>");
        assertThat(items.get(11).events()).containsExactly(ItemEvent.DELETED);
    }

    @Test
    void iosSystemLinesSpokenByTheChatAreSystemEvents() throws Exception {
        List<ArchiveItem> items = ios();
        assertThat(items.get(0).event()).isEqualTo("SystemEvent");
        assertThat(items.get(0).body()).startsWith("\u200eMessages and calls are end-to-end encrypted.");
        assertThat(items.get(1).event()).isEqualTo("SystemEvent");
        assertThat(items.get(1).conversationName()).isEqualTo("Team");
        assertThat(items).extracting(i -> i.sender().primaryIdentifier()).doesNotContain("Team");
    }

    @Test
    void phoneNumberAndEmojiSendersAreAuthors() throws Exception {
        List<ArchiveItem> items = ios();
        Participant phone = items.get(2).sender();
        assertThat(phone.phone()).isEqualTo("+447700900123");
        assertThat(phone.displayName()).isEqualTo("+44 7700 900123");
        assertThat(phone.handle()).isNull();
        assertThat(items.get(2).body()).isEqualTo("Hi there");
        assertThat(items.get(12).sender().handle()).isEqualTo("John Doe \uD83E\uDD13");
        assertThat(items.get(13).sender().handle()).isEqualTo("\uD83E\uDD13");
        assertThat(items.get(13).body()).isEqualTo("only emoji");
    }

    @Test
    void emojiJoinersInSenderNamesAreKept(@TempDir Path tmp) throws Exception {
        String family = "Mum \uD83D\uDC69\u200D\uD83D\uDC67";
        Path file = java.nio.file.Files.writeString(tmp.resolve("chat.txt"),
                "20/06/2020, 00:08 - \u2068" + family + "\u2069: dinner?\n20/06/2020, 00:09 - Bob: yes");
        List<ArchiveItem> items = items(readAll(file));
        assertThat(items.get(0).sender()).isEqualTo(Participant.ofHandle(family));
        assertThat(items.get(1).recipients()).containsExactly(Participant.ofHandle(family));
    }

    @Test
    void ownerGivenAsEmailIsARecipient() throws Exception {
        WhatsAppSettings owned = new WhatsAppSettings("wa-test", ZONE, "Owner@Example.com", "GB");
        List<ArchiveItem> items = items(readAll(fixture(dir, "mdy-12h.txt", "WhatsApp Chat with Bob.txt"), owned));
        assertThat(items.get(0).recipients()).extracting(Participant::primaryIdentifier)
                .containsExactly("Bob", "owner@example.com");
        assertThat(items.get(0).conversationType()).isEqualTo(ConversationType.GROUP);
    }

    @Test
    void ownerWhoIsASenderIsOneParticipant() throws Exception {
        WhatsAppSettings owned = new WhatsAppSettings("wa-test", ZONE, "+447700900123", "GB");
        List<ArchiveItem> items = items(readAll(fixture(dir, "ios-seconds.txt", "chat.txt"), owned));
        ArchiveItem fromBob = items.get(3);
        assertThat(fromBob.recipients()).extracting(Participant::primaryIdentifier)
                .containsExactly("+447700900123", "John Doe \uD83E\uDD13", "\uD83E\uDD13");
        assertThat(items.get(2).recipients()).extracting(Participant::primaryIdentifier)
                .doesNotContain("+447700900123");
    }

    @Test
    void directChatShowingOnlyOneSideGetsTheCounterpartFromTheFileName() throws Exception {
        List<ArchiveItem> items = items(readAll(fixture(dir, "direct-owner-only.txt", "WhatsApp Chat with Jane.txt"),
                new WhatsAppSettings("wa-test", ZONE, "Mark", "GB")));
        assertThat(items).allSatisfy(i -> {
            assertThat(i.conversationType()).isEqualTo(ConversationType.DIRECT);
            assertThat(i.sender().handle()).isEqualTo("Mark");
            assertThat(i.recipients()).containsExactly(Participant.ofHandle("Jane"));
        });
    }

    @Test
    void twoPartyChatIsDirect() throws Exception {
        List<ArchiveItem> items = items(readAll(fixture(dir, "mdy-12h.txt", "WhatsApp Chat with Bob.txt")));
        assertThat(items).allSatisfy(i -> assertThat(i.conversationType()).isEqualTo(ConversationType.DIRECT));
        assertThat(items.get(0).recipients()).containsExactly(Participant.ofHandle("Bob"));
    }

    @Test
    void chatNamesComeFromTheFileName() {
        assertThat(ChatNames.fromFileName("WhatsApp Chat with Alice.txt")).isEqualTo("Alice");
        assertThat(ChatNames.fromFileName("WhatsApp Chat - Family.zip")).isEqualTo("Family");
        assertThat(ChatNames.fromFileName("WhatsApp Chat - Family (1).zip")).isEqualTo("Family");
        assertThat(ChatNames.fromFileName("export.txt")).isEqualTo("export");
        assertThat(SETTINGS.owner()).isNull();
    }
}

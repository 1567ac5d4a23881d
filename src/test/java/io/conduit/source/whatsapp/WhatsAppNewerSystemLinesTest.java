package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WhatsApp's newer English lines: pinned messages, disappearing messages, group settings, invite links (system
 * lines), and the admin-deleted and not-yet-decrypted placeholders that stand in for a person's message. The admin
 * phrasings are WhatsApp Web's own export wording as cited in {@code whatsapp-phrasings.json}.
 */
class WhatsAppNewerSystemLinesTest {

    @TempDir
    Path dir;

    private List<ArchiveItem> read(String... lines) throws Exception {
        Path file = dir.resolve("WhatsApp Chat with Equipo.txt");
        Files.writeString(file, String.join("\n", lines) + "\n");
        List<Object> records = readAll(file);
        assertThat(rejected(records)).isEmpty();
        return items(records);
    }

    private static List<String> names(List<Participant> people) {
        return people.stream().map(p -> p.displayName() != null ? p.displayName() : p.handle()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "You pinned a message",
            "Ana pinned a message",
            "Ana turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent.",
            "You turned off disappearing messages.",
            "You changed this group's settings to allow only admins to edit this group's info",
            "Ana changed this group's settings to allow all members to send messages to this group"})
    void android_system_lines_are_system_events_between_messages(String line) throws Exception {
        List<ArchiveItem> items = read(
                "05/06/2026, 08:01 - Ana: Bom dia",
                "05/06/2026, 08:02 - Bruno: Hola",
                "05/06/2026, 08:03 - " + line,
                "05/06/2026, 08:04 - Bruno: ok");
        assertThat(items).extracting(ArchiveItem::event)
                .containsExactly("Message", "Message", "SystemEvent", "Message");
        assertThat(items.get(2).body()).isEqualTo(line);
        assertThat(names(items.get(3).recipients())).contains("Ana");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "You pinned a message",
            "Ana pinned a message",
            "Ana turned off disappearing messages.",
            "You changed this group's settings to allow only admins to edit this group's info",
            "Dario joined using this group's invite link"})
    void ios_system_lines_written_by_the_group_are_system_events(String line) throws Exception {
        List<ArchiveItem> items = read(
                "[05/06/2026, 08:01:10] Equipo: \u200eMessages and calls are end-to-end encrypted. No one outside of"
                        + " this chat, not even WhatsApp, can read or listen to them.",
                "[05/06/2026, 08:01:20] Ana: Bom dia",
                "[05/06/2026, 08:02:30] Bruno: Hola",
                "[05/06/2026, 08:03:40] Equipo: \u200e" + line,
                "[05/06/2026, 08:04:50] Bruno: ok");
        assertThat(items).extracting(ArchiveItem::event).endsWith("Message", "Message", "SystemEvent", "Message");
        assertThat(items).allSatisfy(i -> assertThat(names(List.of(i.sender()))).doesNotContain("Equipo")
                .as("a group is never a person"));
    }

    @Test
    void joined_by_invite_link_adds_the_person() throws Exception {
        List<ArchiveItem> items = read(
                "05/06/2026, 08:01 - Ana: Bom dia",
                "05/06/2026, 08:02 - Bruno: Hola",
                "05/06/2026, 08:03 - Dario joined using this group's invite link",
                "05/06/2026, 08:04 - Bruno: ok");
        assertThat(names(items.get(3).recipients())).contains("Dario");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "This message was deleted by admin ~Bolanle.",
            "This message was deleted by admin Ana",
            "This message was deleted by an admin",
            "You deleted this message as admin"})
    void admin_deleted_placeholder_is_the_persons_deleted_message(String text) throws Exception {
        List<ArchiveItem> items = read(
                "05/06/2026, 08:01 - Ana: Bom dia",
                "05/06/2026, 08:02 - Bruno: " + text,
                "05/06/2026, 08:03 - Ana: ok");
        ArchiveItem bruno = items.get(1);
        assertThat(bruno.event()).isEqualTo("Message");
        assertThat(names(List.of(bruno.sender()))).containsExactly("Bruno");
        assertThat(bruno.events()).containsExactly(ItemEvent.DELETED);
    }

    @Test
    void admin_deleted_words_inside_a_sentence_are_a_persons_text() throws Exception {
        List<ArchiveItem> items = read(
                "05/06/2026, 08:02 - Bruno: I read \"This message was deleted by admin Ana\" under my photo");
        assertThat(items).singleElement().satisfies(i -> assertThat(i.events()).doesNotContain(ItemEvent.DELETED));
    }

    @Test
    void waiting_for_this_message_stays_the_persons_message() throws Exception {
        List<ArchiveItem> items = read(
                "05/06/2026, 08:01 - Ana: Bom dia",
                "05/06/2026, 08:02 - Bruno: Waiting for this message. This may take a while.",
                "05/06/2026, 08:03 - Ana: ok");
        ArchiveItem bruno = items.get(1);
        assertThat(bruno.event()).isEqualTo("Message");
        assertThat(names(List.of(bruno.sender()))).containsExactly("Bruno");
        assertThat(bruno.body()).isEqualTo("Waiting for this message. This may take a while.");
    }
}

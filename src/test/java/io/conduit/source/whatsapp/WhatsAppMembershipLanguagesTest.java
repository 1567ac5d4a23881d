package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.fixture;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group membership lines in eight more languages, Android ({@code date - text}) and iOS ({@code [date] Group: U+200E
 * text}) line formats. The system lines use WhatsApp for Android's own translations as cited in
 * {@code whatsapp-phrasings.json} (HassanSardar/GBWhatsApp_Raw, res/values-LANG/strings.xml); the iOS files use the same
 * wording with the chat as author and U+200E before the text, as iOS exports write system lines.
 *
 * <p>Every fixture tells the same story: Ana writes (Bruno and Dario present), Ana adds Carla, Carla writes, Bruno
 * writes a message whose text is exactly "Dario left" in that language (a person's words, not a system line), Bruno
 * leaves, Ana writes, Ana removes Dario, Carla writes, Dario joins by the invite link, Ana writes a text that reads
 * like an "added" line.
 */
class WhatsAppMembershipLanguagesTest {

    @TempDir
    Path dir;

    static List<String> fixtures() {
        List<String> out = new ArrayList<>();
        for (String lang : List.of("es", "pt-BR", "fr", "it", "nl", "ru", "tr", "ja")) {
            out.add(lang + "-android");
            out.add(lang + "-ios");
        }
        return out;
    }

    private static List<String> names(List<Participant> people) {
        return people.stream().map(p -> p.displayName() != null ? p.displayName() : p.handle()).toList();
    }

    private List<ArchiveItem> read(String name) throws Exception {
        Path file = fixture(dir, "membership/" + name + ".txt", "WhatsApp Chat - Equipo.txt");
        List<Object> records = readAll(file);
        assertThat(rejected(records)).isEmpty();
        return items(records);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void added_left_removed_and_joined_change_who_receives(String name) throws Exception {
        List<ArchiveItem> items = read(name);
        assertThat(items).hasSize(10);
        assertThat(items).extracting(ArchiveItem::event).containsExactly("Message", "SystemEvent", "Message",
                "Message", "SystemEvent", "Message", "SystemEvent", "Message", "SystemEvent", "Message");
        assertThat(items).allSatisfy(i -> {
            assertThat(i.conversationType()).isEqualTo(ConversationType.GROUP);
            assertThat(names(i.recipients())).doesNotContain("Equipo");
        });
        // before Carla is added
        assertThat(names(items.get(0).recipients())).containsExactlyInAnyOrder("Bruno", "Dario");
        // after "Ana added Carla"
        assertThat(names(items.get(2).recipients())).containsExactlyInAnyOrder("Ana", "Bruno", "Dario");
        // after "Bruno left"
        assertThat(names(items.get(5).recipients())).containsExactlyInAnyOrder("Carla", "Dario");
        // after "Ana removed Dario"
        assertThat(names(items.get(7).recipients())).containsExactly("Ana");
        // after "Dario joined using this group's invite link"
        assertThat(names(items.get(9).recipients())).containsExactlyInAnyOrder("Carla", "Dario");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void a_persons_message_that_reads_like_a_system_line_stays_their_message(String name) throws Exception {
        List<ArchiveItem> items = read(name);
        ArchiveItem bruno = items.get(3);
        assertThat(bruno.event()).isEqualTo("Message");
        assertThat(names(List.of(bruno.sender()))).containsExactly("Bruno");
        assertThat(bruno.body()).startsWith("Dario");
        // "Dario left" written by Bruno did not make Dario leave
        assertThat(names(bruno.recipients())).containsExactlyInAnyOrder("Ana", "Carla", "Dario");
        assertThat(names(items.get(5).recipients())).contains("Dario");
        ArchiveItem ana = items.get(9);
        assertThat(ana.event()).isEqualTo("Message");
        assertThat(names(List.of(ana.sender()))).containsExactly("Ana");
    }

    @Test
    void spanish_edited_marker_marks_the_item_edited_and_leaves_the_text() throws Exception {
        for (String name : List.of("es-android", "es-ios")) {
            ArchiveItem carla = read(name).get(7);
            assertThat(carla.events()).as(name).contains(ItemEvent.EDITED);
            assertThat(carla.body()).as(name).isEqualTo("Vale");
        }
    }

    @Test
    void the_you_forms_are_system_lines_and_numbered_placeholders_in_another_order_name_the_right_person() {
        WhatsAppPhrasings ph = WhatsAppPhrasings.INSTANCE;
        // Persian writes "%2$s by %1$s was added": the people are the second argument, written first
        assertThat(ph.membership("Carla توسط Ana اضافه شد").names()).containsExactly("Carla");
        assertThat(ph.membership("Ana te añadió").names()).isEmpty();
        assertThat(ph.membership("Ana te añadió").change()).isEqualTo(WhatsAppPhrasings.Change.JOINED);
        assertThat(ph.membership("Você foi removido").change()).isEqualTo(WhatsAppPhrasings.Change.LEFT);
        assertThat(ph.membership("Ana hat dich entfernt").names()).isEmpty();
        assertThat(ph.membership("Du hast Bernd entfernt").names()).containsExactly("Bernd");
        assertThat(ph.membership("Ana a ajouté Bob et Carla").names()).containsExactly("Bob", "Carla");
        assertThat(ph.isSystem("Ana cambió el icono de este grupo")).isTrue();
        assertThat(ph.isSystem("Ana a changé la description du groupe")).isTrue();
        assertThat(ph.membership("Ana cambió el icono de este grupo")).isNull();
        assertThat(ph.membership("Dario salió temprano")).isNull();
        // a real Russian Android line (starkdmi/whats_json@760b3a0, test/data/chats_unique/
        // "WhatsApp Chat - Group_NoMedia 2019 RU.txt", GPL-3.0): the word "контакт" before the number is not a name
        assertThat(ph.membership("Ольга Р Х (МСК) добавил(-а) контакт +7 909 555-55-55").names())
                .containsExactly("+7 909 555-55-55");
        assertThat(ph.membership("Ana añadió a Bruno Díaz").names()).containsExactly("Bruno Díaz");
    }
}

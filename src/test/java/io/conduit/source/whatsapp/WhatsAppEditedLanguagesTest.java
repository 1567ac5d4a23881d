package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ItemEvent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edited marker WhatsApp appends to an edited message, in every language {@code whatsapp-phrasings.json} cites
 * (kind "edited"), written as the cited exports write it: {@code <phrase>}, some with a full stop inside, some after a
 * direction mark. An Android and an iOS line each end with the marker; the message is marked edited and the marker
 * leaves the body. The same words inside a sentence are a person's text.
 */
class WhatsAppEditedLanguagesTest {

    private static final String LANGUAGES = """
            en    | <This message was edited>
            de    | <Diese Nachricht wurde bearbeitet.>
            es    | \u200e<Se editó este mensaje.>
            fr    | <Ce message a été modifié>
            it    | <Questo messaggio è stato modificato>
            nl    | <Dit bericht is bewerkt>
            pt-BR | \u200e<Mensagem editada>
            pt    | <Esta mensagem foi editada>
            ru    | <Сообщение изменено>
            tr    | <Bu mesaj düzenlendi>
            he    | <ההודעה נערכה>
            ar    | \u200f<تم تعديل هذه الرسالة>
            id    | <Pesan ini diedit>
            id-2  | <Pesan ini telah diedit>
            pl    | <Ta wiadomość była edytowana>
            ro    | <Acest mesaj a fost editat>
            ca    | <Aquest missatge s'ha editat>
            fi    | <Tätä viestiä on muokattu>
            """;

    @TempDir
    Path dir;

    private List<ArchiveItem> read(String... lines) throws Exception {
        Path file = dir.resolve("WhatsApp Chat with Bruno.txt");
        Files.writeString(file, String.join("\n", lines) + "\n");
        List<Object> records = readAll(file);
        assertThat(rejected(records)).isEmpty();
        return items(records);
    }

    @ParameterizedTest(name = "{0} android")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = LANGUAGES)
    void android_line_ending_with_the_marker_is_an_edited_message(String lang, String marker) throws Exception {
        List<ArchiveItem> items = read(
                "05/06/2026, 08:01 - Ana: Bom dia",
                "05/06/2026, 08:05 - Bruno: Jam 8, ok 👍 " + marker,
                "05/06/2026, 08:06 - Ana: 👍");
        assertThat(items).hasSize(3);
        ArchiveItem edited = items.get(1);
        assertThat(edited.event()).as(lang).isEqualTo("Message");
        assertThat(edited.events()).as(lang).containsExactly(ItemEvent.EDITED);
        assertThat(edited.body()).as(lang).isEqualTo("Jam 8, ok 👍");
        assertThat(items.get(0).events()).as(lang).isEmpty();
        assertThat(items.get(2).events()).as(lang).isEmpty();
    }

    @ParameterizedTest(name = "{0} ios")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = LANGUAGES)
    void ios_multiline_message_ending_with_the_marker_is_edited(String lang, String marker) throws Exception {
        List<ArchiveItem> items = read(
                "[05/06/2026, 08:01:10] Ana: Bom dia",
                "[05/06/2026, 08:05:42] Bruno: first line",
                "second line " + marker,
                "[05/06/2026, 08:06:00] Ana: 👍");
        assertThat(items).hasSize(3);
        ArchiveItem edited = items.get(1);
        assertThat(edited.events()).as(lang).containsExactly(ItemEvent.EDITED);
        assertThat(edited.body()).as(lang).isEqualTo("first line\nsecond line");
    }

    @ParameterizedTest(name = "{0} in a sentence")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = LANGUAGES)
    void the_marker_inside_a_sentence_is_a_persons_text(String lang, String marker) throws Exception {
        String text = "WhatsApp writes " + marker.strip() + " after an edit, see?";
        List<ArchiveItem> items = read("05/06/2026, 08:05 - Bruno: " + text);
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.events()).as(lang).doesNotContain(ItemEvent.EDITED);
            assertThat(i.body()).as(lang).contains("after an edit, see?");
        });
    }

    @ParameterizedTest(name = "{0} cited")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = LANGUAGES)
    void every_tested_marker_is_a_cited_phrase(String lang, String marker) {
        String phrase = MarkedText.strip(marker).strip().replaceAll("^<|\\.?>$", "");
        assertThat(WhatsAppPhrasings.INSTANCE.phrases("edited")).as(lang).contains(phrase);
    }
}

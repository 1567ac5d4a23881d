package io.conduit.source.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The localised phrasings table: every entry cited, and real phrasings of the most used languages recognised. */
class WhatsAppPhrasingsTest {

    private static final WhatsAppPhrasings P = WhatsAppPhrasings.INSTANCE;

    @Test
    void every_entry_names_its_source_and_has_phrases() throws Exception {
        try (InputStream in = WhatsAppPhrasings.class.getResourceAsStream("whatsapp-phrasings.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            assertThat(root.path("entries")).isNotEmpty();
            for (JsonNode e : root.path("entries")) {
                assertThat(e.path("source").asText()).as(e.path("kind").asText()).isNotBlank();
                assertThat(e.path("phrases")).as(e.path("kind").asText()).isNotEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "en|This message was deleted",
            "es|Se eliminó este mensaje.",
            "pt-BR|Mensagem apagada",
            "pt-PT|Esta mensagem foi apagada",
            "de|Diese Nachricht wurde gelöscht.",
            "fr|Ce message a été supprimé",
            "it|Questo messaggio è stato eliminato",
            "nl|Dit bericht is verwijderd",
            "ru|Данное сообщение удалено",
            "tr|Bu mesaj silindi",
            "ar|تم حذف هذه الرسالة",
            "hi|यह मैसेज डिलीट कर दिया गया है",
            "id|Pesan ini dihapus",
            "ms|Mesej ini telah dipadam",
            "zh-CN|这条消息已被删除。",
            "zh-TW|此訊息已刪除。",
            "ja|このメッセージは削除されました",
            "ko|이 메시지는 삭제되었습니다",
            "pl|Ta wiadomość została usunięta",
            "uk|Це повідомлення було видалено",
            "sv|Det här meddelandet raderades",
            "fa|این پیام حذف شده است",
            "he|הודעה זו נמחקה",
            "vi|Tin nhắn này đã bị xóa",
            "th|ข้อความนี้ถูกลบแล้ว",
            "en-you|You deleted this message",
            "de-you|Du hast diese Nachricht gelöscht"})
    void deleted_in_the_most_used_languages(String lang, String line) {
        assertThat(P.isDeleted(line)).as(lang).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "en|<attached: 00000012-PHOTO-2020-06-20-10-15-02.jpg>|00000012-PHOTO-2020-06-20-10-15-02.jpg",
            "de|<Anhang: 00000012-PHOTO-2020-06-20-10-15-02.jpg>|00000012-PHOTO-2020-06-20-10-15-02.jpg",
            "fr|<pièce jointe : a.jpg>|a.jpg",
            "es|<adjunto: 00000003-AUDIO.opus>|00000003-AUDIO.opus",
            "it|<allegato: 00000004-VIDEO.mp4>|00000004-VIDEO.mp4",
            "ru|<прикреплено: 00000005-PHOTO.jpg>|00000005-PHOTO.jpg",
            "en-android|IMG-20200620-WA0001.jpg (file attached)|IMG-20200620-WA0001.jpg",
            "de-android|IMG-20250330-WA0001.jpg (Datei angehängt)|IMG-20250330-WA0001.jpg",
            "es-android|PTT-20200922-WA0082.opus (archivo adjunto)|PTT-20200922-WA0082.opus",
            "pt-android|IMG-1.jpg (arquivo anexado)|IMG-1.jpg",
            "fr-android|IMG-1.jpg (fichier joint)|IMG-1.jpg",
            "tr-android|IMG-1.jpg (dosya ekli)|IMG-1.jpg"})
    void attachment_markers(String lang, String line, String file) {
        assertThat(P.attachedFile(line)).as(lang).isEqualTo(file);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "en|<Media omitted>", "de|<Medien ausgeschlossen>", "es|<Multimedia omitido>", "pt-BR|<Mídia omitida>",
            "en-ios|image omitted", "de-ios|Bild weggelassen", "es-ios|imagen omitida", "fr-ios|image absente",
            "en-doc|Report.pdf • 2 pages document omitted"})
    void media_omitted(String lang, String line) {
        assertThat(P.isMediaOmitted(line)).as(lang).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "en|Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
            "de|Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen oder anhören, nicht einmal WhatsApp.",
            "es|Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.",
            "fr|Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.",
            "en-code|Your security code with Bob changed. Tap to learn more.",
            "en-added|Alice added Bob",
            "de-added|Anna Schmidt hat Carla hinzugefügt.",
            "de-left|Bernd hat die Gruppe verlassen."})
    void system_lines(String lang, String line) {
        assertThat(P.isSystem(line)).as(lang).isTrue();
    }

    @Test
    void edited_marker_and_plain_text_are_told_apart() {
        assertThat(P.edited("Morgen um acht <Diese Nachricht wurde bearbeitet>").find()).isTrue();
        assertThat(P.edited("See you <This message was edited>").find()).isTrue();
        assertThat(P.isSystem("I left the keys on the table, Bob")).isFalse();
        assertThat(P.isDeleted("This message was deleted by mistake?")).isFalse();
    }

    @Test
    void membership_names_the_people_it_is_about() {
        assertThat(P.membership("Alice added Bob and Carol").names()).containsExactly("Bob", "Carol");
        assertThat(P.membership("Alice added Bob and Carol").change()).isEqualTo(WhatsAppPhrasings.Change.JOINED);
        assertThat(P.membership("Carol left").change()).isEqualTo(WhatsAppPhrasings.Change.LEFT);
        assertThat(P.membership("Alice removed you").names()).isEmpty();
    }

    private static JsonNode table() throws Exception {
        try (InputStream in = WhatsAppPhrasings.class.getResourceAsStream("whatsapp-phrasings.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /**
     * Every cited membership phrase of every language, filled in with names as WhatsApp fills its placeholders, is
     * recognised as the right change about the right people ("you" forms about nobody else).
     */
    @Test
    void every_membership_phrase_of_every_language_names_the_right_people() throws Exception {
        int checked = 0;
        for (JsonNode e : table().path("entries")) {
            String kind = e.path("kind").asText();
            if (!e.has("key") || !java.util.Set.of("joined", "added", "left", "removed").contains(kind)) {
                continue;
            }
            int namesArg = e.path("names").asInt();
            var fields = e.path("phrases").fields();
            while (fields.hasNext()) {
                var f = fields.next();
                String phrase = f.getValue().asText();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("%(?:(\\d)\\$)?s").matcher(phrase);
                StringBuilder line = new StringBuilder();
                int next = 1;
                while (m.find()) {
                    int arg = m.group(1) == null ? next++ : Integer.parseInt(m.group(1));
                    m.appendReplacement(line, arg == namesArg ? "Zed" : "Yan");
                }
                m.appendTail(line);
                String what = f.getKey() + " " + e.path("key").asText() + ": " + line;
                WhatsAppPhrasings.Membership got = P.membership(line.toString());
                assertThat(got).as(what).isNotNull();
                assertThat(got.change()).as(what).isEqualTo(kind.equals("joined") || kind.equals("added")
                        ? WhatsAppPhrasings.Change.JOINED : WhatsAppPhrasings.Change.LEFT);
                if (namesArg == 0) {
                    assertThat(got.names()).as(what).isEmpty();
                } else {
                    assertThat(got.names()).as(what).containsExactly("Zed");
                }
                assertThat(P.isSystem(line.toString())).as(what).isTrue();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    /** A person's deleted or media marker is never read as a group line, whatever a generic group phrase says. */
    @Test
    void no_deleted_or_media_marker_reads_as_a_group_line() throws Exception {
        int checked = 0;
        for (JsonNode e : table().path("entries")) {
            if (!java.util.Set.of("deleted", "youDeleted", "mediaOmitted", "missedCall").contains(e.path("kind").asText())) {
                continue;
            }
            for (JsonNode p : e.path("phrases")) {
                String text = MarkedText.strip(p.asText()).strip();
                String line = e.path("kind").asText().equals("mediaOmitted") ? "<" + text + ">" : text;
                assertThat(P.membership(line)).as(line).isNull();
                assertThat(P.isGroupChange(line)).as(line).isFalse();
                checked++;
            }
        }
        assertThat(P.membership("このメッセージを削除しました")).isNull();
        assertThat(checked).isGreaterThan(50);
    }
}

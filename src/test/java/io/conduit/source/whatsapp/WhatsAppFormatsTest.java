package io.conduit.source.whatsapp;

import io.conduit.model.ArchiveItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import static io.conduit.source.whatsapp.WhatsAppTestSupport.fixture;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.items;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.local;
import static io.conduit.source.whatsapp.WhatsAppTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** Every timestamp shape the reader recognises, one fixture each. */
class WhatsAppFormatsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "android-dmy-24h.txt | 2024-03-15T09:00    | 2024-03-15T09:13",
            "ios-seconds.txt     | 2020-06-20T00:08:12 | 2020-06-20T00:13",
            "mdy-12h.txt         | 2024-03-15T20:05    | 2024-03-16T12:05",
            "nnbsp-pm.txt        | 2024-03-15T20:05    | 2024-03-16T07:00",
            "spanish-pm.txt      | 2024-03-15T20:05    | 2024-03-16T09:30",
            "mdy-4year.txt       | 2024-03-01T14:05    | 2024-12-31T23:59",
            "iso-ymd.txt         | 2024-03-15T20:05    | 2024-03-16T07:30",
            "dots-dmy.txt        | 2024-03-15T20:05:01 | 2024-03-16T07:30",
    })
    void readsFirstAndLastTimestamp(String fixtureName, LocalDateTime first, LocalDateTime last) throws Exception {
        List<Object> records = readAll(fixture(dir, fixtureName, fixtureName));
        List<ArchiveItem> items = items(records);
        assertThat(items).hasSameSizeAs(records);
        assertThat(local(items.get(0))).isEqualTo(first);
        assertThat(local(items.get(items.size() - 1))).isEqualTo(last);
        assertThat(items).extracting(ArchiveItem::timestamp).isSorted();
    }

    @Test
    void twelveHourClockHandlesMidnightAndNoon() throws Exception {
        List<ArchiveItem> items = items(readAll(fixture(dir, "mdy-12h.txt", "WhatsApp Chat with Bob.txt")));
        assertThat(items).extracting(WhatsAppTestSupport::local).containsExactly(
                LocalDateTime.of(2024, 3, 15, 20, 5), LocalDateTime.of(2024, 3, 15, 23, 59),
                LocalDateTime.of(2024, 3, 16, 0, 30), LocalDateTime.of(2024, 3, 16, 12, 5));
        assertThat(items.get(3).body()).isEqualTo("Noon: lunch?");
        assertThat(items.get(3).sender().handle()).isEqualTo("Bob");
    }

    @Test
    void spanishAmPmWithSpacesAndDots() throws Exception {
        List<ArchiveItem> items = items(readAll(fixture(dir, "spanish-pm.txt", "WhatsApp Chat with Luis.txt")));
        assertThat(items).extracting(ArchiveItem::body)
                .containsExactly("Hola", "\u00bfQu\u00e9 tal?", "Buenos d\u00edas", "Vale");
        assertThat(local(items.get(1))).isEqualTo(LocalDateTime.of(2024, 3, 15, 23, 15));
    }

    @Test
    void localTimeIsConvertedWithTheConfiguredZone() throws Exception {
        // 15 March is GMT, 20 June is BST (UTC+1) in Europe/London
        List<ArchiveItem> items = items(readAll(fixture(dir, "ios-seconds.txt", "chat.txt")));
        assertThat(items.get(0).timestamp()).hasToString("2020-06-19T23:08:12Z");
    }

    @Test
    void iosUsFormatWithSecondsAndNarrowSpaceBeforePm(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("chat.txt");
        java.nio.file.Files.writeString(file, String.join("\n",
                "\u200e[1/20/19, 8:05:12\u202fPM] Alice: hi",
                "[1/21/19, 9:15:00\u202fAM] Bob: morning"));
        assertThat(items(readAll(file))).extracting(WhatsAppTestSupport::local).containsExactly(
                LocalDateTime.of(2019, 1, 20, 20, 5, 12), LocalDateTime.of(2019, 1, 21, 9, 15));
    }

    @Test
    void dayMonthOrderIsInferredFromTheWholeFileNotTheFirstLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("chat.txt");
        java.nio.file.Files.writeString(file, String.join("\n",
                "01/02/21, 10:00 - Alice: ambiguous",
                "05/02/21, 10:00 - Bob: still ambiguous",
                "25/02/21, 10:00 - Alice: proves day first"));
        List<ArchiveItem> items = items(readAll(file));
        assertThat(local(items.get(0))).isEqualTo(LocalDateTime.of(2021, 2, 1, 10, 0));
    }

    @Test
    void ambiguousDatesPreferTheOrderThatKeepsTimeMovingForward(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("chat.txt");
        // as m/d: Jan 5, Feb 3, Mar 1 (forward); as d/m: 1 May, 2 Mar, 3 Jan (backward)
        java.nio.file.Files.writeString(file, String.join("\n",
                "01/05/21, 10:00 - Alice: one",
                "02/03/21, 10:00 - Bob: two",
                "03/01/21, 10:00 - Alice: three"));
        assertThat(items(readAll(file))).extracting(WhatsAppTestSupport::local).containsExactly(
                LocalDateTime.of(2021, 1, 5, 10, 0), LocalDateTime.of(2021, 2, 3, 10, 0),
                LocalDateTime.of(2021, 3, 1, 10, 0));
    }
}

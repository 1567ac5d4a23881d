package io.conduit.source.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads delimited text files of the documented column set in each dialect, and quarantines bad rows by line. */
class DelimitedTextReaderTest {

    static final Path FIXTURES = Path.of("src/test/resources/io/conduit/source/csv");
    static final SourceSettings LONDON = settings(ZoneId.of("Europe/London"), Map.of());

    @TempDir
    Path tmp;

    static SourceSettings settings(ZoneId zone, Map<String, String> options) {
        return new SourceSettings("csv-test", zone, null, "GB", options);
    }

    static List<Object> readAll(Path file, SourceSettings settings) throws Exception {
        List<Object> all = new ArrayList<>();
        try (DelimitedTextRecords records = DelimitedTextReader.open(file, settings)) {
            records.forEachRemaining(all::add);
        }
        return all;
    }

    private static Map<String, ArchiveItem> byId(List<Object> records) {
        Map<String, ArchiveItem> items = new HashMap<>();
        records.stream().filter(ArchiveItem.class::isInstance).map(ArchiveItem.class::cast)
                .forEach(i -> items.put(i.itemId(), i));
        return items;
    }

    @Test
    void every_documented_column_maps_to_the_item_whatever_the_column_order() throws Exception {
        List<Object> records = readAll(FIXTURES.resolve("messages.csv"), LONDON);

        assertThat(records).hasSize(5).allMatch(ArchiveItem.class::isInstance);
        Map<String, ArchiveItem> items = byId(records);
        ArchiveItem sms = items.get("sms-0001");
        assertThat(sms.messageClass()).isEqualTo("IPM.NOTE.SMS.Message");
        assertThat(sms.conversationId()).isEqualTo("+447700900001/+447700900123");
        assertThat(sms.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(sms.sender().phone()).isEqualTo("+447700900001");
        assertThat(sms.recipients()).extracting(Participant::phone).containsExactly("+447700900123");
        assertThat(sms.timestamp()).isEqualTo(Instant.parse("2024-03-01T09:15:00Z"));
        assertThat(sms.subject()).isNull();
        assertThat(sms.body()).isEqualTo("Can you confirm the trade?");
        assertThat(sms.sourceRef()).isEqualTo("messages.csv:2");
        assertThat(sms.sourceSha256()).hasSize(64);
        assertThat(sms.attachments()).isEmpty();

        ArchiveItem reply = items.get("sms-0002");
        assertThat(reply.timestamp()).isEqualTo(Instant.parse("2024-03-01T08:16:30Z"));
        assertThat(reply.body()).isEqualTo("Confirmed.\r\nSettlement T+2, see attached.");
        assertThat(reply.sourceRef()).isEqualTo("messages.csv:3");
        assertThat(reply.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("confirmation.pdf");
            assertThat(a.mediaType()).isEqualTo("application/pdf");
            try (InputStream in = a.content().open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
            }
        });

        ArchiveItem teams = items.get("teams-77");
        assertThat(teams.messageClass()).isEqualTo("IPM.NOTE.MicrosoftTeams.ChatMessage");
        assertThat(teams.source()).isEqualTo("MicrosoftTeams");
        assertThat(teams.conversationType()).isEqualTo(ConversationType.GROUP);
        assertThat(teams.sender().email()).isEqualTo("daniel.reed@example.com");
        assertThat(teams.recipients()).extracting(Participant::email)
                .containsExactly("sofia.marin@example.com", "tom.okafor@example.com");
        assertThat(teams.timestamp()).as("a local time in the connector's zone (GMT on 1 March)")
                .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(teams.subject()).isEqualTo("Deal room");
        assertThat(teams.body()).isEqualTo("Morning all, \"Project Blue\" call at 11.");
        assertThat(teams.sourceRef()).isEqualTo("messages.csv:5");

        ArchiveItem channel = items.get("bb-9");
        assertThat(channel.conversationType()).isEqualTo(ConversationType.CHANNEL);
        assertThat(channel.sender().handle()).isEqualTo("trader_jane");
        assertThat(channel.recipients()).extracting(Participant::handle).containsExactly("desk-all");

        ArchiveItem call = items.get("wc-1");
        assertThat(call.messageClass()).isEqualTo("IPM.NOTE.WeChat.VoiceCall");
        assertThat(call.conversationType()).as("blank conversation_type with one recipient").isEqualTo(ConversationType.DIRECT);
        assertThat(call.sourceRef()).as("the blank line 7 is skipped, the line count goes on").isEqualTo("messages.csv:8");
    }

    @Test
    void bad_rows_are_rejected_with_their_line_and_reason_and_the_rest_of_the_file_goes_on() throws Exception {
        Files.createDirectories(tmp.resolve("media"));
        Path file = Files.copy(FIXTURES.resolve("bad-rows.csv"), tmp.resolve("bad-rows.csv"));
        Files.writeString(tmp.resolve("secret.txt"), "outside the folder? no: the folder is tmp, the path has ..");

        List<Object> records = readAll(file, LONDON);

        assertThat(byId(records)).containsOnlyKeys("g1", "g2", "g3");
        assertThat(byId(records).get("g2").body()).isEqualTo("second good row\nspans two lines");
        assertThat(byId(records).get("g2").sourceRef()).isEqualTo("bad-rows.csv:12");
        assertThat(byId(records).get("g3").sourceRef()).isEqualTo("bad-rows.csv:15");
        List<String> reasons = records.stream().filter(RejectedRecord.class::isInstance)
                .map(r -> ((RejectedRecord) r).reason()).toList();
        assertThat(reasons).hasSize(11);
        assertThat(reasons.get(8)).startsWith("bad-rows.csv:11: malformed delimited text (Invalid character between "
                + "encapsulated token and delimiter at line: 11");
        assertThat(reasons.get(10)).as("the quote that never closes swallows line 17 into the row of line 16")
                .startsWith("bad-rows.csv:16: malformed delimited text ((startline 16) EOF reached before encapsulated token");
        assertThat(reasons.subList(0, 8)).containsExactly(
                "bad-rows.csv:3: platform is blank",
                "bad-rows.csv:4: conversation_type 'dm' is not direct, group or channel",
                "bad-rows.csv:5: timestamp 'yesterday' does not match the timestamp pattern (Text 'yesterday' could not be parsed at index 0)",
                "bad-rows.csv:6: the row has 8 fields, the header row 11 (a delimiter or quote out of place?)",
                "bad-rows.csv:7: attachment_path '../secret.txt' escapes the file's folder (path traversal)",
                "bad-rows.csv:8: attachment_path 'media/absent.jpg' is missing (no regular file at that path beside the file)",
                "bad-rows.csv:9: message_id is blank",
                "bad-rows.csv:10: recipients names no one besides the sender");
        assertThat(reasons.get(9)).isEqualTo("bad-rows.csv:14: platform '!!!' has no ASCII letter or digit for the message class");
        assertThat(records.stream().filter(RejectedRecord.class::isInstance).map(RejectedRecord.class::cast))
                .allMatch(r -> r.source().equals(DelimitedTextRecords.SOURCE) && r.connectorId().equals("csv-test"))
                .filteredOn(r -> r.sourceRef().equals("bad-rows.csv:3")).singleElement()
                .satisfies(r -> assertThat(r.raw()).contains("platform is blank"));
        assertThat(records).filteredOn(r -> r instanceof RejectedRecord j && j.sourceRef().equals("bad-rows.csv:11"))
                .singleElement().satisfies(r -> assertThat(((RejectedRecord) r).raw())
                        .isEqualTo("(the rest of the row after the malformed field:) hen text,"));
    }

    @Test
    void a_header_without_a_required_column_refuses_the_file_naming_the_column() throws Exception {
        Path file = Files.writeString(tmp.resolve("no-sender.csv"),
                "conversation_id,platform,message_type,message_id,recipients,timestamp,body\nc,SMS,Message,1,+447700900123,2024-03-01T09:00:00Z,hi\n");

        assertThatThrownBy(() -> DelimitedTextReader.open(file, LONDON)).isInstanceOf(MalformedExportException.class)
                .hasMessage("no-sender.csv: the header row lacks the required column sender (a header row naming the "
                        + "documented columns is required)");
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        assertThatThrownBy(() -> DelimitedTextReader.open(empty, LONDON)).isInstanceOf(MalformedExportException.class)
                .hasMessageStartingWith("empty.csv: empty, or no header row");
    }

    @Test
    void semicolons_windows_1252_and_a_day_first_pattern_in_the_connectors_zone() throws Exception {
        SourceSettings paris = settings(ZoneId.of("Europe/Paris"), Map.of(DelimitedTextOptions.DELIMITER, ";",
                DelimitedTextOptions.ENCODING, "windows-1252", DelimitedTextOptions.TIMESTAMP_PATTERN, "dd/MM/uuuu HH:mm"));

        List<Object> records = readAll(FIXTURES.resolve("semicolon-windows-1252.csv"), paris);

        assertThat(records).singleElement().isInstanceOfSatisfying(ArchiveItem.class, item -> {
            assertThat(item.messageClass()).isEqualTo("IPM.NOTE.Symphony.Chat");
            assertThat(item.sender().handle()).isEqualTo("Ren\u00e9e Dupont");
            assertThat(item.recipients()).extracting(Participant::handle).containsExactly("Andr\u00e9 Martin");
            assertThat(item.timestamp()).isEqualTo(Instant.parse("2024-03-01T09:15:00Z"));
            assertThat(item.body()).isEqualTo("\u00ab Bonjour \u00bb, caf\u00e9 \u00e0 10 h  5 \u20ac");
        });
    }

    @Test
    void tabs_without_quoting_and_epoch_milliseconds() throws Exception {
        SourceSettings tsv = settings(ZoneId.of("UTC"), Map.of(DelimitedTextOptions.DELIMITER, "tab",
                DelimitedTextOptions.QUOTE, "none", DelimitedTextOptions.TIMESTAMP_PATTERN, "epoch-millis"));

        List<Object> records = readAll(FIXTURES.resolve("tabs.tsv"), tsv);

        assertThat(records).singleElement().isInstanceOfSatisfying(ArchiveItem.class, item -> {
            assertThat(item.body()).isEqualTo("says \"hi\" without quoting");
            assertThat(item.timestamp()).isEqualTo(Instant.ofEpochMilli(1709284500000L));
            assertThat(item.conversationType()).isEqualTo(ConversationType.GROUP);
            assertThat(item.recipients()).extracting(Participant::handle).containsExactly("U0G9QF9C6", "U0G9QF9C7");
        });
    }

    @Test
    void invalid_options_are_refused_naming_the_option() {
        assertThatThrownBy(() -> DelimitedTextOptions.of(settings(ZoneId.of("UTC"), Map.of("delimiter", ";;"))))
                .hasMessage("csv delimiter ';;' is not one character (example: ; or tab)");
        assertThatThrownBy(() -> DelimitedTextOptions.of(settings(ZoneId.of("UTC"), Map.of("encoding", "UTF-9"))))
                .hasMessageStartingWith("csv encoding 'UTF-9' is not a character set");
        assertThatThrownBy(() -> DelimitedTextOptions.of(settings(ZoneId.of("UTC"), Map.of("timestamp-pattern", "dd/MM/yyyy {"))))
                .hasMessageStartingWith("csv timestamp-pattern 'dd/MM/yyyy {' is not a date-time pattern");
    }

    @Test
    void an_attachment_reached_through_a_symbolic_link_is_refused() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not for the archive");
        Path drop = Files.createDirectories(tmp.resolve("drop"));
        Files.createSymbolicLink(drop.resolve("linked-dir"), outside);
        Files.createSymbolicLink(drop.resolve("link.txt"), outside.resolve("secret.txt"));
        Path file = Files.writeString(drop.resolve("links.csv"), """
                conversation_id,platform,message_type,message_id,sender,recipients,timestamp,body,attachment_path
                c,SMS,Message,1,+447700900001,+447700900123,2024-03-01T09:00:00Z,a,linked-dir/secret.txt
                c,SMS,Message,2,+447700900001,+447700900123,2024-03-01T09:00:00Z,b,link.txt
                """);

        List<Object> records = readAll(file, LONDON);

        assertThat(records).extracting(r -> ((RejectedRecord) r).reason()).containsExactly(
                "links.csv:2: attachment_path 'linked-dir/secret.txt' leads out of the file's folder through a symbolic link (refused)",
                "links.csv:3: attachment_path 'link.txt' is a symbolic link (refused)");
    }

    @Test
    void item_ids_are_the_message_ids_and_identical_on_a_re_read() throws Exception {
        List<Object> first = readAll(FIXTURES.resolve("messages.csv"), LONDON);
        List<Object> again = readAll(FIXTURES.resolve("messages.csv"), LONDON);

        assertThat(first).extracting(r -> ((ArchiveItem) r).idempotencyKey())
                .containsExactly("csv-test|+447700900001/+447700900123|sms-0001|1",
                        "csv-test|+447700900001/+447700900123|sms-0002|1", "csv-test|19:deal-room@thread.v2|teams-77|1",
                        "csv-test|IB-CHAN-42|bb-9|1", "csv-test|wx-room-1|wc-1|1")
                .isEqualTo(again.stream().map(r -> ((ArchiveItem) r).idempotencyKey()).toList());
        assertThat(first).extracting(r -> ((ArchiveItem) r).sourceSha256())
                .isEqualTo(again.stream().map(r -> ((ArchiveItem) r).sourceSha256()).toList());
    }

    @Test
    void a_quote_that_never_closes_stops_at_the_record_bound_not_at_the_heap() throws Exception {
        Path file = tmp.resolve("open-quote.csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("conversation_id,platform,message_type,message_id,sender,recipients,timestamp,body\n");
            w.write("c,SMS,Message,1,+447700900001,+447700900123,2024-03-01T09:00:00Z,before\n");
            w.write("c,SMS,Message,2,+447700900001,+447700900123,2024-03-01T09:00:00Z,\"never closed\n");
            String line = "x".repeat(1023) + "\n";
            for (int i = 0; i < DelimitedTextReader.MAX_RECORD_CHARS / 1024 + 64; i++) {
                w.write(line);
            }
        }

        List<Object> records = readAll(file, LONDON);

        int lines = DelimitedTextReader.MAX_RECORD_CHARS / 1024 + 64;
        assertThat(records).hasSize(2 + lines);
        assertThat(records.get(0)).isInstanceOf(ArchiveItem.class);
        assertThat(((RejectedRecord) records.get(1)).reason()).isEqualTo("open-quote.csv:3: a row is longer than "
                + DelimitedTextReader.MAX_RECORD_CHARS + " chars (a quote that never closes?); reading goes on at the "
                + "next line");
        // the lines the open quote swallowed are read again from the next line on: each is a row of its own, kept
        assertThat(records.subList(2, records.size())).allSatisfy(r -> assertThat(((RejectedRecord) r).raw())
                .startsWith("xxx"));
        assertThat(((RejectedRecord) records.get(2)).sourceRef()).isEqualTo("open-quote.csv:4");
    }
}

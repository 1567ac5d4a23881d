package io.conduit.source.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.conduit.model.ArchiveItem;
import io.conduit.model.UnreadRest;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads Telegram Desktop JSON exports written for these tests (src/test/resources/io/conduit/source/telegram/).
 *
 * <p>The fixtures follow the fields Telegram Desktop's {@code Telegram/SourceFiles/export/output/export_output_json.cpp}
 * writes (chat {@code name}/{@code type}/{@code id}/{@code messages}, message {@code id}, {@code type},
 * {@code date}, {@code date_unixtime}, {@code edited(_unixtime)}, {@code from(_id)}, {@code actor(_id)},
 * {@code action}, {@code reply_to_message_id}, {@code photo}, {@code file}, {@code media_type}, {@code text} as a
 * string or an entity array) and the "(File not included. Change data exporting settings to download.)" placeholder;
 * names and ids are made up.
 */
class TelegramExportReaderTest {

    static final Path DIR = Path.of("src/test/resources/io/conduit/source/telegram");
    static final SourceSettings SETTINGS = new SourceSettings("telegram-test", ZoneId.of("Europe/London"),
            "user1000001", "GB");

    @TempDir
    Path tmp;

    @Test
    void a_personal_chat_becomes_direct_messages_between_the_owner_and_the_other_person() throws Exception {
        List<Object> records = readAll(DIR.resolve("single-chat/result.json"), SETTINGS);

        assertThat(records).hasSize(7).allMatch(ArchiveItem.class::isInstance);
        ArchiveItem first = (ArchiveItem) records.get(0);
        assertThat(first.messageClass()).isEqualTo("IPM.NOTE.Telegram.Message");
        assertThat(first.conversationId()).isEqualTo("telegram:4455667788");
        assertThat(first.conversationName()).isEqualTo("Alice Smith");
        assertThat(first.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(first.itemId()).isEqualTo("101");
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.timestamp()).isEqualTo(Instant.ofEpochSecond(1709547072L));
        assertThat(first.sender()).isEqualTo(new Participant("Alice Smith", null, null, "user4455667788"));
        assertThat(first.recipients()).extracting(Participant::handle).containsExactly("user1000001");
        assertThat(first.body()).isEqualTo("Can you confirm the trade?");
        assertThat(first.sourceRef()).isEqualTo("result.json:6");
        assertThat(first.sourceSha256()).matches("[0-9a-f]{64}");

        ArchiveItem reply = (ArchiveItem) records.get(1);
        assertThat(reply.sender().handle()).isEqualTo("user1000001");
        assertThat(reply.recipients()).extracting(Participant::handle).containsExactly("user4455667788");
    }

    @Test
    void an_entity_array_is_joined_into_plain_text_with_link_targets() throws Exception {
        ArchiveItem reply = (ArchiveItem) readAll(DIR.resolve("single-chat/result.json"), SETTINGS).get(1);

        assertThat(reply.body()).startsWith("[in reply to message 101]\n"
                + "Confirmed, see the ticket (https://example.com/t/1) and call me");
    }

    @Test
    void an_edited_message_is_flagged_and_counts_as_a_later_version() throws Exception {
        ArchiveItem edited = (ArchiveItem) readAll(DIR.resolve("single-chat/result.json"), SETTINGS).get(1);

        assertThat(edited.events()).containsExactly(ItemEvent.EDITED);
        assertThat(edited.version()).isEqualTo(1 + 120);
        assertThat(edited.body()).contains("[edited at 2024-03-04T10:14:00Z; the export keeps only the last text]");
    }

    @Test
    void media_not_in_the_export_or_outside_its_folder_is_omitted_and_a_file_beside_it_is_attached() throws Exception {
        List<Object> records = readAll(DIR.resolve("single-chat/result.json"), SETTINGS);
        ArchiveItem photo = (ArchiveItem) records.get(2);
        ArchiveItem file = (ArchiveItem) records.get(3);
        ArchiveItem traversal = (ArchiveItem) records.get(4);

        assertThat(photo.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(photo.body()).isEqualTo("[photo not included in the export: (File not included. Change data"
                + " exporting settings to download.)]");
        assertThat(file.events()).isEmpty();
        assertThat(file.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("terms.txt");
            assertThat(a.mediaType()).isEqualTo("text/plain");
            try (InputStream in = a.content().open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Standard terms.\n");
            }
        });
        assertThat(traversal.attachments()).isEmpty();
        assertThat(traversal.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(traversal.body()).isEqualTo("[voice_message not found inside the export folder: ../outside.txt]");
    }

    @Test
    void media_through_a_symbolic_link_or_an_absolute_path_is_never_read() throws Exception {
        Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
        Path export = Files.createDirectories(tmp.resolve("ChatExport"));
        Files.createDirectories(export.resolve("files"));
        Files.createSymbolicLink(export.resolve("files/link.txt"), outside);
        Files.createSymbolicLink(export.resolve("linked-folder"), tmp);
        String msg = "{\"id\":%d,\"type\":\"message\",\"date_unixtime\":\"1709547072\",\"from_id\":\"user1\","
                + "\"file\":\"%s\",\"text\":\"\"}";
        Path result = Files.writeString(export.resolve("result.json"), "{\"id\":1,\"type\":\"personal_chat\",\"messages\":["
                + String.format(msg, 1, "files/link.txt") + "," + String.format(msg, 2, outside.toAbsolutePath())
                + "," + String.format(msg, 3, "linked-folder/secret.txt") + "]}");

        List<Object> records = readAll(result, SETTINGS);

        assertThat(records).hasSize(3).allSatisfy(r -> {
            ArchiveItem item = (ArchiveItem) r;
            assertThat(item.attachments()).isEmpty();
            assertThat(item.events()).containsExactly(ItemEvent.MEDIA_OMITTED);
            assertThat(item.body()).startsWith("[file not found inside the export folder: ");
        });
    }

    @Test
    void a_service_message_becomes_a_system_event_with_its_fields() throws Exception {
        List<Object> records = readAll(DIR.resolve("single-chat/result.json"), SETTINGS);
        ArchiveItem call = (ArchiveItem) records.get(5);
        ArchiveItem forwarded = (ArchiveItem) records.get(6);

        assertThat(call.messageClass()).isEqualTo("IPM.NOTE.Telegram.SystemEvent");
        assertThat(call.sender().handle()).isEqualTo("user1000001");
        assertThat(call.body()).isEqualTo("Owen Owner: phone_call\nduration_seconds: 65\ndiscard_reason: hangup");
        assertThat(forwarded.body()).isEqualTo("[forwarded from Market News]\nRates unchanged\nReactions:\n"
                + "  \ud83d\udc4d x2: Owen Owner (user1000001)");
    }

    @Test
    void a_full_account_export_reads_every_chat_with_the_owner_from_personal_information() throws Exception {
        SourceSettings noOwner = new SourceSettings("telegram-test", ZoneId.of("UTC"), null, "GB");
        List<Object> records = readAll(DIR.resolve("full-account.json"), noOwner);

        assertThat(records).hasSize(8).allMatch(ArchiveItem.class::isInstance);
        List<ArchiveItem> items = records.stream().map(ArchiveItem.class::cast).toList();
        assertThat(items).extracting(ArchiveItem::conversationId).containsExactly("telegram:777", "telegram:777",
                "telegram:777", "telegram:1500000001", "telegram:1600000002", "telegram:1000001", "telegram:8800",
                "telegram:999");
        assertThat(items).extracting(ArchiveItem::conversationType).containsExactly(ConversationType.GROUP,
                ConversationType.GROUP, ConversationType.GROUP, ConversationType.GROUP, ConversationType.CHANNEL,
                ConversationType.DIRECT, ConversationType.DIRECT, ConversationType.GROUP);
        ArchiveItem created = items.get(0);
        assertThat(created.messageClass()).isEqualTo("IPM.NOTE.Telegram.SystemEvent");
        assertThat(created.sender()).isEqualTo(new Participant("Owen Owner", "+447700900001", null, "user1000001"));
        assertThat(created.body()).isEqualTo("Owen Owner: create_group\ntitle: Deal team\n"
                + "members: Owen Owner, Alice Smith, Bob Jones");
        ArchiveItem groupMessage = items.get(1);
        assertThat(groupMessage.recipients()).extracting(Participant::primaryIdentifier)
                .containsExactly("+447700900001", "telegram-chat:telegram:777");
        assertThat(items.get(2).body()).isEqualTo("Bob Jones: pin_message\nmessage_id: 2");
        assertThat(items.get(3).body()).isEqualTo("@owen morning");
        assertThat(items.get(4).events()).containsExactly(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(4).sender().handle()).isEqualTo("channel1600000002");
        assertThat(items.get(5).recipients()).extracting(Participant::handle)
                .containsExactly("telegram-chat:telegram:1000001");
        assertThat(items.get(5).conversationName()).isEqualTo("Saved Messages");
        assertThat(items.get(6).recipients()).extracting(Participant::handle).containsExactly("user1000001");
        assertThat(items.get(6).body()).isEqualTo("[via @pricebot]\nEURUSD 1.08");
        assertThat(items.get(7).body()).contains("remove_members");
    }

    @Test
    void without_date_unixtime_the_local_date_is_read_in_the_configured_zone() throws Exception {
        List<Object> records = readAll(DIR.resolve("local-dates.json"), SETTINGS);

        ArchiveItem summer = (ArchiveItem) records.get(0);
        ArchiveItem edited = (ArchiveItem) records.get(1);
        assertThat(summer.timestamp()).isEqualTo(Instant.parse("2024-07-01T08:30:00Z"));
        assertThat(edited.events()).containsExactly(ItemEvent.EDITED);
        assertThat(edited.version()).isEqualTo(1 + 120);
    }

    @Test
    void malformed_messages_are_rejected_with_their_line_and_position_and_the_rest_is_read() throws Exception {
        List<Object> records = readAll(DIR.resolve("malformed.json"), SETTINGS);

        assertThat(records).hasSize(8);
        assertThat(((ArchiveItem) records.get(0)).body()).isEqualTo("first");
        assertThat(((ArchiveItem) records.get(7)).body()).isEqualTo("last");
        List<String> reasons = records.subList(1, 7).stream().map(r -> ((RejectedRecord) r).reason()).toList();
        assertThat(reasons).containsExactly(
                "malformed.json:7: messages[1] of chat 'Deal team' is not a message object",
                "malformed.json:8: messages[2] of chat 'Deal team' has no valid date (date_unixtime as epoch seconds,"
                        + " or date as yyyy-MM-ddTHH:mm:ss)",
                "malformed.json:9: messages[3] of chat 'Deal team' has no valid date (date_unixtime as epoch seconds,"
                        + " or date as yyyy-MM-ddTHH:mm:ss)",
                "malformed.json:10: messages[4] of chat 'Deal team' has type 'sticker_pack', not message or service",
                "malformed.json:11: messages[5] of chat 'Deal team' names no sender (neither from nor from_id)",
                "malformed.json:12: messages[6] of chat 'Deal team': text is neither a string nor an array of entities");
        assertThat(((RejectedRecord) records.get(2)).raw()).contains("no date");
        assertThat(((RejectedRecord) records.get(2)).sourceRef()).isEqualTo("malformed.json:8");
    }

    @Test
    void invalid_json_ends_the_file_with_a_rejected_record_after_the_messages_before_it() throws Exception {
        List<Object> records = readAll(DIR.resolve("truncated.json"), SETTINGS);

        assertThat(records).hasSize(3);
        assertThat(records.subList(0, 2)).allMatch(ArchiveItem.class::isInstance);
        assertThat(((UnreadRest) records.get(2)).reason())
                .startsWith("truncated.json:8: the export could not be read further after 2 messages (");
    }

    @Test
    void a_json_object_without_messages_is_one_rejected_record_and_non_json_is_refused() throws Exception {
        List<Object> records = readAll(DIR.resolve("not-telegram.json"), SETTINGS);
        assertThat(records).singleElement().isInstanceOfSatisfying(RejectedRecord.class, r -> assertThat(r.reason())
                .isEqualTo("not-telegram.json: not a Telegram Desktop export (no messages array at the root and no"
                        + " chats.list[].messages)"));

        Path text = Files.writeString(tmp.resolve("chat.json"), "[1, 2]");
        assertThatThrownBy(() -> TelegramExportReader.open(text, SETTINGS))
                .isInstanceOf(MalformedExportException.class)
                .hasMessage("chat.json: not a Telegram Desktop export (not a JSON object)");
    }

    @Test
    void messages_without_ids_get_stable_content_ids_and_identical_ones_stay_apart() throws Exception {
        String msg = "{\"type\":\"message\",\"date_unixtime\":\"1544006350\",\"from\":\"Author 1\",\"text\":\"same\"}";
        Path file = Files.writeString(tmp.resolve("ids.json"), "{\"messages\":[" + msg + "," + msg + "]}");

        List<Object> first = readAll(file, SETTINGS);
        List<Object> again = readAll(file, SETTINGS);

        List<String> ids = first.stream().map(r -> ((ArchiveItem) r).itemId()).toList();
        assertThat(ids).hasSize(2).doesNotHaveDuplicates().allMatch(id -> id.startsWith("h:"));
        assertThat(again.stream().map(r -> ((ArchiveItem) r).itemId()).toList()).isEqualTo(ids);
        assertThat(((ArchiveItem) first.get(0)).conversationId()).isEqualTo("telegram-file:ids.json");
        assertThat(((ArchiveItem) first.get(0)).conversationName()).isEqualTo("Telegram chat in ids.json");
    }

    @Test
    void a_large_export_streams_in_little_heap() throws Exception {
        Path big = tmp.resolve("result.json");
        int n = 200_000;
        try (var out = Files.newBufferedWriter(big)) {
            out.write("{\"personal_information\":{\"user_id\":1},\"chats\":{\"list\":[{\"name\":\"big\",\"type\":"
                    + "\"private_group\",\"id\":5,\"messages\":[");
            for (int i = 0; i < n; i++) {
                out.write((i == 0 ? "" : ",") + "{\"id\":" + i + ",\"type\":\"message\",\"date_unixtime\":\""
                        + (1700000000 + i) + "\",\"from\":\"A\",\"from_id\":\"user2\",\"text\":\"message " + i + "\"}");
            }
            out.write("]}]}}");
        }
        long count = 0;
        try (SourceRecords records = TelegramExportReader.open(big, SETTINGS)) {
            while (records.hasNext()) {
                assertThat(records.next()).isInstanceOf(ArchiveItem.class);
                count++;
            }
        }
        assertThat(count).isEqualTo(n);
    }

    @Test
    void every_telegram_desktop_chat_type_maps_to_a_conversation_type() {
        Map<String, ConversationType> expected = Map.of("personal_chat", ConversationType.DIRECT,
                "bot_chat", ConversationType.DIRECT, "saved_messages", ConversationType.DIRECT,
                "replies", ConversationType.DIRECT, "verification_codes", ConversationType.DIRECT,
                "private_group", ConversationType.GROUP, "private_supergroup", ConversationType.GROUP,
                "public_supergroup", ConversationType.GROUP, "private_channel", ConversationType.CHANNEL,
                "public_channel", ConversationType.CHANNEL);

        expected.forEach((type, conversationType) -> assertThat(new TelegramChat("x", type, "1", "f.json")
                .conversationType()).as(type).isEqualTo(conversationType));
        assertThat(new TelegramChat("x", null, "1", "f.json").conversationType()).isEqualTo(ConversationType.GROUP);
    }

    static List<Object> readAll(Path file, SourceSettings settings) throws Exception {
        List<Object> out = new ArrayList<>();
        try (SourceRecords records = TelegramExportReader.open(file, settings)) {
            records.forEachRemaining(out::add);
        }
        return out;
    }
}

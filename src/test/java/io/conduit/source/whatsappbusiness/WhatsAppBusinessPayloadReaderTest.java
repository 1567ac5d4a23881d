package io.conduit.source.whatsappbusiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.sun.net.httpserver.HttpServer;
import io.conduit.model.ArchiveItem;
import io.conduit.model.ItemEvent;
import io.conduit.model.RejectedRecord;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WhatsAppBusinessPayloadReaderTest {

    static final Path FIXTURES = Path.of("src/test/resources/whatsapp-business");
    static final byte[] JPEG = "not really a jpeg, but bytes with a hash".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    HttpServer graph;
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger mediaRequests = new AtomicInteger();
    final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void standInGraph() throws Exception {
        graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        graph.createContext("/v21.0/", ex -> {
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            String id = ex.getRequestURI().getPath().substring("/v21.0/".length());
            byte[] b = ("{\"url\":\"http://127.0.0.1:" + graph.getAddress().getPort() + "/files/" + id
                    + "\",\"mime_type\":\"image/jpeg\",\"sha256\":\"" + GraphMediaFetcher.sha256(JPEG)
                    + "\",\"file_size\":" + JPEG.length + ",\"id\":\"" + id + "\",\"messaging_product\":\"whatsapp\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        graph.createContext("/files/", ex -> {
            mediaRequests.incrementAndGet();
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            if (failuresLeft.getAndDecrement() > 0) {
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(200, JPEG.length);
            ex.getResponseBody().write(JPEG);
            ex.close();
        });
        graph.start();
    }

    @AfterEach
    void stop() {
        graph.stop(0);
    }

    GraphMediaFetcher fetcher() {
        return new GraphMediaFetcher("http://127.0.0.1:" + graph.getAddress().getPort() + "/v21.0", "test-token", 3, 10);
    }

    List<Object> read(String fixture, GraphMediaFetcher media) throws Exception {
        Path f = tmp.resolve(fixture + ".json");
        Files.writeString(f, Files.readString(FIXTURES.resolve(fixture + ".json"))
                .replace("\"SHA256\"", "\"" + GraphMediaFetcher.sha256(JPEG) + "\""));
        List<Object> out = new ArrayList<>();
        try (SourceRecords r = WhatsAppBusinessPayloadReader.open(f,
                new SourceSettings("wab", ZoneOffset.UTC, null, "US"), media)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    ArchiveItem only(String fixture) throws Exception {
        List<Object> records = read(fixture, fetcher());
        assertThat(records).hasSize(1);
        assertThat(records.get(0)).as(fixture).isInstanceOf(ArchiveItem.class);
        return (ArchiveItem) records.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "text|Message|Does it come in another color?",
        "image|Message|[image] This is a caption",
        "video|Message|[video]",
        "audio|Message|[audio]",
        "voice|Message|[audio]",
        "document|Message|[document] Invoice",
        "sticker|Message|[sticker]",
        "location|Message|[location] Meta Headquarters 1 Hacker Way, Menlo Park, CA 94025 (37.483253, -122.148055)",
        "contacts|Message|Barbara J. Johnson +1 (940) 555-1234 bjohnson@example.com",
        "interactive-button-reply|Message|[button_reply] button-text (id unique-button-identifier-here)",
        "interactive-list-reply|Message|[list_reply] list_reply_title (id list_reply_id) list_reply_description",
        "button|Message|[button] Unsubscribe (payload Unsubscribe)",
        "reaction|Message|[reaction] \uD83D\uDE00 to message wamid.",
        "reaction-removed|Message|[reaction removed] from message wamid.",
        "system|Message|[system] User Sheena Nelson changed from 16505551234 to 16505559999",
        "unsupported|Message|131051 Message type unknown Message type is currently not supported.",
        "referral|Message|[from ad] ad https://fb.me/3cr4Wqqkv Chat with us",
        "context-reply|Message|Yes, the blue one",
        "edit|Message|Does it come in another colour?",
        "revoke|Message|[deleted message wamid.",
        "status-sent|Status|[status] message wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA sent",
        "status-delivered|Status|delivered",
        "status-read|Status|read",
        "status-failed|Status|error 131047 Re-engagement message",
        "status-sent-cbp|Status|pricing CBP business_initated billable=true",
        "order|Message|[order] catalog 194836987003835 Please deliver before Friday",
        "smb-message-echoes|Echo|Sent from the WhatsApp Business app"})
    void every_documented_type_and_field_becomes_an_item(String fixture, String event, String body) throws Exception {
        ArchiveItem item = only(fixture);
        assertThat(item.source()).isEqualTo("WhatsAppBusiness");
        assertThat(item.event()).isEqualTo(event);
        assertThat(item.messageClass()).isEqualTo("IPM.NOTE.WhatsAppBusiness." + event);
        assertThat(item.body()).contains(body);
        assertThat(item.itemId()).startsWith("wamid.");
        assertThat(item.conversationId()).isEqualTo("106540352242922/16505551234");
        List<String> phones = new ArrayList<>();
        phones.add(item.sender().phone());
        item.recipients().forEach(p -> phones.add(p.phone()));
        assertThat(phones).containsExactlyInAnyOrder("+15550783881", "+16505551234");
    }

    @Test
    void customer_is_named_from_the_contacts_profile_and_business_sends_echoes() throws Exception {
        ArchiveItem in = only("text");
        assertThat(in.sender().displayName()).isEqualTo("Sheena Nelson");
        assertThat(in.sender().phone()).isEqualTo("+16505551234");
        ArchiveItem echo = only("smb-message-echoes");
        assertThat(echo.sender().phone()).isEqualTo("+15550783881");
    }

    @Test
    void replies_and_statuses_answer_their_message() throws Exception {
        assertThat(only("context-reply").inReplyTo()).isEqualTo("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
        ArchiveItem read = only("status-read");
        assertThat(read.inReplyTo()).isEqualTo("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
        assertThat(read.itemId()).endsWith("/status/read");
        // out of order: read before sent still gives distinct items with their own times
        ArchiveItem sent = only("status-sent");
        assertThat(sent.itemId()).isNotEqualTo(read.itemId());
        assertThat(sent.timestamp()).isBefore(read.timestamp());
    }

    @Test
    void edits_and_revokes_are_marked() throws Exception {
        assertThat(only("edit").events()).contains(ItemEvent.EDITED);
        assertThat(only("revoke").events()).contains(ItemEvent.DELETED);
    }

    @Test
    void history_threads_keep_both_directions() throws Exception {
        List<Object> records = read("history", fetcher());
        assertThat(records).hasSize(2).allMatch(r -> r instanceof ArchiveItem);
        ArchiveItem a = (ArchiveItem) records.get(0);
        ArchiveItem b = (ArchiveItem) records.get(1);
        assertThat(a.event()).isEqualTo("History");
        assertThat(a.sender().phone()).isEqualTo("+16505551234");
        assertThat(b.sender().phone()).isEqualTo("+15550783881");
        assertThat(a.body()).contains("[history status] READ");
    }

    @Test
    void media_is_downloaded_with_the_token_checked_and_attached_after_two_failures() throws Exception {
        failuresLeft.set(2);
        ArchiveItem item = only("image");
        assertThat(mediaRequests.get()).isEqualTo(3);
        assertThat(item.attachments()).hasSize(1);
        assertThat(item.attachments().get(0).sha256()).isEqualTo(GraphMediaFetcher.sha256(JPEG));
        assertThat(item.attachments().get(0).content().open().readAllBytes()).isEqualTo(JPEG);
        assertThat(authorizations).allMatch("Bearer test-token"::equals);
        assertThat(only("document").attachments().get(0).fileName()).isEqualTo("Invoice 42.pdf");
    }

    @Test
    void media_that_cannot_be_fetched_is_a_rejected_record_not_a_silent_item() throws Exception {
        failuresLeft.set(10);
        List<Object> records = read("video", fetcher());
        assertThat(records).hasSize(1);
        RejectedRecord r = (RejectedRecord) records.get(0);
        assertThat(r.reason()).contains("not downloaded after 3 tries").doesNotContain("test-token");
    }

    @Test
    void without_an_access_token_media_is_noted_as_omitted() throws Exception {
        ArchiveItem item = (ArchiveItem) read("sticker", null).get(0);
        assertThat(item.events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(item.attachments()).isEmpty();
    }

    static Stream<String> everyFixture() throws Exception {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList().stream();
        }
    }

    /** The wamids a delivery carries: messages, statuses, echoes and history messages, in payload order. */
    static List<String> wamids(JsonNode root) {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode v = change.path("value");
                v.path("messages").forEach(m -> ids.add(m.path("id").asText()));
                v.path("statuses").forEach(st -> ids.add(st.path("id").asText() + "/status/" + st.path("status").asText()));
                v.path("message_echoes").forEach(m -> ids.add(m.path("id").asText()));
                for (JsonNode h : v.path("history")) {
                    for (JsonNode t : h.path("threads")) {
                        t.path("messages").forEach(m -> ids.add(m.path("id").asText()));
                    }
                }
            }
        }
        return ids;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFixture")
    void every_fixture_gives_one_item_per_message_or_status_and_drops_nothing(String fixture) throws Exception {
        JsonNode root = new ObjectMapper().readTree(FIXTURES.resolve(fixture + ".json").toFile());
        List<String> expected = wamids(root);
        assertThat(expected).as(fixture + " carries something").isNotEmpty();
        List<Object> records = read(fixture, fetcher());
        assertThat(records).as(fixture).hasSize(expected.size())
                .allMatch(r -> r instanceof ArchiveItem || r instanceof RejectedRecord);
        // Meta's own examples are all well formed, so each becomes an item, none is quarantined
        assertThat(records).as(fixture + " items").allMatch(r -> r instanceof ArchiveItem);
        List<String> ids = records.stream().map(r -> ((ArchiveItem) r).itemId()).toList();
        assertThat(ids).as(fixture + " item ids are the wamids").containsExactlyElementsOf(expected);
        for (Object r : records) {
            ArchiveItem item = (ArchiveItem) r;
            assertThat(item.messageClass()).isEqualTo("IPM.NOTE.WhatsAppBusiness." + item.event());
            assertThat(item.body()).as(fixture + " body").isNotBlank();
            assertThat(item.sender().phone()).as(fixture + " sender").startsWith("+");
            assertThat(item.recipients()).as(fixture + " recipients").isNotEmpty()
                    .allMatch(p -> p.phone() != null && p.phone().startsWith("+"));
        }
        // a redelivery of the same payload gives the same item ids (so the store deduplicates it)
        assertThat(read(fixture, fetcher()).stream().map(r -> ((ArchiveItem) r).itemId()).toList()).isEqualTo(ids);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"context-reply", "button", "interactive-button-reply", "interactive-list-reply"})
    void a_reply_with_context_answers_the_message_it_quotes(String fixture) throws Exception {
        JsonNode m = new ObjectMapper().readTree(FIXTURES.resolve(fixture + ".json").toFile())
                .path("entry").get(0).path("changes").get(0).path("value").path("messages").get(0);
        assertThat(only(fixture).inReplyTo()).isEqualTo(m.path("context").path("id").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"image", "video", "audio", "voice", "document", "sticker"})
    void every_media_type_is_fetched_from_the_graph_stand_in_and_attached(String fixture) throws Exception {
        ArchiveItem item = only(fixture);
        assertThat(item.attachments()).hasSize(1);
        assertThat(item.attachments().get(0).sha256()).isEqualTo(GraphMediaFetcher.sha256(JPEG));
        assertThat(item.attachments().get(0).content().open().readAllBytes()).isEqualTo(JPEG);
        assertThat(item.events()).doesNotContain(ItemEvent.MEDIA_OMITTED);
        assertThat(mediaRequests.get()).isEqualTo(1);
    }

    @Test
    void a_status_trail_keeps_every_status_of_one_message() throws Exception {
        List<String> trail = new ArrayList<>();
        for (String f : List.of("status-read", "status-sent", "status-delivered")) {
            ArchiveItem s = only(f);
            assertThat(s.inReplyTo()).isEqualTo("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
            trail.add(s.itemId());
        }
        assertThat(trail).doesNotHaveDuplicates().hasSize(3);
        assertThat(only("status-delivered").body()).contains("pricing PMP service billable=true")
                .contains("origin service");
    }

    @Test
    void a_username_user_without_a_phone_number_is_kept_by_business_scoped_id_never_as_a_made_up_phone() throws Exception {
        // contacts[] as Meta's current webhook syntax documents it: wa_id "omitted if user's phone number is
        // unavailable", user_id = BSUID, profile.username (Meta, Image/Order messages webhook reference, Syntax)
        Path f = tmp.resolve("bsuid.json");
        Files.writeString(f, """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                  "contacts":[{"profile":{"name":"Sheena Nelson","username":"@sheena"},"user_id":"US.13491208655302741918"}],
                  "messages":[{"id":"wamid.BSUID1","timestamp":"1749416383","type":"text","text":{"body":"hi"}}]}}]}]}
                """);
        List<Object> out = new ArrayList<>();
        try (SourceRecords r = WhatsAppBusinessPayloadReader.open(f, new SourceSettings("wab", ZoneOffset.UTC, null, "US"), null)) {
            r.forEachRemaining(out::add);
        }
        assertThat(out).hasSize(1);
        ArchiveItem item = (ArchiveItem) out.get(0);
        assertThat(item.conversationId()).isEqualTo("106540352242922/US.13491208655302741918");
        assertThat(item.sender().displayName()).isEqualTo("Sheena Nelson");
        assertThat(item.sender().phone()).isNull();
    }

    @Test
    void a_history_media_message_without_its_asset_id_is_archived_as_media_omitted_not_quarantined() throws Exception {
        // Meta, history webhook reference: "Media messages will not include media asset IDs. Instead, additional
        // history webhooks containing media message asset IDs will be sent separately"
        Path f = tmp.resolve("history-media.json");
        Files.writeString(f, """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"history",
                 "value":{"messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                  "history":[{"metadata":{"phase":1,"chunk_order":1,"progress":40},"threads":[{"id":"16505551234",
                   "messages":[{"from":"16505551234","id":"wamid.HISTIMG","timestamp":"1739230955","type":"image",
                    "image":{"mime_type":"image/jpeg","caption":"old photo"},"history_context":{"status":"READ"}}]}]}]}}]}]}
                """);
        List<Object> out = new ArrayList<>();
        try (SourceRecords r = WhatsAppBusinessPayloadReader.open(f, new SourceSettings("wab", ZoneOffset.UTC, null, "US"), fetcher())) {
            r.forEachRemaining(out::add);
        }
        assertThat(out).hasSize(1).allMatch(r -> r instanceof ArchiveItem);
        ArchiveItem item = (ArchiveItem) out.get(0);
        assertThat(item.events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(item.body()).contains("[image] old photo").contains("no media id");
        assertThat(mediaRequests.get()).isZero();
    }

    @Test
    void an_unsupported_message_says_what_meta_says_the_user_sent() throws Exception {
        assertThat(only("unsupported").body()).contains("[unsupported message type poll_creation]")
                .contains("131051");
    }

    @Test
    void an_edited_media_caption_shows_the_new_caption_not_raw_json() throws Exception {
        // Meta, Edit messages webhook reference: users edit "text, media with caption" (coexistence only)
        Path f = tmp.resolve("edit-caption.json");
        Files.writeString(f, Files.readString(FIXTURES.resolve("edit.json"))
                .replace("\"type\": \"text\",\n          \"text\": {\n           \"body\": \"Does it come in another colour?\"\n          }",
                        "\"type\": \"image\", \"image\": {\"caption\": \"the blue one, not the red\"}"));
        assertThat(Files.readString(f)).contains("the blue one, not the red");
        List<Object> out = new ArrayList<>();
        try (SourceRecords r = WhatsAppBusinessPayloadReader.open(f, new SourceSettings("wab", ZoneOffset.UTC, null, "US"), null)) {
            r.forEachRemaining(out::add);
        }
        ArchiveItem item = (ArchiveItem) out.get(0);
        assertThat(item.events()).contains(ItemEvent.EDITED);
        assertThat(item.body()).contains("[image caption] the blue one, not the red").doesNotContain("{");
    }
}

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
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    static final ObjectMapper JSON = new ObjectMapper();
    /** The message Meta's reaction, edit and revoke examples refer to. */
    static final String REFERRED = "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=";

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

    /**
     * Reads a fixture as the reader would get it from Meta, except that every media object's {@code sha256} names the
     * stand-in Graph's file: Meta's examples carry the hash of Meta's own file, which no stand-in can serve.
     */
    List<Object> read(String fixture, GraphMediaFetcher media) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(FIXTURES.resolve(fixture + ".json").toFile());
        root.findParents("sha256").forEach(n -> ((ObjectNode) n).put("sha256", GraphMediaFetcher.sha256(JPEG)));
        return readBytes(fixture, JSON.writeValueAsBytes(root), media);
    }

    List<Object> readBytes(String fixture, byte[] body, GraphMediaFetcher media) throws Exception {
        Path f = tmp.resolve(fixture + ".json");
        Files.write(f, body);
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
        "image|Message|[image] Taj Mahal",
        "video|Message|[video] Timelapse of growth",
        "audio|Message|[audio] (voice message)",
        "document|Message|[document] my receipt",
        "sticker|Message|[sticker]",
        "location|Message|[location] Philz Coffee 101 Forest Ave, Palo Alto, CA 94301 (37.44221496582, -122.16165924072) https://philzcoffee.com/",
        "contacts|Message|Barbara J. Johnson (Social Tsunami) +1 (415) 555-0829",
        "interactive-button-reply|Message|[button_reply] Cancel (id cancel-button)",
        "interactive-list-reply|Message|[list_reply] Priority Mail Express (id priority_express) Next Day to 2 Days",
        "button|Message|[button] Unsubscribe (payload Unsubscribe)",
        "reaction|Message|[reaction] \uD83D\uDC4D to message " + REFERRED,
        "reaction-removed|Message|[reaction removed] from message " + REFERRED,
        "system|Message|[system] User Sheena Nelson changed from 16505551234 to 12195555358 (new wa_id 12195555358) [user_changed_number]",
        "unsupported|Message|[unsupported message type edit] 131051 Message type unknown Message type is currently not supported.",
        "referral|Message|[from ad] ad https://fb.me/3cr4Wqqkv Chat with us Summer Succulents are here! ad id 120226305854810726 ctwa_clid=Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0NiNhEgpGo0AHemvuSoifXaytfTzcchptiErTKCqTrJ5nW1h7IHYeYymGb5K5J5iTROpBhWAGaIAeUzHL50",
        "context-product-inquiry|Message|Is this still available?",
        "edit|Message|[edited message " + REFERRED + "] [image caption] Updated image caption",
        "revoke|Message|[deleted message " + REFERRED + "]",
        "status-sent|Status|[status] message wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA= sent",
        "status-sent-v24|Status|[status] message wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA= sent",
        "status-delivered|Status|pricing CBP service billable=true",
        "status-read|Status|read",
        "status-failed|Status|error 131049 This message was not delivered to maintain healthy ecosystem engagement.",
        "status-sent-cbp|Status|pricing CBP business_initated billable=true",
        "order|Message|[order] catalog 194836987003835 Love these! [{\"product_retailer_id\":\"di9ozbzfi4\",\"quantity\":2,\"item_price\":30,\"currency\":\"USD\"},",
        "smb-message-echoes|Echo|the info you requested! https://www.meta.com/quest/quest-3/",
        "smb-message-echoes-revoke|Echo|[deleted message " + REFERRED + "]",
        "smb-message-echoes-edit|Echo|[edited message " + REFERRED + "] [image caption] Updated image caption"})
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
        assertThat(only("context-product-inquiry").inReplyTo())
                .isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA");
        ArchiveItem read = only("status-read");
        assertThat(read.inReplyTo()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=");
        assertThat(read.itemId()).endsWith("/status/read");
        ArchiveItem sent = only("status-sent");
        assertThat(sent.itemId()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=/status/sent");
        assertThat(sent.timestamp()).isEqualTo(java.time.Instant.ofEpochSecond(1750030073L));
        assertThat(sent.body()).contains("conversation 72b14d6bd5407799e66f64d1b338e567 origin marketing")
                .contains("pricing PMP marketing type regular billable=true");
        // Meta's v24.0 example of the same status, without conversation and pricing: the same item, a duplicate
        assertThat(only("status-sent-v24").itemId()).isEqualTo(sent.itemId());
        assertThat(only("status-delivered").body()).contains("conversation 6ceb9d929c9bdc4f90e967a32f8639b4 origin service");
        assertThat(only("status-failed").body()).contains("error 131049")
                .contains("In order to maintain a healthy ecosystem engagement, the message failed to be delivered.");
    }

    @Test
    void an_ad_click_keeps_the_ad_and_its_greeting_and_a_product_inquiry_keeps_the_product() throws Exception {
        assertThat(only("referral").body()).contains("[ad greeting] Hi there! Let us know how we can help!");
        assertThat(only("context-product-inquiry").body())
                .contains("[about product] {\"catalog_id\":\"194836987003835\",\"product_retailer_id\":\"di9ozbzfi4\"}");
    }

    @Test
    void a_group_message_belongs_to_the_group_not_to_the_senders_one_to_one_thread() throws Exception {
        ArchiveItem item = only("group");
        assertThat(item.conversationType()).isEqualTo(io.conduit.model.ConversationType.GROUP);
        assertThat(item.conversationId()).isEqualTo("106540352242922/group/HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA");
        assertThat(item.sender().displayName()).isEqualTo("Tiago Mingo");
        assertThat(item.body()).isEqualTo("What does everyone think about this?");
    }

    @Test
    void every_members_status_of_a_group_message_is_kept() throws Exception {
        // Meta sends one aggregated webhook with a status per group member; all but one would be duplicates if the
        // member were not part of the item id
        List<Object> records = read("group-status-aggregated", fetcher());
        assertThat(records).hasSize(2).allMatch(r -> r instanceof ArchiveItem);
        List<ArchiveItem> items = records.stream().map(r -> (ArchiveItem) r).toList();
        String wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=";
        assertThat(items).extracting(ArchiveItem::itemId)
                .containsExactly(wamid + "/status/delivered/16505551234", wamid + "/status/delivered/12125557890");
        assertThat(items).allMatch(i -> i.conversationId().equals("106540352242922/group/Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD")
                && i.inReplyTo().equals(wamid));
        assertThat(items.get(1).recipients().get(0).phone()).isEqualTo("+12125557890");
        assertThat(items.get(1).body()).contains("for member 12125557890 of group");
    }

    @Test
    void an_address_or_flow_answer_keeps_what_the_user_saw_and_filled_in() throws Exception {
        ArchiveItem item = only("interactive-nfm-reply");
        assertThat(item.body()).startsWith("[nfm_reply] address_message: CUSTOMER_NAME\n +91xxxxxxxxxx\n 400063, Goregaon")
                .contains("\"landmark_area\":\"Goregaon\"").doesNotContain("(id )");
        assertThat(item.inReplyTo()).isEqualTo("wamid.HBgLMTIwNjU1NTAxMDcVAgARGBI3NjNFN0U5QzMzNDlCQjY0M0QA");
    }

    @Test
    void edits_and_revokes_are_marked() throws Exception {
        ArchiveItem edit = only("edit");
        assertThat(edit.events()).contains(ItemEvent.EDITED);
        // Meta's example edits a media caption (users edit "text, media with caption"; coexistence only)
        assertThat(edit.body()).contains("[image caption] Updated image caption").doesNotContain("{");
        assertThat(only("revoke").events()).contains(ItemEvent.DELETED);
        // the business's own edits and deletions in the WhatsApp Business app come as echoes
        ArchiveItem echoEdit = only("smb-message-echoes-edit");
        assertThat(echoEdit.events()).contains(ItemEvent.EDITED);
        assertThat(echoEdit.sender().phone()).isEqualTo("+15550783881");
        ArchiveItem echoRevoke = only("smb-message-echoes-revoke");
        assertThat(echoRevoke.events()).contains(ItemEvent.DELETED);
        assertThat(echoRevoke.sender().phone()).isEqualTo("+15550783881");
    }

    @Test
    void history_threads_keep_both_directions_and_a_media_placeholder_its_own_id() throws Exception {
        List<Object> records = read("history", fetcher());
        assertThat(records).hasSize(4).allMatch(r -> r instanceof ArchiveItem);
        List<ArchiveItem> items = records.stream().map(r -> (ArchiveItem) r).toList();
        assertThat(items).allMatch(i -> i.event().equals("History"));
        assertThat(items.get(0).sender().phone()).isEqualTo("+15550783881");
        assertThat(items.get(0).body()).contains("Here's the info you requested!").contains("[history status] READ");
        assertThat(items.get(1).itemId()).isEqualTo("wamid.QyNUEHBgLMTY0NjcwNDM1OTUVAgARGBI1Rj3NEYxMzAzMzQ5MkEA/media_placeholder");
        assertThat(items.get(1).events()).contains(ItemEvent.MEDIA_OMITTED);
        assertThat(items.get(1).body()).contains("[history status] PLAYED");
        assertThat(items.get(2).sender().phone()).isEqualTo("+16505551234");
        assertThat(items.get(2).body()).contains("Thanks!");
        assertThat(items.get(3).conversationId()).isEqualTo("106540352242922/12125557890");
        assertThat(items.get(3).recipients().get(0).phone()).isEqualTo("+12125557890");
        assertThat(items.get(3).body()).contains("[history status] DELIVERED");
    }

    @Test
    void a_history_media_message_sent_apart_from_its_thread_is_archived_with_its_media() throws Exception {
        // Meta, history webhook reference: "a second webhook is triggered, describing the media message's contents"
        ArchiveItem media = only("history-media");
        assertThat(media.event()).isEqualTo("History");
        assertThat(media.itemId()).isEqualTo("wamid.QyNUEHBgLMTY0NjcwNDM1OTUVAgARGBI1Rj3NEYxMzAzMzQ5MkEA");
        assertThat(media.body()).contains("[image] Black Prince echeveria");
        assertThat(media.attachments()).hasSize(1);
        assertThat(media.conversationId()).isEqualTo("106540352242922/16505551234");
    }

    @Test
    void a_business_sent_history_media_message_without_a_customer_is_rejected_with_its_reason() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(FIXTURES.resolve("history-media.json").toFile());
        ((ObjectNode) root.path("entry").get(0).path("changes").get(0).path("value").path("messages").get(0))
                .put("from", "15550783881");
        List<Object> out = readBytes("history-media-business", JSON.writeValueAsBytes(root), null);
        assertThat(out).hasSize(1);
        assertThat(((RejectedRecord) out.get(0)).reason())
                .isEqualTo("history media message names no customer (sent by the business, no 'to' or 'to_user_id')");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "errors|130429 Rate limit hit: Message failed to send because there were too many messages sent",
        "history-declined|2593109 History sync is turned off by the business from the WhatsApp Business App: History sharing is turned off by the business"})
    void an_error_notice_naming_no_message_is_counted_as_a_rejected_record(String fixture, String reason) throws Exception {
        List<Object> records = read(fixture, fetcher());
        assertThat(records).hasSize(1);
        RejectedRecord r = (RejectedRecord) records.get(0);
        assertThat(r.reason()).startsWith("webhook error notice, no message to archive: ").contains(reason);
        assertThat(r.raw()).contains("error_data");
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
        assertThat(only("document").attachments().get(0).fileName()).isEqualTo("receipt.pdf");
    }

    @Test
    void media_whose_bytes_differ_from_the_webhooks_sha256_is_a_rejected_record() throws Exception {
        // Meta's image example unchanged: its sha256 (base64) is Meta's file's, not the stand-in's bytes
        List<Object> records = readBytes("image", Files.readAllBytes(FIXTURES.resolve("image.json")), fetcher());
        assertThat(records).hasSize(1);
        assertThat(((RejectedRecord) records.get(0)).reason()).contains("media 1003383421387256 SHA-256 differs");
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

    /**
     * What a delivery must become: the item id of each message, status, echo and history message (a history
     * {@code media_placeholder}: {@code <wamid>/media_placeholder}), and {@code "error notice"} for each error that
     * names no message ({@code value.errors[]}, {@code value.history[].errors[]}).
     */
    static List<String> expectedRecords(JsonNode root) {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode v = change.path("value");
                v.path("messages").forEach(m -> ids.add(messageId(m)));
                v.path("statuses").forEach(st -> ids.add(st.path("id").asText() + "/status/" + st.path("status").asText()
                        + ("group".equals(st.path("recipient_type").asText()) ? "/" + st.path("recipient_participant_id").asText() : "")));
                v.path("message_echoes").forEach(m -> ids.add(messageId(m)));
                v.path("errors").forEach(e -> ids.add("error notice"));
                for (JsonNode h : v.path("history")) {
                    h.path("errors").forEach(e -> ids.add("error notice"));
                    for (JsonNode t : h.path("threads")) {
                        t.path("messages").forEach(m -> ids.add(messageId(m)));
                    }
                }
            }
        }
        return ids;
    }

    /** An E.164 phone, or for a username user who hides it, no phone but the BSUID (never digits made a phone). */
    static boolean reachable(io.conduit.model.Participant p) {
        return p.phone() != null ? p.phone().startsWith("+")
                : p.handle() != null && !p.handle().isBlank() && !p.handle().matches("\\+?[0-9]+");
    }

    static String messageId(JsonNode m) {
        return m.path("id").asText() + ("media_placeholder".equals(m.path("type").asText()) ? "/media_placeholder" : "");
    }

    static String recordId(Object r) {
        return r instanceof ArchiveItem item ? item.itemId()
                : ((RejectedRecord) r).reason().startsWith("webhook error notice") ? "error notice" : "rejected: " + r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFixture")
    void every_fixture_gives_one_record_per_message_status_or_error_notice_and_drops_nothing(String fixture) throws Exception {
        JsonNode root = JSON.readTree(FIXTURES.resolve(fixture + ".json").toFile());
        List<String> expected = expectedRecords(root);
        assertThat(expected).as(fixture + " carries something").isNotEmpty();
        List<Object> records = read(fixture, fetcher());
        // Meta's examples are all well formed: each message or status becomes an item, only error notices are rejected
        List<String> ids = records.stream().map(WhatsAppBusinessPayloadReaderTest::recordId).toList();
        assertThat(ids).as(fixture + " records").containsExactlyInAnyOrderElementsOf(expected);
        for (Object r : records) {
            if (r instanceof ArchiveItem item) {
                assertThat(item.messageClass()).isEqualTo("IPM.NOTE.WhatsAppBusiness." + item.event());
                assertThat(item.body()).as(fixture + " body").isNotBlank();
                assertThat(item.sender()).as(fixture + " sender").matches(WhatsAppBusinessPayloadReaderTest::reachable);
                assertThat(item.recipients()).as(fixture + " recipients").isNotEmpty()
                        .allMatch(WhatsAppBusinessPayloadReaderTest::reachable);
            }
        }
        // a redelivery of the same payload gives the same item ids (so the store deduplicates it)
        assertThat(read(fixture, fetcher()).stream().map(WhatsAppBusinessPayloadReaderTest::recordId).toList()).isEqualTo(ids);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"context-product-inquiry", "button", "interactive-button-reply", "interactive-list-reply", "interactive-nfm-reply"})
    void a_reply_with_context_answers_the_message_it_quotes(String fixture) throws Exception {
        JsonNode m = JSON.readTree(FIXTURES.resolve(fixture + ".json").toFile())
                .path("entry").get(0).path("changes").get(0).path("value").path("messages").get(0);
        assertThat(only(fixture).inReplyTo()).isEqualTo(m.path("context").path("id").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"image", "video", "audio", "document", "sticker", "history-media"})
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
        // Meta's sent example, and the same status object as delivered and read (Meta names these statuses)
        List<String> trail = new ArrayList<>();
        for (String status : List.of("read", "sent", "delivered")) {
            ObjectNode root = (ObjectNode) JSON.readTree(FIXTURES.resolve("status-sent.json").toFile());
            ((ObjectNode) root.path("entry").get(0).path("changes").get(0).path("value").path("statuses").get(0))
                    .put("status", status);
            List<Object> out = readBytes("trail-" + status, JSON.writeValueAsBytes(root), null);
            ArchiveItem s = (ArchiveItem) out.get(0);
            assertThat(s.inReplyTo()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=");
            trail.add(s.itemId());
        }
        assertThat(trail).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void meta_username_examples_keep_the_user_by_bsuid_when_the_phone_number_is_empty() throws Exception {
        // Meta, Business-scoped user IDs, "Messages webhooks": from/wa_id/recipient_id are empty strings then, and the
        // user is named in from_user_id / user_id / recipient_user_id
        ArchiveItem in = only("text-username-bsuid");
        assertThat(in.conversationId()).isEqualTo("106540352242922/user.93737...");
        assertThat(in.sender().displayName()).isEqualTo("Sheena Nelson");
        assertThat(in.sender().phone()).isNull();
        assertThat(in.sender().handle()).isEqualTo("user.93737...");
        ArchiveItem hidden = only("status-delivered-bsuid");
        assertThat(hidden.conversationId())
                .isEqualTo("106540352242922/user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6");
        assertThat(hidden.recipients().get(0).displayName()).isEqualTo("Pablo M.");
        assertThat(hidden.recipients().get(0).phone()).isNull();
        ArchiveItem shown = only("status-delivered-username");
        assertThat(shown.conversationId()).isEqualTo("106540352242922/16505551234");
        assertThat(shown.recipients().get(0).displayName()).isEqualTo("Pablo M.");
        assertThat(shown.recipients().get(0).phone()).isEqualTo("+16505551234");
        assertThat(shown.body()).contains("pricing PMP marketing type regular billable=true");
    }

    @Test
    void echoes_and_history_threads_of_a_username_user_are_kept_by_bsuid() throws Exception {
        // Meta, Business-scoped user IDs, Syntax only (no example): an echo's "to" may be empty with "to_user_id"; a
        // history thread's "id" may be empty with "context.user_id", its user's messages with "from_user_id"
        String bsuid = "user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6";
        ObjectNode echo = (ObjectNode) JSON.readTree(FIXTURES.resolve("smb-message-echoes.json").toFile());
        ObjectNode e = (ObjectNode) echo.path("entry").get(0).path("changes").get(0).path("value").path("message_echoes").get(0);
        e.put("to", "").put("to_user_id", bsuid);
        ArchiveItem echoed = (ArchiveItem) readBytes("echo-bsuid", JSON.writeValueAsBytes(echo), null).get(0);
        assertThat(echoed.conversationId()).isEqualTo("106540352242922/" + bsuid);
        assertThat(echoed.sender().phone()).isEqualTo("+15550783881");
        assertThat(echoed.recipients().get(0).handle()).isEqualTo(bsuid);

        ObjectNode history = (ObjectNode) JSON.readTree(FIXTURES.resolve("history.json").toFile());
        ObjectNode thread = (ObjectNode) history.path("entry").get(0).path("changes").get(0).path("value").path("history")
                .get(0).path("threads").get(0);
        thread.put("id", "");
        thread.putObject("context").put("wa_id", "").put("user_id", bsuid);
        ((ObjectNode) thread.path("messages").get(2)).put("from", "").put("from_user_id", bsuid);
        List<ArchiveItem> items = readBytes("history-bsuid", JSON.writeValueAsBytes(history), null).stream()
                .map(r -> (ArchiveItem) r).toList();
        assertThat(items.subList(0, 3)).allMatch(i -> i.conversationId().equals("106540352242922/" + bsuid));
        assertThat(items.get(0).sender().phone()).isEqualTo("+15550783881");
        assertThat(items.get(2).sender().handle()).isEqualTo(bsuid);
        assertThat(items.get(2).sender().phone()).isNull();
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
        assertThat(only("unsupported").body()).contains("[unsupported message type edit]").contains("131051");
    }
}

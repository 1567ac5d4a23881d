package io.conduit.source.liveperson;

import static io.conduit.source.liveperson.LivePersonReaderSupport.SETTINGS;
import static io.conduit.source.liveperson.LivePersonReaderSupport.drain;
import static io.conduit.source.liveperson.LivePersonReaderSupport.fixture;
import static io.conduit.source.liveperson.LivePersonReaderSupport.items;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.model.ArchiveItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversation-level records as SystemEvent items (issue 11, point 6): the close reason, campaign, dialogs and other
 * conversation data, the summary, the survey answers and the engagement attributes (SDEs), with the fields of
 * LivePerson's Messaging Interactions API conversations/search response
 * (https://developers.liveperson.com/messaging-interactions-api-methods-conversations.html). The fixtures are a
 * conversation closed with its post-conversation survey still open, and the same conversation polled again after the
 * consumer answered the survey and the agent wrote the summary.
 */
class LivePersonConversationRecordsTest {

    @TempDir
    Path tmp;

    private static Map<String, ArchiveItem> systemEvents(Path file) throws Exception {
        return items(drain(LivePersonConversationsReader.open(file, SETTINGS))).stream()
                .filter(i -> i.event().equals("SystemEvent"))
                .collect(Collectors.toMap(ArchiveItem::itemId, Function.identity()));
    }

    @Test
    void a_closed_conversation_archives_its_record_and_engagement_attributes() throws Exception {
        Map<String, ArchiveItem> events = systemEvents(fixture("conversation-survey-pending.json"));

        assertThat(events).containsOnlyKeys("agent-join:7:1700000005000", "close", "conversation-record",
                "sde:CUSTOMER_INFO:1700000001000", "unauth-sde:VIEWED_PRODUCT:1700000002000");
        ArchiveItem record = events.get("conversation-record");
        assertThat(record.messageClass()).isEqualTo("IPM.NOTE.LivePerson.SystemEvent");
        assertThat(record.timestamp().toEpochMilli()).isEqualTo(1700000300000L);
        assertThat(record.body()).startsWith("LivePerson conversation record (status CLOSE)\n"
                        + "Close reason: AGENT (MANUAL_CLOSE)\n")
                .contains("  duration: 300000\n", "  mcs: 70\n", "  campaign.campaignName: Loans on the web\n",
                        "  monitoring.country: United Kingdom\n", "  dialogs[1].dialogType: POST_SURVEY\n",
                        "  messageStatuses[0].messageDeliveryStatus: READ\n",
                        "  endTimeL: 1700000300000 (2023-11-14T22:18:20Z)\n");
        assertThat(record.recipients()).extracting(p -> p.handle())
                .containsExactly("lp-agent:7", "lp-consumer:c-9");
        assertThat(record.recipients().get(1).email()).as("TQ2NR0wy2HFezy 3d is not an email").isNull();
        assertThat(events.get("sde:CUSTOMER_INFO:1700000001000").body()).isEqualTo(
                "Engagement attribute (SDE) CUSTOMER_INFO, server time 2023-11-14T22:13:21Z\n"
                        + "  customerInfo.serverTimeStamp: 1700000001000 (2023-11-14T22:13:21Z)\n"
                        + "  customerInfo.customerInfo.customerId: CUST-0042\n"
                        + "  customerInfo.customerInfo.customerType: premium\n");
        assertThat(events.get("unauth-sde:VIEWED_PRODUCT:1700000002000").body())
                .contains("viewedProduct.products[0].product.name: Gold card");
    }

    @Test
    void a_survey_answered_later_is_a_new_item_and_the_record_a_new_version_while_the_rest_keeps_its_keys()
            throws Exception {
        Map<String, ArchiveItem> before = systemEvents(fixture("conversation-survey-pending.json"));
        Map<String, ArchiveItem> after = systemEvents(fixture("conversation-survey-answered.json"));

        ArchiveItem survey = after.get("survey:Resolution:d-survey");
        assertThat(survey.body()).isEqualTo("LivePerson survey Resolution (status FILLED)\n"
                + "Q: Confirm Resolution\nA: Yes\nQ: How satisfied were you (CSAT)?\nA: 4\n"
                + "CSAT rate of the conversation: 4\n\nOther survey fields:\n  dialogId: d-survey\n");
        assertThat(survey.timestamp().toEpochMilli()).as("the survey dialog's end").isEqualTo(1700000400000L);
        ArchiveItem summary = after.get("summary");
        assertThat(summary.body()).isEqualTo("LivePerson conversation summary (last updated 2023-11-14T22:20:50Z):\n"
                + "Client asked to raise the card limit; agent raised it.\n");
        assertThat(summary.timestamp().toEpochMilli()).isEqualTo(1700000450000L);

        assertThat(after.get("conversation-record").itemId()).isEqualTo(before.get("conversation-record").itemId());
        assertThat(after.get("conversation-record").version()).isNotEqualTo(before.get("conversation-record").version());
        assertThat(after.get("conversation-record").body()).contains("CSAT rate: 4\n");
        for (String unchanged : List.of("close", "agent-join:7:1700000005000", "sde:CUSTOMER_INFO:1700000001000")) {
            assertThat(after.get(unchanged).idempotencyKey()).isEqualTo(before.get(unchanged).idempotencyKey());
        }
        assertThat(systemEvents(fixture("conversation-survey-answered.json")).get("survey:Resolution:d-survey")
                .idempotencyKey()).as("a re-poll").isEqualTo(survey.idempotencyKey());
    }

    @Test
    void an_open_conversation_record_leaves_out_what_the_api_recomputes_on_every_poll() throws Exception {
        String open = Files.readString(fixture("conversation-survey-pending.json"))
                .replace("\"status\":\"CLOSE\",\"startTimeL\":1700000000000,\"endTimeL\":1700000300000",
                        "\"status\":\"OPEN\",\"startTimeL\":1700000000000,\"endTimeL\":-1");
        Path first = Files.writeString(tmp.resolve("first-poll.json"), open);
        Path second = Files.writeString(tmp.resolve("second-poll.json"), open
                .replace("\"duration\":300000", "\"duration\":360000").replace("\"mcs\":70", "\"mcs\":75")
                .replace("\"messageDeliveryStatus\":\"READ\"", "\"messageDeliveryStatus\":\"ACCEPT\""));

        ArchiveItem a = systemEvents(first).get("conversation-record");
        ArchiveItem b = systemEvents(second).get("conversation-record");

        assertThat(b.idempotencyKey()).isEqualTo(a.idempotencyKey());
        assertThat(a.body()).contains("status OPEN", "Close reason: AGENT (MANUAL_CLOSE)")
                .doesNotContain("duration:", "mcs:", "messageStatuses");
        assertThat(a.timestamp().toEpochMilli()).as("the latest time the record names").isEqualTo(1700000300000L);
    }

    @Test
    void the_version_does_not_depend_on_the_order_of_fields() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(ConversationRecordItems.canonical(json.valueToTree(Map.of("b", 1, "a", List.of(Map.of("y", 2, "x", 3)))))
                .toString()).isEqualTo("{\"a\":[{\"x\":3,\"y\":2}],\"b\":1}");
    }
}

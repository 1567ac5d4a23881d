package io.conduit.source.liveperson;

import static io.conduit.source.liveperson.LivePersonReaderSupport.SETTINGS;
import static io.conduit.source.liveperson.LivePersonReaderSupport.drain;
import static io.conduit.source.liveperson.LivePersonReaderSupport.items;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vendor's own conversations/search response example, read end to end. */
class LivePersonSampleTest {

    private static final Path SAMPLE = Path.of(System.getProperty("conduit.samples", "../shared/samples"),
            "liveperson/lp_messaging_interactions_conversations_search_response_example.json");

    private List<Object> records;
    private List<ArchiveItem> messages;

    @BeforeEach
    void read() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SAMPLE), "samples folder absent");
        records = drain(LivePersonConversationsReader.open(SAMPLE, SETTINGS));
        messages = items(records).stream().filter(i -> i.event().equals("Message")).toList();
    }

    @Test
    void everyMessageRecordBecomesAnItemInSeqOrder() {
        assertThat(LivePersonReaderSupport.rejected(records)).isEmpty();
        assertThat(messages).extracting(ArchiveItem::itemId).containsExactly(
                "ms::conv:e5c58e49-e4a5-40a8-8a18-d6580d1d5630::msg:0",
                "ms::conv:e5c58e49-e4a5-40a8-8a18-d6580d1d5630::msg:2");
        ArchiveItem first = messages.get(0);
        assertThat(first.body()).isEqualTo("Hi there #4");
        assertThat(first.messageClass()).isEqualTo("IPM.NOTE.LivePerson.Message");
        assertThat(first.source()).isEqualTo("LivePerson");
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.timestamp()).isEqualTo(Instant.ofEpochMilli(1472483659564L));
        assertThat(first.conversationId()).isEqualTo("e5c58e49-e4a5-40a8-8a18-d6580d1d5630");
        assertThat(first.conversationType()).isEqualTo(ConversationType.DIRECT);
        assertThat(first.sourceRef()).isEqualTo("lp_messaging_interactions_conversations_search_response_example.json"
                + "#e5c58e49-e4a5-40a8-8a18-d6580d1d5630/ms::conv:e5c58e49-e4a5-40a8-8a18-d6580d1d5630::msg:0");
        assertThat(first.sourceSha256()).matches("[0-9a-f]{64}");
        assertThat(messages.get(1).body()).isEqualTo("I love your service");
    }

    @Test
    void consumerUndefinedValuesAreAbsentAndAgentIsAnEmailParticipant() {
        ArchiveItem first = messages.get(0);
        Participant consumer = first.sender();
        assertThat(consumer.handle()).isEqualTo("lp-consumer:f92c9890-2c95-428b-8a32-083528620d31");
        assertThat(consumer.displayName()).isEqualTo("Visitor Test");
        assertThat(consumer.email()).isNull();
        assertThat(consumer.phone()).isNull();
        assertThat(first.recipients()).singleElement().satisfies(agent -> {
            assertThat(agent.email()).isEqualTo("michal@lp.com");
            assertThat(agent.handle()).isEqualTo("lp-agent:3677470410");
        });
    }

    @Test
    void transfersAndAgentJoinBecomeSystemEventsButNoCloseWhileOpen() {
        List<ArchiveItem> events = items(records).stream().filter(i -> i.event().equals("SystemEvent")).toList();
        assertThat(events).extracting(ArchiveItem::itemId)
                .containsExactly("agent-join:3677470410:1472483645005", "transfer:1498127364726:0",
                        "transfer:1498127562332:1", "conversation-record", "summary", "survey:Satisfaction:0",
                        "sde:CUSTOMER_INFO:1497871291351", "sde:PERSONAL_INFO:1497871291351");
        assertThat(events).allSatisfy(e -> assertThat(e.messageClass()).isEqualTo("IPM.NOTE.LivePerson.SystemEvent"));
        assertThat(events.get(1).body()).contains("michal1", "cats").doesNotContain("null");
    }

    @Test
    void theCloseReasonSummarySurveyAndEngagementAttributesAreArchived() {
        java.util.Map<String, ArchiveItem> events = items(records).stream()
                .filter(i -> i.event().equals("SystemEvent"))
                .collect(java.util.stream.Collectors.toMap(ArchiveItem::itemId, i -> i));
        assertThat(events.get("conversation-record").body()).contains("Close reason: AGENT (MANUAL_CLOSE)",
                "CSAT rate: 5", "latestSkillName: Unassigned").doesNotContain("messageStatuses");
        assertThat(events.get("summary").body()).isEqualTo(
                "LivePerson conversation summary (last updated 2016-12-21T15:23:15.318Z):\nsummary\n");
        assertThat(events.get("survey:Satisfaction:0").body()).startsWith(
                "LivePerson survey Satisfaction (status FILLED)\nQ: Confirm Resolution\nA: Yes\nCSAT rate of the conversation: 5\n");
        assertThat(events.get("sde:PERSONAL_INFO:1497871291351").body())
                .contains("personalInfo.personalInfo.contacts[0].personalContact.email: dummy@mail.com");
        assertThat(events.values()).allSatisfy(e -> assertThat(e.sender().handle())
                .isEqualTo("lp-conversation:e5c58e49-e4a5-40a8-8a18-d6580d1d5630"));
    }
}

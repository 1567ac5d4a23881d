package io.conduit.source.liveperson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.source.support.Digests;

/**
 * The conversation-level data of one {@code conversationHistoryRecords[]} element as {@code SystemEvent} bodies: what
 * the messages do not carry, so that it is in an email too.
 *
 * <p>Fields as LivePerson's Messaging Interactions API reference names them (conversations/search, "Elements in the
 * Response": https://developers.liveperson.com/messaging-interactions-api-methods-conversations.html):
 * <ul>
 *   <li>{@code conversation-record}: {@code info} (status, {@code closeReason}, {@code closeReasonDescription},
 *       {@code csatRate}, {@code mcs}, skills, latest agent, source, device...), {@code campaign},
 *       {@code monitoring}, {@code dialogs}, {@code interactions}, {@code coBrowseSessions},
 *       {@code responseTime}, {@code messageStatuses} and {@code messageScore(s)};</li>
 *   <li>{@code summary}: {@code summary.text}, {@code summary.lastUpdatedTime};</li>
 *   <li>{@code survey:<surveyType>:<dialogId or index>}: each {@code conversationSurveys[]} element
 *       ({@code surveyType}, {@code surveyStatus}, {@code surveyData[] {question, answer}}: CSAT, "Confirm
 *       Resolution"...), with the conversation's {@code csatRate};</li>
 *   <li>{@code sde:<sdeType>:<serverTimeStamp>}: each engagement attribute event of {@code sdes.events[]} (and
 *       {@code unauth-sde:...} of {@code unAuthSdes.events[]}, returned with {@code v=2}).</li>
 * </ul>
 * Item ids are stable; the version is derived from the record's content (SHA-256 of its JSON, fields in name order), so a re-poll of
 * unchanged data is a duplicate and a later poll that brings more (a survey answered after the close, an updated
 * summary, the close reason) archives a new version alongside the earlier one. While a conversation is open, the
 * fields the API recomputes on every request ({@code duration}, {@code mcs}, {@code alertedMCS},
 * {@code latestQueueState}, {@code responseTime}, message statuses and scores) are left out of the record so that
 * polling an open conversation does not archive a new version each time; once it is closed they are final and kept.
 */
final class ConversationRecordItems {

    /** Item id of the conversation record. */
    static final String RECORD = "conversation-record";
    /** Item id of the summary. */
    static final String SUMMARY = "summary";

    /** Sections of a conversation record copied into the record item besides {@code info}, in this order. */
    private static final List<String> SECTIONS = List.of("campaign", "monitoring", "dialogs", "interactions",
            "coBrowseSessions", "responseTime", "messageStatuses", "messageScore", "messageScores");
    /** What is recomputed on every request while a conversation is open. */
    private static final Set<String> VOLATILE_WHILE_OPEN = Set.of("duration", "mcs", "alertedMCS", "latestQueueState",
            "responseTime", "messageStatuses", "messageScore", "messageScores");
    private static final Set<String> TIME_FIELDS = Set.of("lastUpdatedTime", "serverTimeStamp");

    /**
     * One conversation-level item to archive.
     *
     * @param itemId  stable id within the conversation
     * @param version 1 + the first 28 bits of the SHA-256 of {@code raw}
     * @param time    epoch milliseconds: when the data was last updated, else the latest time of the conversation
     * @param body    the record written out
     * @param raw     the JSON the item was made from (its SHA-256 is the item's source hash)
     */
    record Entry(String itemId, int version, long time, String body, JsonNode raw) {
    }

    private ConversationRecordItems() {
    }

    /**
     * The conversation-level items of one conversation record.
     *
     * @param record the {@code conversationHistoryRecords[]} element
     * @param closed whether the conversation is closed ({@code info.status} CLOSE or an {@code info.endTimeL})
     * @return the items in the order record, summary, surveys, SDEs; empty when the record has no time at all
     */
    static List<Entry> of(JsonNode record, boolean closed) {
        List<Entry> out = new ArrayList<>();
        Long latest = latestTime(record);
        if (latest == null) {
            return out;
        }
        JsonNode info = JsonValues.container(record, "info");
        Long end = JsonValues.epochMillis(info, "endTimeL");
        out.add(conversationRecord(record, info, closed, closed && end != null ? end : latest));

        JsonNode summary = JsonValues.container(record, "summary");
        String summaryText = JsonValues.text(summary, "text");
        if (summaryText != null) {
            Long updated = JsonValues.epochMillis(summary, "lastUpdatedTime");
            StringBuilder body = new StringBuilder("LivePerson conversation summary");
            if (updated != null) {
                body.append(" (last updated ").append(Instant.ofEpochMilli(updated)).append(')');
            }
            body.append(":\n").append(summaryText).append('\n');
            out.add(entry(SUMMARY, updated != null ? updated : latest, body.toString(), summary));
        }

        Map<String, Integer> seen = new HashMap<>();
        List<JsonNode> surveys = ConversationPeople.array(record, "conversationSurveys");
        for (int i = 0; i < surveys.size(); i++) {
            out.add(survey(record, info, surveys.get(i), i, latest, seen));
        }
        sdes(out, JsonValues.container(record, "sdes"), "sde:", "Engagement attribute (SDE)", latest);
        sdes(out, JsonValues.container(record, "unAuthSdes"), "unauth-sde:", "Unauthenticated engagement attribute (SDE)",
                latest);
        return out;
    }

    private static Entry conversationRecord(JsonNode record, JsonNode info, boolean closed, long time) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        StringBuilder body = new StringBuilder("LivePerson conversation record");
        String status = JsonValues.text(info, "status");
        body.append(status != null ? " (status " + status + ")" : "").append('\n');
        String reason = JsonValues.text(info, "closeReason");
        if (reason != null) {
            String description = JsonValues.text(info, "closeReasonDescription");
            body.append("Close reason: ").append(reason).append(description != null ? " (" + description + ")" : "")
                    .append('\n');
        }
        String csat = JsonValues.text(info, "csatRate");
        if (csat != null) {
            body.append("CSAT rate: ").append(csat).append('\n');
        }
        if (!closed) {
            body.append("The conversation is open: its duration, scores, queue state and message statuses are "
                    + "archived once it is closed.\n");
        }
        if (info != null && info.isObject()) {
            ObjectNode kept = ((ObjectNode) info).deepCopy();
            if (!closed) {
                kept.remove(VOLATILE_WHILE_OPEN);
            }
            raw.set("info", kept);
            section(body, "Conversation info", "", kept);
        }
        for (String name : SECTIONS) {
            JsonNode node = JsonValues.container(record, name);
            if (node != null && (closed || !VOLATILE_WHILE_OPEN.contains(name))) {
                raw.set(name, node);
                section(body, name, name, node);
            }
        }
        return entry(RECORD, time, body.toString(), raw);
    }

    private static Entry survey(JsonNode record, JsonNode info, JsonNode survey, int index, long latest,
                                Map<String, Integer> seen) {
        String type = JsonValues.text(survey, "surveyType");
        String dialog = JsonValues.text(survey, "dialogId");
        String id = "survey:" + (type != null ? type : "unknown") + ":" + (dialog != null ? dialog : String.valueOf(index));
        int n = seen.merge(id, 1, Integer::sum);
        if (n > 1) {
            id = id + ":" + n;
        }
        StringBuilder body = new StringBuilder("LivePerson survey");
        body.append(type != null ? " " + type : "");
        String status = JsonValues.text(survey, "surveyStatus");
        body.append(status != null ? " (status " + status + ")" : "").append('\n');
        for (JsonNode qa : ConversationPeople.array(survey, "surveyData")) {
            body.append("Q: ").append(orDash(JsonValues.text(qa, "question"))).append('\n')
                    .append("A: ").append(orDash(JsonValues.text(qa, "answer"))).append('\n');
        }
        String csat = JsonValues.text(info, "csatRate");
        if (csat != null) {
            body.append("CSAT rate of the conversation: ").append(csat).append('\n');
        }
        if (survey.isObject()) {
            ObjectNode rest = ((ObjectNode) survey).deepCopy();
            rest.remove(List.of("surveyType", "surveyStatus", "surveyData"));
            section(body, "Other survey fields", "", rest);
        }
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        raw.set("survey", survey);
        if (csat != null) {
            raw.put("csatRate", csat);
        }
        return entry(id, dialogTime(record, dialog, latest), body.toString(), raw);
    }

    private static void sdes(List<Entry> out, JsonNode sdes, String idPrefix, String title, long latest) {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode event : ConversationPeople.array(sdes, "events")) {
            String type = JsonValues.text(event, "sdeType");
            Long time = JsonValues.epochMillis(event, "serverTimeStamp");
            String id = idPrefix + (type != null ? type : "unknown") + ":" + (time != null ? time : "no-time");
            int n = seen.merge(id, 1, Integer::sum);
            if (n > 1) {
                id = id + ":" + n;
            }
            StringBuilder body = new StringBuilder(title).append(' ').append(type != null ? type : "of unknown type");
            if (time != null) {
                body.append(", server time ").append(Instant.ofEpochMilli(time));
            }
            body.append('\n');
            if (event.isObject()) {
                ObjectNode rest = ((ObjectNode) event).deepCopy();
                rest.remove(List.of("sdeType", "serverTimeStamp"));
                section(body, null, "", rest);
            }
            out.add(entry(id, time != null ? time : latest, body.toString(), event));
        }
    }

    private static Entry entry(String itemId, long time, String body, JsonNode raw) {
        String sha = Digests.ofRaw(canonical(raw).toString());
        int version = 1 + Integer.parseInt(sha.substring(0, 7), 16);
        return new Entry(itemId, version, time, body, raw);
    }

    /** The value with every object's fields in name order, so that the version does not depend on field order. */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            java.util.TreeMap<String, JsonNode> fields = new java.util.TreeMap<>();
            node.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
            fields.forEach((k, v) -> sorted.set(k, canonical(v)));
            return sorted;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(e -> copy.add(canonical(e)));
            return copy;
        }
        return node;
    }

    /** Writes a JSON value as {@code path: value} lines (absent values, as {@link JsonValues#text} reads them, left out). */
    private static void section(StringBuilder body, String title, String path, JsonNode node) {
        StringBuilder lines = new StringBuilder();
        flatten(lines, path, node);
        if (!lines.isEmpty()) {
            if (title != null) {
                body.append('\n').append(title).append(":\n");
            }
            body.append(lines);
        }
    }

    private static void flatten(StringBuilder out, String path, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> flatten(out, path.isEmpty() ? f.getKey() : path + "." + f.getKey(),
                    f.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(out, path + "[" + i + "]", node.get(i));
            }
        } else {
            ObjectNode holder = JsonNodeFactory.instance.objectNode();
            holder.set("v", node);
            String value = JsonValues.text(holder, "v");
            if (value != null) {
                out.append("  ").append(path).append(": ").append(value);
                String field = path.substring(path.lastIndexOf('.') + 1);
                Long millis = JsonValues.epochMillis(holder, "v");
                if (millis != null && (field.endsWith("TimeL") || TIME_FIELDS.contains(field))) {
                    out.append(" (").append(Instant.ofEpochMilli(millis)).append(')');
                }
                out.append('\n');
            }
        }
    }

    /** The end (else start) of the dialog with this id, else {@code fallback}. */
    private static long dialogTime(JsonNode record, String dialogId, long fallback) {
        for (JsonNode d : ConversationPeople.array(record, "dialogs")) {
            if (dialogId != null && dialogId.equals(JsonValues.text(d, "dialogId"))) {
                Long end = JsonValues.epochMillis(d, "endTimeL");
                Long start = JsonValues.epochMillis(d, "startTimeL");
                return end != null ? end : start != null ? start : fallback;
            }
        }
        return fallback;
    }

    /**
     * The latest time the record names (epoch ms): its start, messages, agents joining and leaving, transfers,
     * interactions and dialogs; {@code null} when it names none. For an open conversation this is when it last
     * changed as far as the record says.
     */
    static Long latestTime(JsonNode record) {
        long latest = 0;
        JsonNode info = JsonValues.container(record, "info");
        for (String field : List.of("startTimeL", "endTimeL")) {
            Long t = JsonValues.epochMillis(info, field);
            latest = t != null ? Math.max(latest, t) : latest;
        }
        for (String array : List.of("messageRecords", "agentParticipants", "agentParticipantsLeave", "transfers",
                "interactions", "dialogs")) {
            for (JsonNode e : ConversationPeople.array(record, array)) {
                for (String field : List.of("timeL", "interactionTimeL", "startTimeL", "endTimeL")) {
                    Long t = JsonValues.epochMillis(e, field);
                    latest = t != null ? Math.max(latest, t) : latest;
                }
            }
        }
        return latest > 0 ? latest : null;
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}

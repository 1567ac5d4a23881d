package io.conduit.state;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;

/**
 * An {@link ArchiveItem} as a JSON object and back, for the state stores that keep whole items (quarantine,
 * transcripts); attachments are kept beside it by the caller and named in the object.
 *
 * <p>Shape: the item's components by name ({@code timestamp} ISO-8601 UTC, {@code zone} a zone id), plus
 * {@code messageId} and {@code attachments}: {@code [{"fileName","mediaType","size","sha256","stored"}]} where
 * {@code stored} is the caller's name for the kept copy, or {@code null} with {@code readError} when it could not be
 * read.
 */
public final class ArchiveItemJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps one attachment's content and names the kept copy. */
    @FunctionalInterface
    public interface AttachmentSink {
        /**
         * @param index 1-based position of the attachment in the item
         * @return the name of the kept copy
         * @throws IOException when the attachment cannot be read or kept (recorded as {@code readError})
         */
        String keep(int index, Attachment attachment) throws IOException;
    }

    /** Opens a kept attachment copy by its name. */
    @FunctionalInterface
    public interface AttachmentSource {
        Attachment.Content open(String stored);
    }

    private ArchiveItemJson() {
    }

    /** The item as a JSON-ready map, its attachments kept by {@code sink}. */
    public static Map<String, Object> toJson(ArchiveItem item, AttachmentSink sink) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messageId", item.connectorId() == null ? null : ArchiveItemToMime.messageId(item));
        json.put("source", item.source());
        json.put("event", item.event());
        json.put("connectorId", item.connectorId());
        json.put("conversationId", item.conversationId());
        json.put("conversationName", item.conversationName());
        json.put("conversationType", item.conversationType());
        json.put("itemId", item.itemId());
        json.put("version", item.version());
        json.put("sender", item.sender());
        json.put("recipients", item.recipients());
        json.put("timestamp", item.timestamp() == null ? null : item.timestamp().toString());
        json.put("subject", item.subject());
        json.put("body", item.body());
        json.put("events", item.events());
        json.put("sourceSha256", item.sourceSha256());
        json.put("sourceRef", item.sourceRef());
        json.put("inReplyTo", item.inReplyTo());
        json.put("zone", item.zone() == null ? null : item.zone().getId());
        json.put("supersedes", item.supersedes());
        List<Map<String, Object>> attachments = new ArrayList<>();
        int n = 0;
        for (Attachment a : item.attachments()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("fileName", a.fileName());
            am.put("mediaType", a.mediaType());
            am.put("size", a.size());
            am.put("sha256", a.sha256());
            try {
                am.put("stored", sink.keep(++n, a));
            } catch (IOException e) {
                am.put("stored", null);
                am.put("readError", e.getMessage());
            }
            attachments.add(am);
        }
        json.put("attachments", attachments);
        return json;
    }

    /**
     * The item of a JSON object written by {@link #toJson}; attachments without a kept copy are left out (see
     * {@link #complete(JsonNode)}).
     *
     * @throws IOException when a participant cannot be read back
     */
    public static ArchiveItem fromJson(JsonNode n, AttachmentSource attachments) throws IOException {
        List<Attachment> kept = new ArrayList<>();
        for (JsonNode a : n.path("attachments")) {
            if (a.path("stored").isTextual()) {
                kept.add(new Attachment(a.path("fileName").asText(null), a.path("mediaType").asText(null),
                        a.path("size").asLong(-1), a.path("sha256").asText(null),
                        attachments.open(a.path("stored").asText())));
            }
        }
        List<Participant> recipients = new ArrayList<>();
        for (JsonNode r : n.path("recipients")) {
            recipients.add(JSON.treeToValue(r, Participant.class));
        }
        Set<ItemEvent> events = new HashSet<>();
        for (JsonNode e : n.path("events")) {
            events.add(ItemEvent.valueOf(e.asText()));
        }
        return new ArchiveItem(n.path("source").asText(null), n.path("event").asText(null), n.path("connectorId").asText(null),
                n.path("conversationId").asText(null), n.path("conversationName").asText(null),
                n.hasNonNull("conversationType") ? ConversationType.valueOf(n.path("conversationType").asText()) : null,
                n.path("itemId").asText(null), n.path("version").asInt(1),
                n.hasNonNull("sender") ? JSON.treeToValue(n.path("sender"), Participant.class) : null, recipients,
                n.hasNonNull("timestamp") ? Instant.parse(n.path("timestamp").asText()) : null,
                n.path("subject").asText(null), n.path("body").asText(""), events, kept,
                n.path("sourceSha256").asText(null), n.path("sourceRef").asText(null), n.path("inReplyTo").asText(null),
                n.hasNonNull("zone") ? ZoneId.of(n.path("zone").asText()) : null, n.path("supersedes").asText(null));
    }

    /** False when an attachment of the object has no kept copy (it could not be read when the item was kept). */
    public static boolean complete(JsonNode n) {
        for (JsonNode a : n.path("attachments")) {
            if (!a.path("stored").isTextual()) {
                return false;
            }
        }
        return true;
    }
}

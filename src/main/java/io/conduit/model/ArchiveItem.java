package io.conduit.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The canonical record every source produces and the shared pipeline archives: one message or event.
 *
 * <p>Sources fill it and do nothing else; the pipeline validates it, turns it into an email and stores a copy per
 * custodian. Fields the incumbents' contract makes mandatory (FROM, TO, DATE, MESSAGECLASS) may still be
 * {@code null} here: {@link io.conduit.mime.ArchiveItemValidator} refuses such an item with an error naming the
 * missing property, so that a source bug ends in quarantine rather than in a malformed email.
 *
 * @param source           source system, one word as used in the message class, e.g. {@code WhatsApp}
 * @param event            event kind, e.g. {@code Message} or {@code SystemEvent}
 * @param connectorId      configured connector instance that read the item
 * @param conversationId   stable id of the conversation (chat, channel, thread) within the connector
 * @param conversationName human title of the conversation, e.g. the chat name; may equal the id
 * @param conversationType direct, group or channel
 * @param itemId           stable id of the item within the conversation, identical across re-polls and re-exports
 * @param version          1 for the first version; edits that the source reports as new versions count up
 * @param sender           who sent it (for system events: the conversation itself)
 * @param recipients       every other participant
 * @param timestamp        when it was sent, UTC
 * @param subject          subject from the source, or {@code null} to generate one
 * @param body             plain-text body as the source wrote it, never {@code null}
 * @param events           what happened to it besides being sent (deleted, edited, media omitted)
 * @param attachments      files that came with it, in source order
 * @param sourceSha256     lower-case hex SHA-256 of the raw source record(s) the item came from
 * @param sourceRef        where it came from, for reasons and logs: {@code file:line} or an API record id
 */
public record ArchiveItem(
        String source,
        String event,
        String connectorId,
        String conversationId,
        String conversationName,
        ConversationType conversationType,
        String itemId,
        int version,
        Participant sender,
        List<Participant> recipients,
        Instant timestamp,
        String subject,
        String body,
        Set<ItemEvent> events,
        List<Attachment> attachments,
        String sourceSha256,
        String sourceRef) {

    public ArchiveItem {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        events = events == null ? Set.of() : Set.copyOf(events);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        body = body == null ? "" : body;
    }

    /** The message class, {@code IPM.NOTE.<Source>.<Event>}, or {@code null} when source or event is missing. */
    public String messageClass() {
        if (source == null || source.isBlank() || event == null || event.isBlank()) {
            return null;
        }
        return "IPM.NOTE." + source + "." + event;
    }

    /**
     * The idempotency key: {@code connector|conversation|item id|version}. Two items with the same key are the
     * same item, however many times a source delivers it.
     */
    public String idempotencyKey() {
        return connectorId + '|' + conversationId + '|' + itemId + '|' + version;
    }

    /** Sender first, then recipients: everyone who should get a copy. */
    public List<Participant> participants() {
        if (sender == null) {
            return recipients;
        }
        java.util.ArrayList<Participant> all = new java.util.ArrayList<>(recipients.size() + 1);
        all.add(sender);
        all.addAll(recipients);
        return all;
    }
}

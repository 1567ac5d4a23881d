package io.conduit.model;

import java.time.Instant;
import java.time.ZoneId;
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
 * @param inReplyTo        item id (in the same conversation) of the message this one answers: a Slack thread's parent,
 *                         a Telegram {@code reply_to_message_id}, an X {@code in_reply_to_status_id}; {@code null} when
 *                         it answers none
 * @param zone             time zone of the participants (the connector's {@code zone}), for the local time shown
 *                         beside UTC and the conversation day; {@code null} when unknown (then UTC)
 * @param supersedes       {@code Message-ID} of the email this item replaces as a new version (a transcript re-issued
 *                         with late items), or {@code null}
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
        String sourceRef,
        String inReplyTo,
        ZoneId zone,
        String supersedes) {

    /**
     * The {@code event} of a system line rather than a person's message (an encryption notice, a membership change, a
     * service message): message class {@code IPM.NOTE.<Source>.SystemEvent}.
     */
    public static final String SYSTEM_EVENT = "SystemEvent";

    /** An item that answers no other, in no known zone, replacing nothing: the shape every source builds. */
    public ArchiveItem(String source, String event, String connectorId, String conversationId, String conversationName,
                       ConversationType conversationType, String itemId, int version, Participant sender,
                       List<Participant> recipients, Instant timestamp, String subject, String body, Set<ItemEvent> events,
                       List<Attachment> attachments, String sourceSha256, String sourceRef) {
        this(source, event, connectorId, conversationId, conversationName, conversationType, itemId, version, sender,
                recipients, timestamp, subject, body, events, attachments, sourceSha256, sourceRef, null, null, null);
    }

    public ArchiveItem {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        events = events == null ? Set.of() : Set.copyOf(events);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        body = body == null ? "" : body;
    }

    /** This item answering the item {@code parentItemId} of the same conversation ({@code null}: none). */
    public ArchiveItem withInReplyTo(String parentItemId) {
        return new ArchiveItem(source, event, connectorId, conversationId, conversationName, conversationType, itemId,
                version, sender, recipients, timestamp, subject, body, events, attachments, sourceSha256, sourceRef,
                parentItemId == null || parentItemId.isBlank() ? null : parentItemId, zone, supersedes);
    }

    /**
     * This item with a note of Conduit's appended to its body (after a blank line), e.g. what was repaired in the
     * source record before it could be read.
     */
    public ArchiveItem withNote(String note) {
        return new ArchiveItem(source, event, connectorId, conversationId, conversationName, conversationType, itemId,
                version, sender, recipients, timestamp, subject, body.isEmpty() ? note : body + "\n\n" + note, events,
                attachments, sourceSha256, sourceRef, inReplyTo, zone, supersedes);
    }

    /** This item in the participants' time zone. */
    public ArchiveItem withZone(ZoneId participantsZone) {
        return new ArchiveItem(source, event, connectorId, conversationId, conversationName, conversationType, itemId,
                version, sender, recipients, timestamp, subject, body, events, attachments, sourceSha256, sourceRef,
                inReplyTo, participantsZone, supersedes);
    }

    /** This item as a new version of the email whose {@code Message-ID} is {@code messageId}. */
    public ArchiveItem withSupersedes(String messageId) {
        return new ArchiveItem(source, event, connectorId, conversationId, conversationName, conversationType, itemId,
                version, sender, recipients, timestamp, subject, body, events, attachments, sourceSha256, sourceRef,
                inReplyTo, zone, messageId);
    }

    /** The participants' zone, UTC when unknown. */
    public ZoneId zoneOrUtc() {
        return zone == null ? java.time.ZoneOffset.UTC : zone;
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

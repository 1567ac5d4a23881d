package io.conduit.pipeline;

import io.conduit.model.Text;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.conduit.mime.ArchiveItemToMime;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;

/**
 * Builds a conversation day's transcript: one {@link ArchiveItem} (event {@value #EVENT}, message class
 * {@code IPM.NOTE.<Source>.Transcript}) holding the day's messages in time order, each with its time (local and
 * UTC), sender, text, events and the names of its files, and every message's attachments, as TeleMessage and eDiscovery
 * review tools present a chat.
 *
 * <p>Its item id is {@code transcript/<day>/<hash of the item keys it holds>} and its version counts the day's issued
 * transcripts, so its {@code Message-ID} changes whenever its content does (a crash before the version was recorded
 * re-issues the same {@code Message-ID}, found in the store rather than doubled); a later version names the one it
 * supersedes.
 */
public final class TranscriptBuilder {

    /** The transcript's event in the message class. */
    public static final String EVENT = "Transcript";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private TranscriptBuilder() {
    }

    /**
     * The transcript of a day.
     *
     * @param date       the conversation day, in the items' zone
     * @param items      the day's items (at least one), in the order they were kept
     * @param version    1 for the first transcript of the day, then 2, ...
     * @param supersedes {@code Message-ID} of the version this one replaces, or {@code null}
     * @throws IllegalArgumentException when {@code items} is empty
     */
    public static ArchiveItem build(LocalDate date, List<ArchiveItem> items, int version, String supersedes) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a transcript needs at least one item");
        }
        List<ArchiveItem> ordered = new ArrayList<>(items);
        ordered.sort(Comparator.comparing(ArchiveItem::timestamp)); // stable: equal times keep their order
        ArchiveItem first = ordered.get(0);
        ArchiveItem last = ordered.get(ordered.size() - 1);
        ZoneId zone = first.zoneOrUtc();
        List<Participant> everyone = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        StringBuilder keys = new StringBuilder();
        StringBuilder hashes = new StringBuilder();
        StringBuilder body = new StringBuilder();
        body.append("Transcript of ").append(Text.clean(last.conversationName())).append(", ").append(date)
                .append(" (").append(zone.getId()).append("): ").append(ordered.size()).append(" item(s), version ")
                .append(version).append('\n');
        if (supersedes != null) {
            body.append("This version supersedes ").append(supersedes)
                    .append(": it holds every item of the day, including those read since.\n");
        }
        for (ArchiveItem item : ordered) {
            for (Participant p : item.participants()) {
                if (everyone.stream().noneMatch(p::sameAs)) {
                    everyone.add(p);
                }
            }
            attachments.addAll(item.attachments());
            keys.append(item.idempotencyKey()).append('\n');
            hashes.append(item.sourceSha256()).append('\n');
            entry(body, item, zone);
        }
        // the sender of a system line only (WhatsApp's "WhatsApp chat <name>" of the encryption notice) is no person:
        // it neither sends the transcript nor appears among its recipients
        List<Participant> people = new ArrayList<>();
        for (ArchiveItem item : ordered) {
            List<Participant> roles = new ArrayList<>(item.recipients());
            if (!ArchiveItem.SYSTEM_EVENT.equals(item.event())) {
                roles.add(item.sender());
            }
            for (Participant p : roles) {
                if (people.stream().noneMatch(p::sameAs)) {
                    people.add(p);
                }
            }
        }
        if (!people.isEmpty()) {
            everyone.removeIf(p -> people.stream().noneMatch(p::sameAs));
        }
        Participant sender = ordered.stream().filter(i -> !ArchiveItem.SYSTEM_EVENT.equals(i.event())).findFirst()
                .orElse(first).sender();
        List<Participant> recipients = everyone.stream().filter(p -> !p.sameAs(sender)).toList();
        return new ArchiveItem(first.source(), EVENT, first.connectorId(), first.conversationId(),
                last.conversationName(), last.conversationType(),
                "transcript/" + date + "/" + Text.sha256(keys.toString()).substring(0, 16), version, sender,
                recipients.isEmpty() ? List.of(sender) : recipients, first.timestamp(), first.subject(), body.toString(),
                java.util.Set.of(), attachments, Text.sha256(hashes.toString()),
                "transcript of " + ordered.size() + " item(s): " + first.sourceRef()
                        + (ordered.size() > 1 ? " \u2026 " + last.sourceRef() : ""),
                null, first.zone(), supersedes);
    }

    private static void entry(StringBuilder body, ArchiveItem item, ZoneId zone) {
        Participant from = item.sender();
        body.append("\n[").append(TIME.format(item.timestamp().atZone(zone))).append("] ")
                .append(Text.clean(from.displayName() != null ? from.displayName() : from.primaryIdentifier()))
                .append(" (").append(Text.clean(from.describe())).append(")")
                .append(item.event().equals("Message") ? "" : " \u00b7 " + item.event())
                .append('\n');
        String text = item.body().strip();
        if (!text.isEmpty()) {
            for (String line : text.split("\n", -1)) {
                body.append("  ").append(line).append('\n');
            }
        }
        for (ItemEvent e : item.events()) {
            body.append("  ").append(ArchiveItemToMime.eventNote(e)).append('\n');
        }
        for (Attachment a : item.attachments()) {
            body.append("  [Attachment: ").append(Text.clean(a.fileName())).append(", ").append(a.size())
                    .append(" bytes]\n");
        }
        body.append("  (").append(item.timestamp()).append(" UTC; item ").append(Text.clean(item.itemId()));
        if (item.inReplyTo() != null) {
            body.append(", in reply to item ").append(Text.clean(item.inReplyTo()));
        }
        body.append("; ").append(ArchiveItemToMime.messageId(item)).append(")\n");
    }
}

package io.conduit.source.sms;

import java.nio.charset.StandardCharsets;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.support.Digests;
import io.conduit.source.support.OrdinalWindow;
import io.conduit.source.SourceSettings;
import io.conduit.source.sms.SmsParties.Conversation;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;

/**
 * Turns one backup record into an archive item, or a rejected record naming {@code file:line} and what was wrong.
 *
 * <p>Format: SMS Backup &amp; Restore (SyncTech), "Fields in the XML backup files": {@code <sms>} ({@code address},
 * {@code date} epoch ms, {@code type} 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued, {@code subject},
 * {@code body}, {@code contact_name}), {@code <mms>} ({@code date} epoch ms, {@code msg_box} 1 received, 2 sent,
 * 3 draft, 4 outbox, {@code address} {@code ~}-separated, {@code sub}, {@code m_id}; {@code <part>}s with
 * {@code seq}, {@code ct}, {@code name}/{@code fn}/{@code cl}, {@code text} or base64 {@code data}; {@code <addr>}s
 * with {@code type} 137 from, 151 to, 130 cc, 129 bcc) and {@code <call>} ({@code number}, {@code duration} seconds,
 * {@code date} epoch ms, {@code type} 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked,
 * {@code presentation} 1 allowed, 2 restricted, 3 unknown, 4 payphone). {@code readable_date} is ignored (it is in the
 * phone's locale and zone).
 */
final class SmsItems {

    /** Source of SMS items: class {@code IPM.NOTE.SMS.Message}. */
    static final String SMS = "SMS";
    /** Source of MMS items: class {@code IPM.NOTE.MMS.Message}. */
    static final String MMS = "MMS";
    /** Source of call log items: class {@code IPM.NOTE.Phone.Call}. */
    static final String PHONE = "Phone";
    static final String MESSAGE = "Message";
    static final String CALL = "Call";

    private static final Map<Integer, String> SMS_TYPES = Map.of(3, "draft, never sent", 4, "in the outbox, not yet sent",
            5, "failed to send", 6, "queued, not yet sent");
    private static final Map<Integer, String> MMS_BOXES = Map.of(3, "draft, never sent", 4, "in the outbox, not yet sent");
    private static final Map<Integer, String> CALL_TYPES = Map.of(1, "Incoming call", 2, "Outgoing call", 3, "Missed call",
            4, "Voicemail", 5, "Rejected call", 6, "Blocked call");
    private static final Map<Integer, String> PRESENTATIONS = Map.of(2, "restricted number", 3, "unknown number",
            4, "payphone");
    private static final String SMIL = "application/smil";

    private final SourceSettings settings;
    private final SmsParties parties;
    private final OrdinalWindow ordinals = new OrdinalWindow();

    SmsItems(SourceSettings settings) {
        this.settings = settings;
        this.parties = new SmsParties(settings.owner(), settings.defaultRegion());
    }

    /** An {@code <sms>}: an item, or a rejected record when it has no valid {@code date} or no {@code address}. */
    Object sms(BackupRecord r) {
        Instant time = time(r);
        List<String> addresses = SmsParties.split(r.get("address"));
        if (time == null || addresses.isEmpty()) {
            return reject(SMS, r, time == null ? dateProblem(r) : "sms has no address");
        }
        Integer type = integer(r.get("type"));
        String text = r.get("body") == null ? "" : r.get("body");
        String status = type == null ? "type missing" : type == 1 || type == 2 ? null
                : SMS_TYPES.getOrDefault(type, "type " + type + " (not a known SMS type)");
        String body = status == null ? text : text + (text.isEmpty() ? "" : "\n\n") + "[SMS " + status + "]";
        List<Participant> counterparts = counterparts(addresses, r.get("contact_name"));
        Conversation c = SmsParties.conversation(counterparts, r.get("contact_name"));
        boolean received = type == null || type == 1 || !SMS_TYPES.containsKey(type) && type != 2;
        String key = Digests.ofFields(SMS, r.get("date"), String.valueOf(type), c.id(), text);
        return item(SMS, MESSAGE, c, received, time, key, r.get("subject"), body, Set.of(), List.of(), r);
    }

    /** A {@code <call>}: an item whose body says the call type and duration. */
    Object call(BackupRecord r) {
        Instant time = time(r);
        if (time == null) {
            return reject(PHONE, r, dateProblem(r));
        }
        Integer type = integer(r.get("type"));
        Integer presentation = integer(r.get("presentation"));
        String number = r.get("number");
        boolean hidden = number == null || number.isBlank() || number.strip().startsWith("-");
        Participant other = hidden
                ? Participant.ofHandle(presentation == null ? "unknown number" : PRESENTATIONS.getOrDefault(presentation, "unknown number"))
                : parties.party(number, r.get("contact_name"));
        Conversation c = SmsParties.conversation(List.of(other), r.get("contact_name"));
        String kind = type == null ? "Call of unknown type" : CALL_TYPES.getOrDefault(type, "Call of type " + type);
        Long seconds = longValue(r.get("duration"));
        String duration = seconds == null ? "duration not recorded" : "duration " + seconds + " s ("
                + String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60) + ")";
        StringBuilder body = new StringBuilder(kind).append(type != null && type == 2 ? " to " : " from ")
                .append(describe(other)).append(", ").append(duration).append('.');
        if (presentation != null && PRESENTATIONS.containsKey(presentation)) {
            body.append("\nCaller id: ").append(PRESENTATIONS.get(presentation)).append('.');
        }
        String key = Digests.ofFields(PHONE, r.get("date"), String.valueOf(type), c.id(), r.get("duration"));
        return item(PHONE, CALL, c, type == null || type != 2, time, key, kind + ", " + duration, body.toString(),
                Set.of(), List.of(), r);
    }

    /**
     * An {@code <mms>}: text parts make the body, parts with {@code data} (or non-text parts with {@code text}) are
     * attachments, SMIL layout parts are left out, parts without content are noted and flag {@code MEDIA_OMITTED}.
     * The sender is the {@code 137} address, recipients the {@code 151}, {@code 130} and {@code 129} ones; without
     * {@code <addrs>}, the {@code address} list and {@code msg_box} decide.
     */
    Object mms(BackupRecord r) {
        Instant time = time(r);
        if (time == null) {
            return reject(MMS, r, dateProblem(r));
        }
        Integer box = integer(r.get("msg_box"));
        String from = null;
        List<String> others = new ArrayList<>();
        for (Map<String, String> a : r.addrs()) {
            String address = a.get("address");
            if (address == null || address.isBlank()) {
                continue;
            }
            if ("137".equals(a.get("type")) && from == null) {
                from = address;
            } else {
                others.add(address);
            }
        }
        if (r.addrs().isEmpty() || from == null && others.isEmpty()) {
            others = SmsParties.split(r.get("address"));
        }
        boolean sentByOwner = from != null ? parties.isOwner(from) : box != null && box != 1;
        List<String> counterpartAddresses = new ArrayList<>();
        if (from != null && !parties.isOwner(from)) {
            counterpartAddresses.add(from);
        }
        for (String a : others) {
            if (!parties.isOwner(a)) {
                counterpartAddresses.add(a);
            }
        }
        if (counterpartAddresses.isEmpty()) {
            return reject(MMS, r, "mms has no address other than the owner's");
        }
        List<Participant> counterparts = counterparts(counterpartAddresses, r.get("contact_name"));
        Conversation c = SmsParties.conversation(counterparts, r.get("contact_name"));
        Participant sender = sentByOwner ? parties.owner()
                : from != null ? parties.party(from, c.counterparts().size() == 1 ? r.get("contact_name") : null)
                : c.counterparts().get(0);

        StringBuilder text = new StringBuilder();
        StringBuilder notes = new StringBuilder();
        List<Attachment> attachments = new ArrayList<>();
        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        List<String> keyFields = new ArrayList<>(List.of(MMS, r.get("date"), String.valueOf(box), c.id(),
                String.valueOf(r.get("m_id")), String.valueOf(r.get("sub"))));
        for (BackupRecord.Part p : r.parts()) {
            Map<String, String> a = p.attributes();
            String type = mediaType(a.get("ct"));
            String partText = a.get("text");
            if (p.media() != null) {
                MediaFile media = p.media();
                attachments.add(new Attachment(fileName(a), type, p.size(), p.sha256(), media::open));
                keyFields.add(p.sha256());
            } else if (type.equals(SMIL)) {
                continue;
            } else if (partText != null && type.equals("text/plain")) {
                text.append(text.isEmpty() ? "" : "\n").append(partText);
                keyFields.add(partText);
            } else if (partText != null) {
                byte[] bytes = partText.getBytes(StandardCharsets.UTF_8);
                attachments.add(new Attachment(fileName(a), type, bytes.length, Digests.ofRaw(partText),
                        () -> new ByteArrayInputStream(bytes)));
                keyFields.add(partText);
            } else {
                events.add(ItemEvent.MEDIA_OMITTED);
                notes.append("\n[part ").append(a.getOrDefault("seq", "?")).append(" (").append(type)
                        .append(") has no content in the backup]");
            }
        }
        if (box != null && box != 1 && box != 2) {
            notes.append("\n[MMS ").append(MMS_BOXES.getOrDefault(box, "box " + box + " (not a known MMS box)")).append(']');
        }
        String body = text + (notes.isEmpty() ? "" : (text.isEmpty() ? notes.substring(1) : "\n" + notes));
        String key = Digests.ofFields(keyFields.toArray(String[]::new));
        return item(MMS, MESSAGE, c, sender, time, key, r.get("sub"), body, events, attachments, r);
    }

    private Object item(String source, String event, Conversation c, boolean received, Instant time, String key,
            String subject, String body, Set<ItemEvent> events, List<Attachment> attachments, BackupRecord r) {
        Participant sender = received ? c.counterparts().get(0) : parties.owner();
        return item(source, event, c, sender, time, key, subject, body, events, attachments, r);
    }

    private Object item(String source, String event, Conversation c, Participant sender, Instant time, String key,
            String subject, String body, Set<ItemEvent> events, List<Attachment> attachments, BackupRecord r) {
        List<Participant> recipients = new ArrayList<>();
        if (!sender.sameAs(parties.owner())) {
            recipients.add(parties.owner());
        }
        for (Participant p : c.counterparts()) {
            if (!p.sameAs(sender)) {
                recipients.add(p);
            }
        }
        int ordinal = ordinals.next(time.getEpochSecond(), key);
        String itemId = ordinal == 0 ? key : Digests.ofFields(key, String.valueOf(ordinal));
        return new ArchiveItem(source, event, settings.connectorId(), c.id(), c.name(), c.type(), itemId, 1, sender,
                recipients, time, subject, body, events, attachments, r.text().sha256(), r.ref());
    }

    private List<Participant> counterparts(List<String> addresses, String contactName) {
        Map<String, Participant> out = new LinkedHashMap<>();
        for (String a : addresses) {
            Participant p = parties.party(a, addresses.size() == 1 ? contactName : null);
            out.putIfAbsent(p.primaryIdentifier(), p);
        }
        return new ArrayList<>(out.values());
    }

    /** A record that could not become an item; its reason starts with {@code file:line}. */
    RejectedRecord reject(String source, BackupRecord r, String reason) {
        return new RejectedRecord(source, settings.connectorId(), r.ref(), r.ref() + ": " + reason, r.text().raw());
    }

    /** A part's {@code ct} as a MIME base type in lower case; {@code application/octet-stream} when absent or invalid. */
    private static String mediaType(String ct) {
        if (ct != null) {
            try {
                return new ContentType(ct.strip()).getBaseType().toLowerCase(Locale.ROOT);
            } catch (ParseException invalid) {
                // not a media type: the part is kept as bytes of unknown type
            }
        }
        return "application/octet-stream";
    }

    private static String fileName(Map<String, String> part) {
        for (String name : List.of("cl", "fn", "name")) {
            String v = part.get(name);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return "part-" + part.getOrDefault("seq", "0");
    }

    private static String describe(Participant p) {
        String id = p.primaryIdentifier();
        return p.displayName() == null || p.displayName().equals(id) ? id : p.displayName() + " (" + id + ")";
    }

    private static Instant time(BackupRecord r) {
        Long ms = longValue(r.get("date"));
        return ms == null || ms <= 0 ? null : Instant.ofEpochMilli(ms);
    }

    private static String dateProblem(BackupRecord r) {
        String date = r.get("date");
        return date == null ? r.element() + " has no date"
                : r.element() + " date '" + SmsBackupReader.escape(date) + "' is not a time in epoch milliseconds";
    }

    private static Integer integer(String s) {
        Long v = longValue(s);
        return v == null || v != v.intValue() ? null : v.intValue();
    }

    private static Long longValue(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.conduit.source.whatsappbusiness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.mapping.PhoneNumbers;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;

/**
 * Reads one WhatsApp Business Platform (Cloud API) webhook delivery, the JSON Meta POSTs
 * ({@code {"object":"whatsapp_business_account","entry":[{"id":WABA,"changes":[{"field":..,"value":..}]}]}}, Meta,
 * "Webhooks payload examples"), into archive items of source {@code WhatsAppBusiness}: field {@code messages}
 * ({@code value.messages[]}: event {@code Message}; {@code value.statuses[]}: event {@code Status}, one item per
 * status so the trail survives out-of-order delivery), {@code smb_message_echoes} ({@code value.message_echoes[]}:
 * event {@code Echo}) and {@code history} ({@code value.history[].threads[].messages[]} and the separately sent media
 * contents in {@code value.messages[]}: event {@code History}). Error notices that name no message
 * ({@code value.errors[]}, {@code value.history[].errors[]}) become rejected records, counted and quarantined.
 * Item ids are the {@code wamid} (statuses: {@code <wamid>/status/<status>}; a history {@code media_placeholder}:
 * {@code <wamid>/media_placeholder}, its media contents keeping the wamid), so a redelivery is a duplicate.
 * The conversation is the business number and the customer: {@code <phone_number_id>/<wa_id>}; a group's message or
 * status: {@code <phone_number_id>/group/<group_id>} (a group status's item id ends in {@code /<member>}).
 * Media is downloaded through the Graph API when a {@link GraphMediaFetcher} is given; a failed download makes the
 * item a rejected record (quarantined, retried from quarantine), never an item silently without its media.
 */
public final class WhatsAppBusinessPayloadReader {

    /** Source name in the message class {@code IPM.NOTE.WhatsAppBusiness.<Event>}. */
    public static final String SOURCE = "WhatsAppBusiness";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MEDIA = Set.of("image", "video", "audio", "voice", "document", "sticker");

    private WhatsAppBusinessPayloadReader() {
    }

    /**
     * @param file     one delivery body
     * @param settings connector id, default region; options {@code graph-base-url}, {@code access-token}
     * @param media    media downloader, or null to note media as omitted (import of saved payloads without a token)
     * @throws MalformedExportException when the file is not JSON of {@code object = whatsapp_business_account}
     */
    public static SourceRecords open(Path file, SourceSettings settings, GraphMediaFetcher media)
            throws MalformedExportException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new MalformedExportException(file + ": not a WhatsApp Business webhook payload (not JSON)", e);
        }
        if (root == null || !"whatsapp_business_account".equals(root.path("object").asText())) {
            throw new MalformedExportException(file + ": not a WhatsApp Business webhook payload (object is not whatsapp_business_account)");
        }
        String sha = GraphMediaFetcher.sha256(root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<Object> out = new ArrayList<>();
        Ctx ctx = new Ctx(settings, media, sha, file.getFileName().toString());
        int e = 0;
        for (JsonNode entry : root.path("entry")) {
            int c = 0;
            for (JsonNode change : entry.path("changes")) {
                String ref = ctx.file + ":entry[" + e + "].changes[" + c + "]";
                String field = change.path("field").asText("");
                JsonNode value = change.path("value");
                try {
                    switch (field) {
                        case "messages" -> {
                            int i = 0;
                            for (JsonNode m : value.path("messages")) {
                                out.add(ctx.message(value, m, "Message", false, null, ref + ".messages[" + i++ + "]"));
                            }
                            i = 0;
                            for (JsonNode s : value.path("statuses")) {
                                out.add(ctx.status(value, s, ref + ".statuses[" + i++ + "]"));
                            }
                            ctx.errorNotices(value.path("errors"), ref + ".errors", out);
                        }
                        case "smb_message_echoes" -> {
                            int i = 0;
                            for (JsonNode m : value.path("message_echoes")) {
                                out.add(ctx.message(value, m, "Echo", true, Ctx.id(m, "to", "to_user_id"),
                                        ref + ".message_echoes[" + i++ + "]"));
                            }
                        }
                        case "history" -> {
                            int h = 0;
                            for (JsonNode hist : value.path("history")) {
                                ctx.errorNotices(hist.path("errors"), ref + ".history[" + h + "].errors", out);
                                for (JsonNode thread : hist.path("threads")) {
                                    // a username user's thread may have an empty id, its BSUID in context.user_id
                                    String customer = thread.path("id").asText("").isEmpty()
                                            ? thread.path("context").path("user_id").asText(null) : thread.path("id").asText();
                                    int i = 0;
                                    for (JsonNode m : thread.path("messages")) {
                                        String from = m.path("from").asText("");
                                        boolean business = ctx.isBusiness(value, from)
                                                || (!from.isEmpty() && !from.equals(customer) && !ctx.hasBusinessNumber(value));
                                        out.add(ctx.message(value, m, "History", business, customer,
                                                ref + ".history[" + h + "].threads[" + customer + "].messages[" + i++ + "]"));
                                    }
                                }
                                h++;
                            }
                            // Meta, history webhook reference: media messages come as media_placeholder in a
                            // thread, their contents "in a second webhook" of field history with value.messages[]
                            int i = 0;
                            for (JsonNode m : value.path("messages")) {
                                out.add(ctx.historyMedia(value, m, ref + ".messages[" + i++ + "]"));
                            }
                        }
                        default -> out.add(new RejectedRecord(SOURCE, settings.connectorId(), ref,
                                "webhook field '" + io.conduit.source.whatsappbusiness.Text.safe(field) + "' is not archived by this connector", change.toString()));
                    }
                } catch (RuntimeException ex) {
                    out.add(new RejectedRecord(SOURCE, settings.connectorId(), ref, "unreadable change: "
                            + ex.getClass().getSimpleName() + ": " + Text.safe(ex.getMessage()), change.toString()));
                }
                c++;
            }
            e++;
        }
        Iterator<Object> it = out.iterator();
        return new SourceRecords() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Object next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }

    private record Ctx(SourceSettings settings, GraphMediaFetcher media, String sha, String file) {

        Participant business(JsonNode value) {
            JsonNode md = value.path("metadata");
            String number = md.path("display_phone_number").asText("");
            String e164 = PhoneNumbers.toE164("+" + number.replaceAll("[^0-9]", ""), settings.defaultRegion());
            return new Participant(number.isEmpty() ? md.path("phone_number_id").asText("WhatsApp Business") : number,
                    e164, null, md.path("phone_number_id").asText(null));
        }

        /**
         * The customer named by {@code waId}: a phone number ({@code wa_id}) or, for a user who adopted a username and
         * withholds the number, Meta's business-scoped user id ({@code user_id}, e.g. {@code US.13491208655302741918});
         * only digits become an E.164 phone, a BSUID never does.
         */
        Participant customer(JsonNode value, String waId) {
            String name = null;
            for (JsonNode c : value.path("contacts")) {
                if (waId != null && (waId.equals(c.path("wa_id").asText()) || waId.equals(c.path("user_id").asText()))) {
                    name = c.path("profile").path("name").asText(c.path("profile").path("username").asText(null));
                }
            }
            String e164 = waId == null || !waId.matches("\\+?[0-9]+") ? null
                    : PhoneNumbers.toE164("+" + waId.replaceAll("[^0-9]", ""), settings.defaultRegion());
            return new Participant(name == null ? waId : name, e164, null, waId);
        }

        /**
         * The first non-empty of the named fields: Meta leaves a phone number field empty ({@code from}, {@code to},
         * {@code recipient_id}, {@code wa_id}) when a username user hides it, and names the user by BSUID in the
         * matching {@code *_user_id} field (Meta, Business-scoped user IDs, "Messages webhooks").
         */
        static String id(JsonNode node, String... fields) {
            for (String f : fields) {
                String v = node.path(f).asText("");
                if (!v.isEmpty()) {
                    return v;
                }
            }
            return null;
        }

        boolean hasBusinessNumber(JsonNode value) {
            return !value.path("metadata").path("display_phone_number").asText("").replaceAll("[^0-9]", "").isEmpty();
        }

        /** Whether {@code from} is the business's own number (metadata.display_phone_number), compared by digits. */
        boolean isBusiness(JsonNode value, String from) {
            String digits = from.replaceAll("[^0-9]", "");
            return !digits.isEmpty() && hasBusinessNumber(value)
                    && digits.equals(value.path("metadata").path("display_phone_number").asText("").replaceAll("[^0-9]", ""));
        }

        /**
         * The sending customer: {@code from}, else {@code from_user_id} (a username user's BSUID), else the delivery's
         * only contact's {@code wa_id} or {@code user_id}.
         */
        static String customerId(JsonNode value, JsonNode m) {
            String from = id(m, "from", "from_user_id");
            if (from != null) {
                return from;
            }
            JsonNode contacts = value.path("contacts");
            if (contacts.size() == 1) {
                String wa = contacts.get(0).path("wa_id").asText("");
                return wa.isEmpty() ? contacts.get(0).path("user_id").asText(null) : wa;
            }
            return null;
        }

        /**
         * Meta's error notices that name no message (messages webhook {@code value.errors[]}: "System-, app-, and
         * account-level errors"; history webhook {@code history[].errors[]}: the business declined history sharing):
         * one rejected record each, so that the operator sees them in quarantine and they are counted, not dropped.
         */
        void errorNotices(JsonNode errors, String ref, List<Object> out) {
            int i = 0;
            for (JsonNode err : errors) {
                out.add(new RejectedRecord(SOURCE, settings.connectorId(), ref + "[" + i++ + "]",
                        "webhook error notice, no message to archive: " + err.path("code").asText() + " "
                                + Text.safe(err.path("title").asText("")) + ": "
                                + Text.safe(err.path("error_data").path("details").asText("")), err.toString()));
            }
        }

        /**
         * A history media message's contents, sent apart from its thread (so without the thread's customer id): the
         * customer is {@code from} (or {@code from_user_id}), unless the business sent it, when only {@code to} (or
         * {@code to_user_id}) can name the customer; without one it is a rejected record, not an item without a chat.
         */
        Object historyMedia(JsonNode value, JsonNode m, String ref) {
            boolean business = isBusiness(value, m.path("from").asText(""));
            String customer = business ? id(m, "to", "to_user_id") : id(m, "from", "from_user_id");
            if (customer == null) {
                return new RejectedRecord(SOURCE, settings.connectorId(), ref, "history media message names no customer ("
                        + (business ? "sent by the business, no 'to' or 'to_user_id'" : "no 'from' or 'from_user_id'") + ")",
                        m.toString());
            }
            return message(value, m, "History", business, customer, ref);
        }

        String conversation(JsonNode value, String waId) {
            return value.path("metadata").path("phone_number_id").asText("business") + "/" + waId;
        }

        String groupConversation(JsonNode value, String groupId) {
            return value.path("metadata").path("phone_number_id").asText("business") + "/group/" + groupId;
        }

        Object message(JsonNode value, JsonNode m, String event, boolean fromBusiness, String customerId, String ref) {
            String id = m.path("id").asText("");
            if (id.isEmpty()) {
                return new RejectedRecord(SOURCE, settings.connectorId(), ref, "message without id", m.toString());
            }
            String waId = customerId != null ? customerId : customerId(value, m);
            Participant biz = business(value);
            Participant cust = customer(value, waId);
            Participant sender = fromBusiness ? biz : cust;
            Participant other = fromBusiness ? cust : biz;
            String type = m.path("type").asText("unknown");
            String itemId = id;
            Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
            List<Attachment> atts = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            JsonNode p = m.path(type);
            switch (type) {
                case "text" -> body.append(p.path("body").asText(""));
                case "location" -> body.append("[location] ").append(p.path("name").asText(""))
                        .append(p.has("address") ? " " + p.path("address").asText() : "")
                        .append(" (").append(p.path("latitude").asText()).append(", ")
                        .append(p.path("longitude").asText()).append(")")
                        .append(p.has("url") ? " " + p.path("url").asText() : "");
                case "contacts" -> {
                    body.append("[contacts]");
                    for (JsonNode c : m.path("contacts")) {
                        body.append("\n").append(c.path("name").path("formatted_name").asText(""));
                        if (c.path("org").has("company")) {
                            body.append(" (").append(c.path("org").path("company").asText()).append(")");
                        }
                        for (JsonNode ph : c.path("phones")) {
                            body.append(" ").append(ph.path("phone").asText(ph.path("wa_id").asText("")));
                        }
                        for (JsonNode em : c.path("emails")) {
                            body.append(" ").append(em.path("email").asText(""));
                        }
                    }
                }
                case "interactive" -> {
                    body.append("[").append(p.path("type").asText("interactive")).append("] ");
                    if (p.has("nfm_reply")) {
                        // a Flow or address message's answer: what the user saw (body) and what they filled in
                        JsonNode r = p.path("nfm_reply");
                        body.append(r.path("name").asText("")).append(": ").append(r.path("body").asText(""))
                                .append("\n").append(r.path("response_json").asText(""));
                    } else {
                        JsonNode r = p.has("button_reply") ? p.path("button_reply") : p.path("list_reply");
                        body.append(r.path("title").asText("")).append(" (id ").append(r.path("id").asText(""))
                                .append(")").append(r.has("description") ? " " + r.path("description").asText() : "");
                    }
                }
                case "button" -> body.append("[button] ").append(p.path("text").asText(""))
                        .append(" (payload ").append(p.path("payload").asText("")).append(")");
                case "reaction" -> body.append(p.path("emoji").asText("").isEmpty()
                        ? "[reaction removed] from message " + p.path("message_id").asText()
                        : "[reaction] " + p.path("emoji").asText() + " to message " + p.path("message_id").asText());
                case "system" -> body.append("[system] ").append(p.path("body").asText(""))
                        .append(p.has("wa_id") ? " (new wa_id " + p.path("wa_id").asText() + ")" : "")
                        .append(p.has("type") ? " [" + p.path("type").asText() + "]" : "");
                case "order" -> body.append("[order] catalog ").append(p.path("catalog_id").asText(""))
                        .append(" ").append(p.path("text").asText("")).append(" ").append(p.path("product_items").toString());
                case "edit" -> {
                    events.add(ItemEvent.EDITED);
                    JsonNode inner = p.path("message");
                    body.append("[edited message ").append(p.path("original_message_id").asText(""))
                            .append("] ").append(editedText(inner));
                }
                case "media_placeholder" -> {
                    // Meta, history webhook reference: a thread's media message is described in a second webhook under
                    // the same wamid; the placeholder keeps its own item id so that the media item is not a duplicate
                    events.add(ItemEvent.MEDIA_OMITTED);
                    itemId = id + "/media_placeholder";
                    body.append("[media placeholder] the media's contents come in a separate history webhook (message ")
                            .append(id).append(")");
                }
                case "revoke" -> {
                    events.add(ItemEvent.DELETED);
                    body.append("[deleted message ").append(p.path("original_message_id").asText("")).append("]");
                }
                case "unsupported" -> {
                    // Meta names what the user sent in unsupported.type (a poll, an edit, a pin, ...)
                    body.append("[unsupported message type");
                    if (p.hasNonNull("type")) {
                        body.append(" ").append(Text.safe(p.path("type").asText()));
                    }
                    body.append("]");
                    for (JsonNode err : m.path("errors")) {
                        body.append(" ").append(err.path("code").asText()).append(" ")
                                .append(err.path("title").asText("")).append(" ")
                                .append(err.path("error_data").path("details").asText(""));
                    }
                }
                default -> {
                    if (MEDIA.contains(type)) {
                        body.append("[").append(type).append("]");
                        if (p.path("voice").asBoolean(false)) {
                            body.append(" (voice message)");
                        }
                        if (p.has("caption")) {
                            body.append(" ").append(p.path("caption").asText());
                        }
                        String mediaId = p.path("id").asText("");
                        String mime = p.path("mime_type").asText("application/octet-stream");
                        String name = p.path("filename").asText(mediaId + extension(mime));
                        if (mediaId.isEmpty()) {
                            // Meta: history webhooks carry media messages without their asset id (sent separately,
                            // only for media within 14 days of onboarding); nothing to fetch, say so
                            events.add(ItemEvent.MEDIA_OMITTED);
                            body.append("\n[media not included in this webhook: no media id]");
                        } else if (media == null) {
                            events.add(ItemEvent.MEDIA_OMITTED);
                            body.append("\n[media ").append(mediaId).append(" not downloaded: no Graph access configured]");
                        } else {
                            GraphMediaFetcher.Media got;
                            try {
                                got = media.fetch(mediaId);
                            } catch (IOException ex) {
                                return new RejectedRecord(SOURCE, settings.connectorId(), ref + " (" + id + ")",
                                        Text.safe(ex.getMessage()), m.toString());
                            }
                            byte[] bytes = got.bytes();
                            String expected = GraphMediaFetcher.normalizeSha(p.path("sha256").asText(""));
                            if (!expected.isEmpty() && !expected.equals(got.sha256())) {
                                return new RejectedRecord(SOURCE, settings.connectorId(), ref + " (" + id + ")",
                                        "media " + mediaId + " SHA-256 differs from the webhook's", m.toString());
                            }
                            atts.add(new Attachment(name, mime, bytes.length, got.sha256(),
                                    () -> new java.io.ByteArrayInputStream(bytes)));
                        }
                    } else {
                        body.append("[").append(Text.safe(type)).append("] ").append(p.toString());
                    }
                }
            }
            JsonNode ref0 = m.path("referral");
            if (!ref0.isMissingNode()) {
                body.append("\n[from ad] ").append(ref0.path("source_type").asText("")).append(" ")
                        .append(ref0.path("source_url").asText("")).append(" ").append(ref0.path("headline").asText(""))
                        .append(" ").append(ref0.path("body").asText("")).append(" ad id ")
                        .append(ref0.path("source_id").asText("")).append(" ctwa_clid=")
                        .append(ref0.path("ctwa_clid").asText(""));
                if (ref0.path("welcome_message").has("text")) {
                    body.append("\n[ad greeting] ").append(ref0.path("welcome_message").path("text").asText());
                }
            }
            JsonNode context = m.path("context");
            if (context.path("forwarded").asBoolean(false) || context.path("frequently_forwarded").asBoolean(false)) {
                body.append("\n[forwarded]");
            }
            if (context.has("referred_product")) {
                body.append("\n[about product] ").append(context.path("referred_product").toString());
            }
            if (m.path("history_context").has("status")) {
                body.append("\n[history status] ").append(m.path("history_context").path("status").asText());
            }
            // Meta, group messages webhook reference: a message in a group carries group_id; it belongs to the group's
            // conversation, not to the sender's one-to-one thread with the business
            String group = m.path("group_id").asText("");
            ArchiveItem item = new ArchiveItem(SOURCE, event, settings.connectorId(),
                    group.isEmpty() ? conversation(value, waId) : groupConversation(value, group),
                    group.isEmpty() ? cust.displayName() : "WhatsApp group " + group,
                    group.isEmpty() ? ConversationType.DIRECT : ConversationType.GROUP, itemId, 1, sender, List.of(other),
                    Instant.ofEpochSecond(m.path("timestamp").asLong()), null, body.toString(), events, atts, sha,
                    ref + " (" + id + ")");
            String parent = context.path("id").asText(null);
            return parent == null ? item : item.withInReplyTo(parent);
        }

        Object status(JsonNode value, JsonNode s, String ref) {
            String id = s.path("id").asText("");
            String status = s.path("status").asText("");
            if (id.isEmpty() || status.isEmpty()) {
                return new RejectedRecord(SOURCE, settings.connectorId(), ref, "status without id or status", s.toString());
            }
            // Meta, status reference: a message sent to a group names the group in recipient_id and the member in
            // recipient_participant_id (participant_recipient_id on Meta's groups webhook page); one status per
            // member, so the member is part of the item id, else all but the first member's status would be duplicates
            boolean group = "group".equals(s.path("recipient_type").asText(""));
            String groupId = group ? s.path("recipient_id").asText("") : "";
            String waId = group ? Ctx.id(s, "recipient_participant_id", "participant_recipient_id")
                    : Ctx.id(s, "recipient_id", "recipient_user_id");
            if (group && (groupId.isEmpty() || waId == null)) {
                return new RejectedRecord(SOURCE, settings.connectorId(), ref, "group status without group or member", s.toString());
            }
            if (waId == null) {
                return new RejectedRecord(SOURCE, settings.connectorId(), ref, "status names no recipient (no recipient_id,"
                        + " no recipient_user_id)", s.toString());
            }
            StringBuilder body = new StringBuilder("[status] message ").append(id).append(" ").append(status);
            if (group) {
                body.append(" for member ").append(waId).append(" of group ").append(groupId);
            }
            JsonNode conv = s.path("conversation");
            if (!conv.isMissingNode()) {
                body.append("\nconversation ").append(conv.path("id").asText("")).append(" origin ")
                        .append(conv.path("origin").path("type").asText(""));
            }
            JsonNode pricing = s.path("pricing");
            if (!pricing.isMissingNode()) {
                body.append("\npricing ").append(pricing.path("pricing_model").asText("")).append(" ")
                        .append(pricing.path("category").asText(""))
                        .append(pricing.has("type") ? " type " + pricing.path("type").asText() : "").append(" billable=")
                        .append(pricing.path("billable").asText(""));
            }
            for (JsonNode err : s.path("errors")) {
                body.append("\nerror ").append(err.path("code").asText()).append(" ").append(err.path("title").asText(""))
                        .append(" ").append(err.path("message").asText("")).append(" ")
                        .append(err.path("error_data").path("details").asText(""));
            }
            ArchiveItem item = new ArchiveItem(SOURCE, "Status", settings.connectorId(),
                    group ? groupConversation(value, groupId) : conversation(value, waId),
                    group ? "WhatsApp group " + groupId : customer(value, waId).displayName(),
                    group ? ConversationType.GROUP : ConversationType.DIRECT,
                    id + "/status/" + status + (group ? "/" + waId : ""), 1,
                    business(value), List.of(customer(value, waId)), Instant.ofEpochSecond(s.path("timestamp").asLong()),
                    null, body.toString(), Set.of(), List.of(), sha, ref + " (" + id + ")");
            return item.withInReplyTo(id);
        }

        /** The new text of an edit: Meta lets users edit text and media captions, so text.body or the media's caption. */
        private static String editedText(JsonNode inner) {
            if (inner.path("text").has("body")) {
                return inner.path("text").path("body").asText();
            }
            JsonNode typed = inner.path(inner.path("type").asText(""));
            return typed.has("caption") ? "[" + Text.safe(inner.path("type").asText()) + " caption] "
                    + typed.path("caption").asText() : inner.toString();
        }

        private static String extension(String mime) {
            return switch (mime.split(";")[0].strip()) {
                case "image/jpeg" -> ".jpg";
                case "image/png" -> ".png";
                case "image/webp" -> ".webp";
                case "video/mp4" -> ".mp4";
                case "audio/ogg" -> ".ogg";
                case "audio/mpeg" -> ".mp3";
                case "application/pdf" -> ".pdf";
                default -> ".bin";
            };
        }
    }
}

package io.conduit.source.telegram;

import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import io.conduit.source.support.JsonFields;
import io.conduit.source.MalformedExportException;
import io.conduit.model.Participant;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;

/**
 * Opens a Telegram Desktop "Export chat history" or "Export Telegram data" file ({@code result.json}, machine-readable
 * JSON) as a stream of records.
 *
 * <p>Format: what Telegram Desktop's {@code Export/Output/export_output_json.cpp} writes. A single-chat export is
 * {@code {"name":...,"type":"personal_chat","id":123,"messages":[...]}}; a full-account export is
 * {@code {"personal_information":{"user_id":..,"first_name":..,"phone_number":..},"chats":{"list":[chat, ...]},
 * "left_chats":{"list":[...]}, ...}}. Each message is {@code {"id":1,"type":"message"|"service","date":
 * "2018-12-05T10:39:10","date_unixtime":"1544006350","from":"Alice","from_id":"user123456","text":...}} where
 * {@code text} is a string or an array of strings and entities {@code {"type":"bold","text":"..."}}. The file is
 * streamed with Jackson's {@link JsonParser}: one message at a time is held as a tree.
 *
 * <p>Items, one per message:
 * <ul>
 * <li>{@code IPM.NOTE.Telegram.Message} for {@code type: message}; {@code IPM.NOTE.Telegram.SystemEvent} for
 *     {@code type: service} ({@code action} by {@code actor}, its other fields written out);</li>
 * <li>conversation id {@code telegram:<chat id>}, item id the message {@code id} (a content digest when absent),
 *     version 1, or for an edited message ({@code edited_unixtime}/{@code edited}) 1 + the seconds between sending
 *     and the edit, with {@link io.conduit.model.ItemEvent#EDITED};</li>
 * <li>time {@code date_unixtime} (epoch seconds) when present, else the local {@code date} in the connector's zone;</li>
 * <li>sender {@code from}/{@code from_id} (handle {@code user123456}); recipients the owner, the other person of a
 *     personal chat, and the chat itself ({@code telegram-chat:<conversation id>}) for groups and channels;</li>
 * <li>{@code reply_to_message_id} as {@code [in reply to message N]} at the top of the body; {@code photo} and
 *     {@code file} as attachments when the file is inside the export folder, else a note and
 *     {@link io.conduit.model.ItemEvent#MEDIA_OMITTED}.</li>
 * </ul>
 * The owner is {@code personal_information} of a full-account export, else the configured owner. A message that
 * cannot become an item (not an object, unknown type, no valid date, no sender) becomes a
 * {@link io.conduit.model.RejectedRecord} naming {@code file:line} and its position ({@code chats.list[2].messages[15]})
 * while the rest is read on; invalid JSON ends the file with one rejected record naming the line.
 */
public final class TelegramExportReader {

    /** Source name written to every item. */
    public static final String SOURCE = "Telegram";

    private TelegramExportReader() {
    }

    /**
     * Opens a Telegram Desktop JSON export; media are looked up in the file's folder.
     *
     * @param file     the export ({@code result.json} or any name), UTF-8 JSON
     * @param settings connector id, zone of {@code date} when {@code date_unixtime} is missing, owner (a phone,
     *                 email or {@code user<id>} handle) when the export has no {@code personal_information}, phone
     *                 region
     * @return the records, to iterate and then close; the caller owns them
     * @throws MalformedExportException naming the file when it is not a regular file, cannot be read or is not a
     *                                  JSON object
     */
    public static SourceRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        Participant inferred = settings.owner() == null || settings.owner().isBlank() ? inferOwner(file) : null;
        JsonParser parser = JsonFields.openObject(file, "a Telegram Desktop export");
        Path folder = file.toAbsolutePath().normalize().getParent();
        TelegramMessages messages = new TelegramMessages(settings, new TelegramMedia(folder));
        TelegramRecords records = new TelegramRecords(parser, file.getFileName().toString(), settings, messages);
        if (inferred != null) {
            records.inferredOwner(inferred);
        }
        return records;
    }

    /**
     * The owner of a single personal chat's export, which does not name it: the sender whose {@code from_id} is not
     * the chat's peer ({@code user<chat id>}), read in a first streaming pass; {@code null} for other exports, a full
     * account's (its {@code personal_information} names the owner), or when only the peer wrote.
     */
    static Participant inferOwner(Path file) throws MalformedExportException {
        try (JsonParser p = JsonFields.openObject(file, "a Telegram Desktop export")) {
            String type = null;
            String id = null;
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                com.fasterxml.jackson.core.JsonToken value = p.nextToken();
                if (field.equals("type") && value.isScalarValue()) {
                    type = p.getText();
                } else if (field.equals("id") && value.isScalarValue()) {
                    id = p.getText();
                } else if (field.equals("personal_information") || field.equals("chats")) {
                    return null; // a full-account export: personal_information names the owner
                } else if (field.equals("messages") && value == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                    if (!"personal_chat".equals(type) || id == null) {
                        return null;
                    }
                    String peer = "user" + id;
                    while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                        com.fasterxml.jackson.databind.JsonNode msg = JsonFields.readRecord(p);
                        String from = msg == null ? null : JsonFields.text(msg, "from_id");
                        if (from != null && !from.equals(peer) && "message".equals(JsonFields.text(msg, "type"))) {
                            return new Participant(JsonFields.text(msg, "from"), null, null, from);
                        }
                    }
                    return null;
                } else {
                    p.skipChildren();
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null; // the reading pass reports what is wrong with the file
        }
    }
}

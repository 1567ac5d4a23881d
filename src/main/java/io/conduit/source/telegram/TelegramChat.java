package io.conduit.source.telegram;

import java.util.Locale;

import io.conduit.model.ConversationType;
import io.conduit.model.Participant;

/**
 * One chat of a Telegram Desktop export: the {@code name}, {@code type} and {@code id} fields that Telegram Desktop
 * writes before the chat's {@code messages} array.
 *
 * @param name     chat title or the other person's name, or {@code null}
 * @param type     Telegram Desktop's chat type ({@code personal_chat}, {@code private_group}, ...), or {@code null}
 * @param id       the chat's numeric id as text, or {@code null}
 * @param fileName the export file's name, the last resort for a conversation id
 */
record TelegramChat(String name, String type, String id, String fileName) {

    /**
     * The stable conversation id: {@code telegram:<id>} when the chat has an id, else {@code telegram-name:<name>},
     * else {@code telegram-file:<file name>} (the chat-miner samples carry neither).
     */
    String conversationId() {
        if (id != null) {
            return "telegram:" + id;
        }
        return name != null ? "telegram-name:" + name : "telegram-file:" + fileName;
    }

    /**
     * The title to show: the name; else {@code Saved Messages} for the owner's own chat; else {@code Telegram chat
     * <id>}, or {@code Telegram chat in <file name>} when the chat has no id either.
     */
    String title() {
        if (name != null) {
            return name;
        }
        if ("saved_messages".equals(type)) {
            return "Saved Messages";
        }
        return id != null ? "Telegram chat " + id : "Telegram chat in " + fileName;
    }

    /**
     * The conversation type of a Telegram Desktop chat type ({@code export_output_json.cpp}): {@code personal_chat},
     * {@code bot_chat}, {@code saved_messages}, {@code replies} and {@code verification_codes} are direct;
     * {@code private_channel} and {@code public_channel} are channels; groups, supergroups, unknown and missing types
     * are groups (a chat whose type is not said may have any number of members).
     */
    ConversationType conversationType() {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "personal_chat", "bot_chat", "saved_messages", "replies", "verification_codes" -> ConversationType.DIRECT;
            case "private_channel", "public_channel" -> ConversationType.CHANNEL;
            default -> ConversationType.GROUP;
        };
    }

    /**
     * The other person of a personal or bot chat ({@code user<id>}, as Telegram writes {@code from_id}), or
     * {@code null} for other chats and chats without an id.
     */
    Participant peer() {
        String t = type == null ? "" : type;
        if (id == null || !(t.equals("personal_chat") || t.equals("bot_chat"))) {
            return null;
        }
        return new Participant(name, null, null, "user" + id);
    }

    /** The chat itself as a party, handle {@code telegram-chat:<conversation id>}: the audience of a group or channel. */
    Participant asParticipant() {
        return new Participant(title(), null, null, "telegram-chat:" + conversationId());
    }
}

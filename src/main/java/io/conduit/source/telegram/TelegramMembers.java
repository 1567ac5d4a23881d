package io.conduit.source.telegram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.Participant;

/**
 * The members of one group chat as the export goes, from Telegram Desktop's service messages
 * ({@code export_output_json.cpp}): {@code create_group} and {@code invite_members} add their {@code members},
 * {@code join_group_by_link} and {@code join_group_by_request} add the actor, {@code remove_members} removes its
 * {@code members} (a member who leaves is removed by themself); anyone who writes is a member. Service messages name
 * members by display name only, so a member is listed as a recipient once their user id is known from a message they
 * sent or acted in (earlier in the file, in any chat); a member known by name only is covered by the chat's own
 * address. Not thread-safe.
 */
final class TelegramMembers {

    private static final Set<String> ADDS = Set.of("create_group", "invite_members", "create_channel");
    private static final Set<String> JOINS = Set.of("join_group_by_link", "join_group_by_request");

    /** User ids ({@code user<id>}) learned from senders and actors, by display name; shared by the chats of a file. */
    private final Map<String, Participant> known;
    /** Current members by display name (or handle when nameless). */
    private final Map<String, Participant> members = new LinkedHashMap<>();

    /** @param known the file's senders and actors by display name, filled as the file is read */
    TelegramMembers(Map<String, Participant> known) {
        this.known = known;
    }

    /** Someone wrote or acted: a member, and their id is known from now on. */
    void seen(Participant p) {
        if (p == null || p.handle() == null || !p.handle().startsWith("user")) {
            return;
        }
        String key = key(p);
        if (p.displayName() != null) {
            known.putIfAbsent(p.displayName(), p);
        }
        members.put(key, p);
    }

    /** Applies a service message's additions (before its recipients are taken, so the added see it). */
    void added(String action, JsonNode msg, Participant actor) {
        if (action == null) {
            return;
        }
        if (ADDS.contains(action)) {
            for (String name : names(msg)) {
                members.putIfAbsent(name, known.getOrDefault(name, new Participant(name, null, null, null)));
            }
        } else if (JOINS.contains(action)) {
            seen(actor);
        }
    }

    /** Applies a service message's removals (after its recipients are taken, so the removed see it). */
    void removed(String action, JsonNode msg) {
        if ("remove_members".equals(action)) {
            names(msg).forEach(members::remove);
        }
    }

    /** The current members whose user id is known. */
    List<Participant> current() {
        List<Participant> out = new ArrayList<>();
        for (Map.Entry<String, Participant> e : members.entrySet()) {
            Participant p = e.getValue().handle() != null ? e.getValue() : known.get(e.getKey());
            if (p != null && p.handle() != null) {
                out.add(p);
            }
        }
        return out;
    }

    private static String key(Participant p) {
        return p.displayName() != null ? p.displayName() : p.handle();
    }

    private static List<String> names(JsonNode msg) {
        List<String> names = new ArrayList<>();
        JsonNode m = msg.get("members");
        if (m != null && m.isArray()) {
            m.forEach(n -> {
                if (n.isTextual() && !n.asText().isBlank()) {
                    names.add(n.asText());
                }
            });
        }
        return names;
    }
}

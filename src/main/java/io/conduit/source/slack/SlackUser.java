package io.conduit.source.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.mapping.EmailAddresses;
import io.conduit.model.Participant;

/**
 * One member of the workspace from {@code users.json} (or {@code org_users.json} on Enterprise Grid).
 *
 * @param id          Slack user id, e.g. {@code U023BECGF} (or {@code W...} on Enterprise Grid)
 * @param name        the {@code name} (username), or {@code null}
 * @param displayName {@code real_name} or {@code profile.real_name}, else {@code profile.display_name}, else
 *                    {@code name}, or {@code null}
 * @param email       {@code profile.email} when it is an email address ({@link EmailAddresses}: a value such as
 *                    {@code TQ2NR0wy2HFezy 3d} is not), lower case, or {@code null} (bots and some guests have none)
 */
record SlackUser(String id, String name, String displayName, String email) {

    /** Prefix of the handle that carries a Slack user or bot id, e.g. {@code slack:U023BECGF}. */
    static final String HANDLE_PREFIX = "slack:";

    /** A user from one element of {@code users.json}, or {@code null} when it has no {@code id}. */
    static SlackUser of(JsonNode user) {
        String id = SlackJson.text(user, "id");
        if (id == null) {
            return null;
        }
        JsonNode profile = user.path("profile");
        String name = SlackJson.text(user, "name");
        String display = first(SlackJson.text(user, "real_name"), SlackJson.text(profile, "real_name"),
                SlackJson.text(profile, "display_name"), name);
        return new SlackUser(id, name, display, EmailAddresses.normalize(SlackJson.text(profile, "email")));
    }

    /** This user as a participant: display name, email, and the handle {@code slack:<id>}. */
    Participant participant() {
        return new Participant(displayName, null, email, HANDLE_PREFIX + id);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}

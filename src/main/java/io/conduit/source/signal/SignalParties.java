package io.conduit.source.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.mapping.PhoneNumbers;
import io.conduit.source.support.JsonFields;
import io.conduit.model.Participant;

/** Builds {@link Participant}s from the address fields signal-cli writes (number, UUID, legacy identifier, name). */
final class SignalParties {

    /** Prefix of the handle that carries a Signal account's ACI UUID, e.g. {@code signal:0b3c...}. */
    static final String HANDLE_PREFIX = "signal:";

    private SignalParties() {
    }

    /**
     * A party from signal-cli's address fields.
     *
     * @param name          contact or profile name, or {@code null}
     * @param number        phone number as signal-cli wrote it (E.164), or {@code null}
     * @param uuid          ACI UUID, or {@code null}
     * @param legacy        the deprecated {@code source}/{@code destination} field (number or UUID), used only when
     *                      both number and UUID are missing
     * @param defaultRegion region for numbers without a country code
     * @return the participant, or {@code null} when no identifier is present
     */
    static Participant party(String name, String number, String uuid, String legacy, String defaultRegion) {
        if (number == null && uuid == null && legacy != null) {
            if (PhoneNumbers.looksLikePhoneNumber(legacy)) {
                number = legacy;
            } else {
                uuid = legacy;
            }
        }
        String phone = PhoneNumbers.toE164(number, defaultRegion);
        String handle = uuid != null ? HANDLE_PREFIX + uuid : phone == null && number != null ? HANDLE_PREFIX + number
                : null;
        if (name == null && phone == null && handle == null) {
            return null;
        }
        return new Participant(name, phone, null, handle);
    }

    /** The account owner: {@code account} (normally E.164) or the connector's configured owner, or {@code null}. */
    static Participant owner(String account, String name, String uuid, String defaultRegion) {
        if (account == null && uuid == null) {
            return null;
        }
        if (account != null && !PhoneNumbers.looksLikePhoneNumber(account)) {
            if (io.conduit.mapping.EmailAddresses.isEmail(account)) {
                return new Participant(name, null, account, uuid == null ? null : HANDLE_PREFIX + uuid);
            }
            return party(name, null, uuid != null ? uuid : account, null, defaultRegion);
        }
        return party(name, account, uuid, null, defaultRegion);
    }

    /** The text of a field, or {@code null} when absent, JSON null, not a scalar or blank. */
    static String text(JsonNode node, String field) {
        return JsonFields.text(node, field);
    }

    /** The identifier Signal itself uses for an author: the UUID when known, else the number, else the legacy id. */
    static String authorId(String number, String uuid, String legacy) {
        return uuid != null ? uuid : number != null ? number : legacy;
    }
}

package io.conduit.source.sms;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

import io.conduit.mapping.EmailAddresses;
import io.conduit.mapping.PhoneNumbers;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;

/**
 * Participants of a backup: the device owner (configured, as the backup does not say who it belongs to) and the
 * counterparts, phone numbers normalised to E.164 with libphonenumber, anything else (short codes that are not
 * possible numbers, alphanumeric sender ids such as {@code AMAZON}) kept as a handle.
 */
final class SmsParties {

    /** What SMS Backup &amp; Restore writes as the sender address of an MMS sent from the device. */
    static final String OWNER_TOKEN = "insert-address-token";
    /** Handle of the owner when no owner is configured (routed like any unmapped participant, to the catch-all). */
    static final String UNKNOWN_OWNER = "device-owner";

    private final String region;
    private final Participant owner;

    /**
     * @param owner  the device owner's phone number (any format; E.164 kept), email or name, or {@code null}
     * @param region ISO 3166 region for numbers without a country code
     */
    SmsParties(String owner, String region) {
        this.region = region;
        this.owner = owner == null ? new Participant("Device owner", null, null, UNKNOWN_OWNER) : parse(owner, null);
    }

    /** The device owner. */
    Participant owner() {
        return owner;
    }

    /** True when the address is the owner's (the same E.164 number, or the sent-MMS token). */
    boolean isOwner(String address) {
        return address != null && (address.strip().equalsIgnoreCase(OWNER_TOKEN) || owner.sameAs(parse(address, null)));
    }

    /**
     * A counterpart.
     *
     * @param address as in the backup ({@code +1 555-123-4567}, {@code 07700900123}, {@code AMAZON}); not blank
     * @param name    the contact name, or {@code null} ({@code (Unknown)} counts as none)
     */
    Participant party(String address, String name) {
        return parse(address, name == null || name.strip().equals("(Unknown)") ? null : name);
    }

    private Participant parse(String identifier, String name) {
        String id = identifier.strip();
        String phone = PhoneNumbers.toE164(id, region);
        if (phone != null) {
            return new Participant(name, phone, null, null);
        }
        if (EmailAddresses.isEmail(id)) {
            return new Participant(name, null, id, null);
        }
        return new Participant(name == null ? id : name, null, null, id);
    }

    /** The addresses of a {@code ~}-separated list (an MMS group's {@code address}), blanks left out. */
    static List<String> split(String addresses) {
        List<String> out = new ArrayList<>();
        if (addresses != null) {
            for (String a : addresses.split("~")) {
                if (!a.isBlank() && !a.strip().equals("null")) {
                    out.add(a.strip());
                }
            }
        }
        return out;
    }

    /**
     * A conversation: its id is the counterparts' identifiers (E.164 or handle), sorted and joined with {@code ,};
     * direct with one counterpart, group with several.
     *
     * @param counterparts everyone but the owner (duplicates by identifier are merged)
     * @param name         the backup's contact name(s) of the conversation, or {@code null}
     */
    static Conversation conversation(Collection<Participant> counterparts, String name) {
        TreeMap<String, Participant> byId = new TreeMap<>();
        for (Participant p : counterparts) {
            byId.putIfAbsent(p.primaryIdentifier(), p);
        }
        String id = byId.isEmpty() ? "unknown" : String.join(",", byId.keySet());
        return new Conversation(id, name == null || name.isBlank() || name.strip().equals("(Unknown)") ? id : name.strip(),
                byId.size() > 1 ? ConversationType.GROUP : ConversationType.DIRECT, List.copyOf(byId.values()));
    }

    /**
     * @param id           counterparts' identifiers joined with {@code ,}
     * @param name         contact name(s), else the id
     * @param type         direct or group
     * @param counterparts everyone but the owner, by identifier
     */
    record Conversation(String id, String name, ConversationType type, List<Participant> counterparts) {
    }
}

package io.conduit.mime;

import java.util.Locale;
import java.util.Map;

import io.conduit.model.Participant;

/**
 * The synthetic {@code …@unmapped.invalid} address of a participant that maps to no mailbox: one address per person
 * and source, whatever the event type, so that a reviewer can follow one counterpart across messages, MMS and calls.
 *
 * <p>Shape: {@code <namespace>.<local part of the identity key>@unmapped.invalid} ({@link HeaderValues#localPart}).
 * The namespace is the source in lower case, except that the three sources of an SMS Backup &amp; Restore file
 * ({@code SMS}, {@code MMS}, {@code Phone} calls) share {@code sms}. The identity key is the identifier the source
 * gives a person in every event: the source's own user id ({@link Participant#handle()}, with a
 * {@code <namespace>:} prefix left out as redundant), else the E.164 phone, else the email, else the display name.
 * A phone or email that a source gives only sometimes (a Slack profile email, a LivePerson agent login) therefore
 * never splits one person into two addresses. Examples: {@code sms.447700900123}, {@code whatsapp.447700900123},
 * {@code slack.u023becgf}, {@code twitter.1964312974236991488}, {@code telegram.user123456}.
 */
public final class SyntheticAddresses {

    /** Sources that share one identity namespace with another source of the same export. */
    static final Map<String, String> NAMESPACES = Map.of("sms", "sms", "mms", "sms", "phone", "sms");

    private SyntheticAddresses() {
    }

    /**
     * The synthetic address.
     *
     * @param source the item's source, e.g. {@code MMS}
     * @param p      the participant
     * @return e.g. {@code sms.447700900123@unmapped.invalid}
     */
    public static String of(String source, Participant p) {
        String namespace = namespace(source);
        return namespace + "." + HeaderValues.localPart(identityKey(namespace, p)) + "@" + ArchiveItemToMime.UNMAPPED_DOMAIN;
    }

    /** The identity namespace of a source: {@code sms} for SMS, MMS and Phone, else the source in lower case. */
    static String namespace(String source) {
        String lower = source == null ? "unknown" : source.toLowerCase(Locale.ROOT);
        return NAMESPACES.getOrDefault(lower, lower);
    }

    /** The handle (without a redundant {@code <namespace>:} prefix), else phone, email, display name. */
    static String identityKey(String namespace, Participant p) {
        if (p.handle() != null) {
            String prefix = namespace + ":";
            String h = p.handle();
            return h.length() > prefix.length() && h.regionMatches(true, 0, prefix, 0, prefix.length())
                    ? h.substring(prefix.length()) : h;
        }
        if (p.phone() != null) {
            return p.phone();
        }
        return p.email() != null ? p.email() : p.displayName();
    }
}

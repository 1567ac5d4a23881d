package io.conduit.mapping;

import java.util.Locale;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Decides whether a value a source calls an email (a Slack {@code profile.email}, a login name) is one. */
public final class EmailAddresses {

    private EmailAddresses() {
    }

    /**
     * The value as an email address, or {@code null} when it is not one.
     *
     * <p>An email address here is one RFC 5322 {@code addr-spec} ({@code local@domain}) as Jakarta Mail's
     * {@link InternetAddress} parses it in strict mode and {@link InternetAddress#validate() validates} it, with no
     * display name, no group, no angle brackets and no white space anywhere (a quoted local part with spaces is
     * legal in RFC 5322 but, in a profile field, far more likely to be junk). {@code TQ2NR0wy2HFezy 3d},
     * {@code Bob <bob@example.com>} and {@code a@b..c} are not emails.
     *
     * @param value the text as the source gave it; {@code null} allowed
     * @return the address in lower case, stripped of surrounding white space, or {@code null}
     */
    public static String normalize(String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        if (s.indexOf('@') <= 0 || s.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(s, true);
            address.validate();
            if (address.isGroup() || address.getPersonal() != null || !s.equals(address.getAddress())) {
                return null;
            }
        } catch (AddressException e) {
            return null;
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** True when {@link #normalize} accepts the value. */
    public static boolean isEmail(String value) {
        return normalize(value) != null;
    }
}

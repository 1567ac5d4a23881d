package io.conduit.model;

import static io.conduit.model.Text.blankToNull;

import java.util.Locale;
import java.util.Objects;

/**
 * One party to a conversation: a display name plus whatever identifiers the source gave.
 *
 * <p>{@code phone} is E.164 ({@code +447700900123}) when the source gave a number that libphonenumber could
 * normalise, {@code email} is lower-cased, {@code handle} is the source's own user id or contact name, kept
 * exactly as the source wrote it. At least one of the four is present.
 *
 * @param displayName name to show in {@code From}/{@code To}, as the source wrote it; may be {@code null}
 * @param phone       E.164 phone number, or {@code null}
 * @param email       email address, lower case, or {@code null}
 * @param handle      source user id, handle or contact name, or {@code null}
 */
public record Participant(String displayName, String phone, String email, String handle) {

    public Participant {
        displayName = blankToNull(displayName);
        phone = blankToNull(phone);
        email = blankToNull(email) == null ? null : email.trim().toLowerCase(Locale.ROOT);
        handle = blankToNull(handle);
        if (displayName == null && phone == null && email == null && handle == null) {
            throw new IllegalArgumentException("a participant needs a name, phone, email or handle");
        }
    }

    public static Participant ofHandle(String handle) {
        return new Participant(handle, null, null, handle);
    }

    /** The most specific identifier, for logs and synthetic addresses: phone, email, handle, then name. */
    public String primaryIdentifier() {
        if (phone != null) {
            return phone;
        }
        if (email != null) {
            return email;
        }
        return handle != null ? handle : displayName;
    }

    /** Identifiers as {@code kind:value} pairs, for the {@code X-Conduit-Participants} header. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (phone != null) {
            sb.append("phone:").append(phone).append(' ');
        }
        if (email != null) {
            sb.append("email:").append(email).append(' ');
        }
        if (handle != null) {
            sb.append("handle:").append(handle).append(' ');
        }
        if (sb.isEmpty()) {
            sb.append("name:").append(displayName).append(' ');
        }
        return sb.toString().trim();
    }

    /** True when both name the same party (same phone, email or handle). */
    public boolean sameAs(Participant other) {
        return other != null
                && (phone != null && phone.equals(other.phone)
                || email != null && email.equals(other.email)
                || handle != null && handle.equals(other.handle)
                || phone == null && email == null && handle == null && Objects.equals(displayName, other.displayName));
    }
}

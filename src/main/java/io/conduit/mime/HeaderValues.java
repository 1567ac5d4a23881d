package io.conduit.mime;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import jakarta.mail.internet.MimeUtility;

/** Makes third-party text safe for a header: control characters removed, length capped, RFC 2047 encoded. */
public final class HeaderValues {

    /** Longest value kept, in characters, before encoding; longer values are cut and end with an ellipsis. */
    public static final int MAX_CHARS = 2000;

    private HeaderValues() {
    }

    /**
     * Removes CR, LF, NUL and every other control or format character (tab becomes a space), collapses runs of
     * whitespace, caps the length at {@link #MAX_CHARS} and breaks every {@code =?} with a zero-width space, so that
     * text shaped like an RFC 2047 encoded word is shown as written instead of being decoded by a mail reader (the
     * value is then encoded as a whole). Never returns {@code null}.
     */
    public static String clean(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_CHARS + 1));
        boolean space = false;
        for (int i = 0; i < value.length() && sb.length() < MAX_CHARS; i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || type == Character.FORMAT) {
                if (!space && !sb.isEmpty()) {
                    sb.append(' ');
                    space = true;
                }
                continue;
            }
            sb.append(c);
            space = false;
        }
        String s = sb.toString().strip().replace("=?", "=\u200b?");
        return sb.length() >= MAX_CHARS ? s + "\u2026" : s;
    }

    /** {@link #clean(String)}, then RFC 2047 encoded (UTF-8) and folded for an unstructured header. */
    public static String encode(String headerName, String value) {
        try {
            return MimeUtility.fold(headerName.length() + 2, MimeUtility.encodeText(clean(value), "UTF-8", null));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** Lower-case hex SHA-256 of a UTF-8 string. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * A local part for a synthetic address: lower-case ASCII letters, digits and dots from the identifier, with a
     * short hash appended when characters had to be dropped, so distinct identifiers stay distinct.
     */
    public static String localPart(String identifier) {
        String lower = identifier.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        boolean dropped = false;
        for (int i = 0; i < lower.length() && sb.length() < 40; i++) {
            char c = lower.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                sb.append(c);
            } else {
                if (c != '+' && c != ' ') {
                    dropped = true;
                }
                if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '.' && c != '+') {
                    sb.append('.');
                }
            }
        }
        while (!sb.isEmpty() && sb.charAt(sb.length() - 1) == '.') {
            sb.setLength(sb.length() - 1);
        }
        if (dropped || sb.isEmpty() || lower.length() > 40) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(sha256(identifier), 0, 8);
        }
        return sb.toString();
    }
}

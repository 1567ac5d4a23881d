package io.conduit.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Text helpers for third-party content: one safe line for a header or a log line, blank values, digests.
 */
public final class Text {

    /** Longest value kept by {@link #clean}, in characters; longer values are cut and end with an ellipsis. */
    public static final int MAX_CHARS = 2000;

    private Text() {
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

    /** Lower-case hex SHA-256 of a UTF-8 string. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** {@code s} stripped, or {@code null} when it is {@code null}, empty or only white space. */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

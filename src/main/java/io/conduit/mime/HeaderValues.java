package io.conduit.mime;

import java.io.UnsupportedEncodingException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import io.conduit.model.Text;
import jakarta.mail.internet.MimeUtility;

/** Makes third-party text safe for a header: control characters removed, length capped, RFC 2047 encoded. */
public final class HeaderValues {

    /** Longest value kept, in characters, before encoding ({@link Text#MAX_CHARS}). */
    public static final int MAX_CHARS = Text.MAX_CHARS;

    private HeaderValues() {
    }

    /** {@link Text#clean(String)}: one line of third-party text, safe for a header. */
    public static String clean(String value) {
        return Text.clean(value);
    }

    /** Values of up to this many characters are kept once encoded ({@link #encodeClean}). */
    static final int CACHED_MAX_CHARS = 1024;

    /** At most this many encoded values are kept; the cache is emptied when full. */
    static final int CACHED_VALUES = 4096;

    /** Encoded values by fold offset and value: a conversation's subject and participants repeat on every item. */
    private static final ConcurrentHashMap<Encoded, String> ENCODED = new ConcurrentHashMap<>();

    private record Encoded(int used, String value) {
    }

    /** {@link #clean(String)}, then RFC 2047 encoded (UTF-8) and folded for an unstructured header. */
    public static String encode(String headerName, String value) {
        return encodeClean(headerName, clean(value));
    }

    /**
     * A value already {@link #clean(String) cleaned}, RFC 2047 encoded (UTF-8) and folded for the unstructured header
     * {@code headerName}: what {@code MimeMessage.setSubject(value, "UTF-8")} sets for {@code Subject}. Short values
     * are kept once encoded, as the same value always encodes the same way.
     */
    public static String encodeClean(String headerName, String cleaned) {
        int used = headerName.length() + 2;
        if (cleaned.length() > CACHED_MAX_CHARS) {
            return encodeNow(used, cleaned);
        }
        Encoded key = new Encoded(used, cleaned);
        String encoded = ENCODED.get(key);
        if (encoded == null) {
            encoded = encodeNow(used, cleaned);
            if (ENCODED.size() >= CACHED_VALUES) {
                ENCODED.clear();
            }
            ENCODED.put(key, encoded);
        }
        return encoded;
    }

    private static String encodeNow(int used, String cleaned) {
        try {
            return MimeUtility.fold(used, MimeUtility.encodeText(cleaned, "UTF-8", null));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** How many encoded values are kept now (for tests). */
    static int cachedValues() {
        return ENCODED.size();
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
            sb.append(Text.sha256(identifier), 0, 8);
        }
        return sb.toString();
    }
}

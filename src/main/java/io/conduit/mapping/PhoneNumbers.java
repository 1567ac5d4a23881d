package io.conduit.mapping;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/** E.164 normalisation of phone numbers as sources write them, with libphonenumber. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /**
     * Normalises a phone number to E.164.
     *
     * @param raw           the number as written ({@code +44 7700 900123}, {@code 07700 900123}, with bidi marks or
     *                      NBSPs); {@code null} allowed
     * @param defaultRegion ISO 3166 region used for numbers without a country code, e.g. {@code GB}
     * @return the E.164 form ({@code +447700900123}), or {@code null} when {@code raw} is not a possible number
     */
    public static String toE164(String raw, String defaultRegion) {
        if (!looksLikePhoneNumber(raw)) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(stripMarks(raw), defaultRegion);
            if (!UTIL.isPossibleNumber(number)) {
                return null;
            }
            return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return null;
        }
    }

    /**
     * True when the text consists of a phone number only: digits with an optional leading {@code +} and the usual
     * separators (space, NBSP, dot, dash, parentheses), at least 5 digits. Names that contain digits are not
     * phone numbers.
     */
    public static boolean looksLikePhoneNumber(String raw) {
        if (raw == null) {
            return false;
        }
        String s = stripMarks(raw).strip();
        if (s.isEmpty()) {
            return false;
        }
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (!(c == '+' && i == 0) && " .-()/\u00a0\u202f".indexOf(c) < 0) {
                return false;
            }
        }
        return digits >= 5;
    }

    /** Removes Unicode direction and invisible formatting marks (U+200E, U+202A..U+202E, U+2066..U+2069, BOM). */
    public static String stripMarks(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.getType(c) != Character.FORMAT) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

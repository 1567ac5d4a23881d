package io.conduit.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * Finds the mapping rows that an identifier which mapped to nothing nearly matches, so that a mapping mistake is
 * reported instead of silently routing a person to the catch-all mailbox.
 *
 * <p>Near means one of: the same id with or without a source prefix ({@code twitter:12345} and {@code 12345}); the
 * same text in another case ({@code Alice Smith}, {@code alice smith}); the same phone number written so that it was
 * not read as the same E.164 number: the same digits, or the same national number under another country code (a row
 * written without its country code and read in the default region). Phone digits count only from seven digits on.
 * The index holds a few keys per row, so its size is a small multiple of the mapping's.
 */
public final class NearMatches {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final int MIN_PHONE_DIGITS = 7;

    private final Map<String, List<UserMapping.Row>> byKey = new HashMap<>();
    private final String defaultRegion;

    /**
     * An identifier that mapped to nothing and a row it nearly matches.
     *
     * @param row        the row
     * @param identifier the identifier as the source gave it
     * @param reason     how they differ, in words
     */
    public record NearMiss(UserMapping.Row row, String identifier, String reason) {

        /** {@code `identifier` nearly matches line N `row`: reason}. */
        public String describe() {
            return "`" + identifier + "` nearly matches " + row.describe() + ": " + reason;
        }
    }

    NearMatches(List<UserMapping.Row> rows, String defaultRegion) {
        this.defaultRegion = defaultRegion;
        for (UserMapping.Row row : rows) {
            for (String key : keys(row.identifier())) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(row);
            }
        }
    }

    /**
     * The first row (in file order) that the identifier nearly matches, if any.
     *
     * @param identifier a phone (E.164), email, handle or display name of a participant that mapped to nothing
     */
    public Optional<NearMiss> find(String identifier) {
        if (identifier == null || identifier.isBlank() || byKey.isEmpty()) {
            return Optional.empty();
        }
        UserMapping.Row best = null;
        for (String key : keys(identifier)) {
            for (UserMapping.Row row : byKey.getOrDefault(key, List.of())) {
                if (!row.identifier().equals(identifier) && (best == null || row.line() < best.line())) {
                    best = row;
                }
            }
        }
        return best == null ? Optional.empty() : Optional.of(new NearMiss(best, identifier, reason(identifier, best)));
    }

    private String reason(String identifier, UserMapping.Row row) {
        String a = bare(identifier);
        String r = bare(row.identifier());
        if (a.equalsIgnoreCase(r)) {
            String prefixA = SourceIds.prefix(identifier);
            String prefixR = SourceIds.prefix(row.identifier());
            StringBuilder why = new StringBuilder();
            if (prefixA != null && prefixR == null) {
                why.append("the same id without the source prefix `").append(prefixA).append("` (write `")
                        .append(identifier).append("`)");
            } else if (prefixR != null && prefixA == null) {
                why.append("the same id with a prefix `").append(prefixR).append("` that this source does not use (write `")
                        .append(identifier).append("`)");
            } else if (prefixA != null && !prefixA.equals(prefixR)) {
                why.append("the same id with another prefix (write `").append(identifier).append("`)");
            }
            if (!a.equals(r)) {
                why.append(why.isEmpty() ? "" : ", and ").append("differs in case (handles and names are compared exactly)");
            }
            if (row.kind() == UserMapping.Kind.PHONE) {
                why.append("; the row was read as the phone number ").append(row.key());
            }
            return why.toString();
        }
        if (row.kind() == UserMapping.Kind.PHONE) {
            return "the same national number under another country code: the row was read as " + row.key()
                    + " (default region " + defaultRegion + "); write it with its country code";
        }
        return "the same phone digits written another way: the row was not read as a phone number in default region "
                + defaultRegion + "; write it in E.164 (+ and country code)";
    }

    /** The keys an identifier is indexed and looked up under: its bare id in lower case, and phone digit keys. */
    private Set<String> keys(String identifier) {
        Set<String> keys = new LinkedHashSet<>();
        String bare = bare(identifier);
        keys.add("i:" + bare.toLowerCase(Locale.ROOT));
        if (PhoneNumbers.looksLikePhoneNumber(bare)) {
            String digits = bare.replaceAll("\\D", "").replaceFirst("^0+", "");
            if (digits.length() >= MIN_PHONE_DIGITS) {
                keys.add("p:" + digits);
            }
            try {
                Phonenumber.PhoneNumber n = PHONES.parse(PhoneNumbers.stripMarks(bare), defaultRegion);
                String national = PHONES.getNationalSignificantNumber(n);
                if (national.length() >= MIN_PHONE_DIGITS) {
                    keys.add("p:" + national);
                    keys.add("p:" + n.getCountryCode() + national);
                }
            } catch (NumberParseException notAPhone) {
                // the digit key above is all there is
            }
        }
        return keys;
    }

    private static String bare(String identifier) {
        String rest = SourceIds.withoutPrefix(identifier);
        return rest == null ? identifier : rest;
    }
}

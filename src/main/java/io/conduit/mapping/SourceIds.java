package io.conduit.mapping;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The prefixes Conduit puts before source user ids ({@code slack:U023BECGF}, {@code twitter:12345},
 * {@code lp-consumer:<uuid>}, {@code signal:<uuid>}) and which bare ids the user mapping may match without one.
 *
 * <p>A bare id is <em>unambiguous</em> when its shape can only be one person's id in any source Conduit reads, so a
 * mapping row that omits the prefix cannot route another source's person to the wrong custodian:
 * <ul>
 *   <li>a Slack user, bot or Enterprise Grid id: {@code U}, {@code W} or {@code B} then at least six upper-case
 *       letters or digits ({@code UOF82F39AE}); compared exactly (Slack ids are upper case);</li>
 *   <li>a UUID ({@code 8-4-4-4-12} hex digits: Signal account ids, LivePerson consumer ids), compared case-insensitively
 *       as RFC 9562 section 4 says UUIDs are.</li>
 * </ul>
 * Numeric ids are ambiguous (X, Facebook and LivePerson agents all use them, and a number may be a phone number), as
 * are Telegram's {@code user123}: such rows must be written as Conduit writes the handle ({@code twitter:12345},
 * {@code lp-agent:12345}, {@code user123}); the end-of-run mapping report names a row that differs only by the prefix.
 */
final class SourceIds {

    private static final Pattern PREFIXED = Pattern.compile("([A-Za-z][A-Za-z0-9.+-]{0,30}):(.+)");
    private static final Pattern SLACK_ID = Pattern.compile("[UWB][A-Z0-9]{6,}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SourceIds() {
    }

    /** The id after a {@code scheme:} prefix ({@code slack:U1} gives {@code U1}), or {@code null} when there is none. */
    static String withoutPrefix(String identifier) {
        if (identifier == null) {
            return null;
        }
        java.util.regex.Matcher m = PREFIXED.matcher(identifier);
        return m.matches() ? m.group(2) : null;
    }

    /** The {@code scheme:} prefix of an identifier, e.g. {@code slack:}, or {@code null}. */
    static String prefix(String identifier) {
        String rest = withoutPrefix(identifier);
        return rest == null ? null : identifier.substring(0, identifier.length() - rest.length());
    }

    /**
     * The key under which a bare id is looked up when it is unambiguous (see the class comment), or {@code null}.
     *
     * @param id an id without prefix, as a mapping row or a participant handle's tail writes it
     */
    static String unambiguousKey(String id) {
        if (id == null) {
            return null;
        }
        if (SLACK_ID.matcher(id).matches()) {
            return id;
        }
        return UUID.matcher(id).matches() ? id.toLowerCase(Locale.ROOT) : null;
    }
}

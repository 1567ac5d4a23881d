package io.conduit.source.whatsapp;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits the text after a message timestamp into author and text, and recognises system lines.
 *
 * <p>The heuristic, in order:
 * <ol>
 *   <li>The author candidate is everything before the first {@code :} after the timestamp (a {@code :} followed by a
 *       space, by the end of the line or by any other char, as in {@code John Doe:.}); the text is what follows, less
 *       one space. Authors are taken as written, so phone numbers, emoji and names with dashes all qualify, and the
 *       text may itself contain {@code : }.</li>
 *   <li>A line without {@code :} is a system line ({@code You were added}, {@code +12 345 created group "X"}).</li>
 *   <li>A candidate that reads like a system phrasing ({@code Alice changed the subject to "a}, {@code ... added ...},
 *       {@code ... created group ...}, end-to-end encryption notices, ...) or that contains an unbalanced quote is not
 *       an author: the colon was inside the system text, so the line is a system line.</li>
 *   <li>iOS writes system lines as if the chat itself said them ({@code Family: U+200E Alice added Bob}): a text that
 *       starts with U+200E and reads like a system phrasing makes the line a system line too.</li>
 * </ol>
 * The first pass collects the candidates that survive these rules as the chat's senders; the second pass accepts an
 * author only if it is in that set, so both passes agree.
 */
final class LineContent {

    private static final Pattern CANDIDATE_SYSTEM = Pattern.compile(
            " changed the subject| created group| created this group| changed this group's| changed the group"
                    + "|end-to-end encrypt| joined using| added | removed |^Your security code"
                    + "| changed their phone number"
                    + "| changed to \\+| changed the group description| turned (?:on|off) disappearing");

    private static final Pattern SYSTEM_PHRASE = Pattern.compile(
            "(?:Messages and calls are end-to-end encrypted|Messages to this group are now secured"
                    + "|.+ created (?:group|this group)|.+ changed (?:the subject|this group's|the group|their phone"
                    + "|to \\+)|.+ (?:added|removed) .+|You were added|.+ was added|You're now an admin"
                    + "|.+ left|.+ joined using this group's invite link|Your security code with .+ changed"
                    + "|.+ deleted this group's icon|.+ pinned a message|.+ turned (?:on|off) disappearing messages"
                    + "|.+ changed the group description).*");

    private static final Pattern GROUP_HINT = Pattern.compile(
            " created group|created this group| added |^You were added| was added| joined using this group's");

    /** The author candidate, or {@code null} when the line has no {@code :}. */
    final String candidate;
    /** The text after the author, marks kept; for system lines the whole rest. */
    final String text;
    /** The text after the author with marks removed. */
    final String textStripped;
    private final boolean iosSystem;

    private LineContent(String candidate, String text, String textStripped, boolean iosSystem) {
        this.candidate = candidate;
        this.text = text;
        this.textStripped = textStripped;
        this.iosSystem = iosSystem;
    }

    /** Splits a header line's rest, with no chat name known (iOS chat-named system lines need a phrasing match). */
    static LineContent of(HeaderLine header) {
        return of(header, null);
    }

    /**
     * Splits a header line's rest. The author ends at the first {@code :} followed by a space or the end of the line
     * ({@code Joe (https://x.y): hi}, {@code Anna :): hi}); without such a colon, at the first {@code :}
     * ({@code John Doe:.}).
     *
     * @param chatName the chat's name: iOS writes system lines as said by the chat, with U+200E before the text
     */
    static LineContent of(HeaderLine header, String chatName) {
        String rest = header.restStripped();
        int colon = authorColon(rest);
        if (colon <= 0) {
            return new LineContent(null, header.restOriginalFrom(0), rest, false);
        }
        String candidate = rest.substring(0, colon).strip();
        int textStart = colon + 1;
        if (textStart < rest.length() && isSpace(rest.charAt(textStart))) {
            textStart++;
        }
        String text = header.restOriginalAfter(colon);
        if (!text.isEmpty() && isSpace(text.charAt(0))) {
            text = text.substring(1);
        }
        String textStripped = rest.substring(textStart);
        boolean ios = !text.isEmpty() && text.charAt(0) == '\u200e' && isIosSystem(candidate, textStripped, chatName);
        if (!ios && WhatsAppPhrasings.INSTANCE.isNotice(rest)) {
            // a notice with a colon inside (some translations): the whole rest is system text
            return new LineContent(null, header.restOriginalFrom(0), rest, false);
        }
        return new LineContent(candidate.isEmpty() ? null : candidate, text, textStripped, ios);
    }

    private static int authorColon(String rest) {
        for (int i = rest.indexOf(':'); i >= 0; i = rest.indexOf(':', i + 1)) {
            if (i + 1 == rest.length() || isSpace(rest.charAt(i + 1))) {
                return i;
            }
        }
        return rest.indexOf(':');
    }

    /**
     * U+200E before the text marks a system or media line. It is a system line when the text reads like a system
     * phrasing in any language, or when the "author" is the chat itself and the text is not a media, deleted or edited
     * marker (those are a person's messages, also marked).
     */
    private static boolean isIosSystem(String candidate, String textStripped, String chatName) {
        WhatsAppPhrasings ph = WhatsAppPhrasings.INSTANCE;
        if (SYSTEM_PHRASE.matcher(textStripped).matches() || ph.isSystem(textStripped)) {
            return true;
        }
        if (chatName == null || !chatName.equals(candidate)) {
            return false;
        }
        String first = textStripped.lines().findFirst().orElse("").strip();
        return ph.attachedFile(first) == null && !ph.isMediaOmitted(first) && !ph.isDeleted(first)
                && !ph.edited(textStripped).find() && !ph.isMissedCall(first);
    }

    /** The candidate if the first-pass rules accept it as an author, else {@code null}. */
    String plausibleAuthor() {
        if (candidate == null || iosSystem || CANDIDATE_SYSTEM.matcher(candidate).find()
                || unbalancedQuotes(candidate)) {
            return null;
        }
        return candidate;
    }

    /** The author when the candidate is a known sender, else {@code null} (a system line). */
    String author(Set<String> knownSenders) {
        String a = plausibleAuthor();
        return a != null && knownSenders.contains(a) ? a : null;
    }

    /** The system text of a line without an author: the whole rest, or for iOS the text after the chat name. */
    String systemText(HeaderLine header) {
        return iosSystem ? text : header.restOriginalFrom(0);
    }

    /** True when a system line says the chat is a group (created, joined, added, subject or icon changed...). */
    static boolean hintsGroup(String systemTextStripped) {
        return GROUP_HINT.matcher(systemTextStripped).find()
                || WhatsAppPhrasings.INSTANCE.membership(systemTextStripped) != null
                || WhatsAppPhrasings.INSTANCE.isGroupChange(systemTextStripped);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\u00a0' || c == '\u202f';
    }

    private static boolean unbalancedQuotes(String s) {
        int straight = 0;
        int open = 0;
        int close = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                straight++;
            } else if (c == '\u201c' || c == '\u201e' || c == '\u00ab') {
                open++;
            } else if (c == '\u201d' || c == '\u00bb') {
                close++;
            }
        }
        return straight % 2 != 0 || open != close;
    }
}

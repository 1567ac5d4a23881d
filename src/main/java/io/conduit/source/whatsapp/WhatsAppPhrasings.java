package io.conduit.source.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The localised phrasings WhatsApp writes into chat exports (attachment labels, omitted media, deleted and edited
 * markers, end-to-end encryption notice, security code, missed calls, group membership changes), read from the
 * resource {@code whatsapp-phrasings.json}, where every entry names the public source it was read from.
 *
 * <p>All matching is done on text with direction marks removed ({@link MarkedText#strip}). Immutable and
 * thread-safe; one shared instance.
 */
final class WhatsAppPhrasings {

    /** {@code %s} or Android's numbered {@code %1$s}; declared before {@link #INSTANCE}, which uses it. */
    private static final Pattern PLACEHOLDER = Pattern.compile("%(?:(\\d)\\$)?s");

    /** The shared instance, loaded once from the class path. */
    static final WhatsAppPhrasings INSTANCE = load();

    /** What a membership line says happened. */
    enum Change { JOINED, LEFT }

    /** A membership change: who joined or left, as the export writes their names. */
    record Membership(Change change, List<String> names) {
    }

    private static final String RESOURCE = "whatsapp-phrasings.json";
    private static final Pattern NAME_SPLIT = Pattern.compile(
            ",\\s*|\\s+(?:and|und|y|e|et|en|och|og|ve|i|и|і|dan|và)\\s+|、|，|\\s*&\\s*");
    /**
     * A word before a phone number in a membership line, as a real Russian Android export writes an unsaved number
     * ({@code Ольга добавил(-а) контакт +7 909 555-55-55}, starkdmi/whats_json@760b3a0
     * test/data/chats_unique/WhatsApp Chat - Group_NoMedia 2019 RU.txt, GPL-3.0): the person is the number.
     */
    private static final Pattern WORD_BEFORE_PHONE = Pattern.compile("^(?:\\p{L}+\\s)+(\\+\\d[\\d\\s\\-()]{5,}\\d)$");
    private static final List<String> SELF = List.of("You", "you", "Du", "dich", "Sie", "Tú", "te", "Vous", "vous",
            "Você", "você", "voce");

    private final Map<String, List<String>> phrases;
    /** For membership phrases: which placeholder (1-based argument number) holds the people; 0 = "you". */
    private final Map<String, Integer> namesArg;
    private final Pattern iosAttached;
    private final Pattern androidAttached;
    private final Pattern mediaOmitted;
    private final List<String> itemOmittedLower;
    private final Pattern deleted;
    private final Pattern youDeleted;
    private final Pattern edited;
    private final Pattern encrypted;
    private final List<String[]> securityCode;
    private final Pattern missedCall;
    private final List<Template> joined;
    private final List<Template> added;
    private final List<Template> left;
    private final List<Template> removed;
    private final List<Template> groupChange;

    /** A phrase with placeholders as a pattern, and the group (0 = none, the line is about "you") with the people. */
    private record Template(Pattern pattern, int namesGroup) {
    }

    private WhatsAppPhrasings(Map<String, List<String>> phrases, Map<String, Integer> namesArg) {
        this.phrases = phrases;
        this.namesArg = namesArg;
        this.iosAttached = Pattern.compile("<(?:" + alternation("attachedIosLabel") + ")\\s?: ([^<>]+)>");
        this.androidAttached = Pattern.compile("^(.+?)\\s\\((?:" + alternation("attachedAndroidLabel") + ")\\)$");
        this.mediaOmitted = Pattern.compile("^<\\s?(?:" + alternation("mediaOmitted") + ")\\s?>$",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.itemOmittedLower = phrases("itemOmitted").stream().map(x -> x.toLowerCase(java.util.Locale.ROOT)).toList();
        this.deleted = Pattern.compile("^(?:" + alternation("deleted") + ")[.。]?$");
        this.youDeleted = Pattern.compile("^(?:" + alternation("youDeleted") + ")[.。]?$");
        this.edited = Pattern.compile("[\\p{Cf}\\s]*<(?:" + alternation("edited") + ")[.。]?>[\\p{Cf}\\s]*$");
        this.encrypted = Pattern.compile("^(?:" + alternation("encrypted") + ")");
        this.securityCode = prefixes("securityCode");
        this.missedCall = Pattern.compile("^(?:" + alternation("missedCall") + ")");
        this.joined = templates("joined");
        this.added = templates("added");
        this.left = templates("left");
        this.removed = templates("removed");
        this.groupChange = templates("groupChange");
    }

    private static WhatsAppPhrasings load() {
        try (InputStream in = WhatsAppPhrasings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, List<String>> byKind = new LinkedHashMap<>();
            Map<String, Integer> namesArg = new LinkedHashMap<>();
            for (JsonNode entry : root.path("entries")) {
                if (entry.path("source").asText("").isBlank()) {
                    throw new IllegalStateException(RESOURCE + ": entry without a source: " + entry.path("kind"));
                }
                List<String> list = byKind.computeIfAbsent(entry.path("kind").asText(), k -> new ArrayList<>());
                // "phrases" is a list, or an object from language tag to phrase
                for (JsonNode p : entry.path("phrases")) {
                    String s = MarkedText.strip(p.asText()).strip();
                    if (!s.isEmpty() && !list.contains(s)) {
                        list.add(s);
                        if (entry.has("names")) {
                            namesArg.put(s, entry.path("names").asInt());
                        }
                    }
                }
            }
            return new WhatsAppPhrasings(byKind, namesArg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The phrases of one kind, as loaded (for tests and documentation). */
    List<String> phrases(String kind) {
        return phrases.getOrDefault(kind, List.of());
    }

    /**
     * The phrases of one kind as a regular expression alternation, longest first, each phrase literal except a
     * placeholder ({@code %s}, {@code %1$s}), which stands for a name on the same line ("This message was deleted by
     * admin %s").
     */
    private String alternation(String kind) {
        List<String> list = new ArrayList<>(phrases(kind));
        list.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder sb = new StringBuilder();
        for (String s : list) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            Matcher m = PLACEHOLDER.matcher(s);
            int last = 0;
            while (m.find()) {
                sb.append(Pattern.quote(s.substring(last, m.start()))).append(".+?");
                last = m.end();
            }
            sb.append(Pattern.quote(s.substring(last)));
        }
        return sb.length() == 0 ? "(?!)" : sb.toString();
    }

    /**
     * Phrases with a {@code %s} placeholder as (text before the name, words after it): the first word after the name,
     * three when the phrase starts with the name (Turkish, Bengali...). Matched with {@code startsWith} and
     * {@code indexOf}, no regular expression, since every line with a colon is checked.
     */
    private List<String[]> prefixes(String kind) {
        List<String[]> out = new ArrayList<>();
        for (String s : phrases(kind)) {
            int ph = s.indexOf("%s");
            if (ph < 0) {
                out.add(new String[] {s, ""});
                continue;
            }
            String before = s.substring(0, ph);
            String[] words = s.substring(ph + 2).strip().split(" ");
            int n = Math.min(words.length, before.isBlank() ? 3 : 1);
            out.add(new String[] {before, String.join(" ", java.util.Arrays.copyOf(words, n))});
        }
        return out;
    }

    private boolean isSecurityCode(String text) {
        for (String[] p : securityCode) {
            if (text.startsWith(p[0]) && (p[1].isEmpty() || text.indexOf(p[1], p[0].length() + 1) > 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Phrases with placeholders ({@code %s}, or Android's numbered {@code %1$s}, {@code %2$s}, which some languages
     * write in another order) as anchored patterns, the most literal text first so that "%s added you" is tried before
     * "%s added %s". A trailing full stop is optional. The people are the placeholder the entry's {@code names} gives,
     * else the highest-numbered one; a phrase without placeholder is about "you".
     */
    private List<Template> templates(String kind) {
        List<String> list = new ArrayList<>(phrases(kind));
        list.sort(Comparator.comparingInt((String s) -> PLACEHOLDER.matcher(s).replaceAll("").length()).reversed());
        List<Template> out = new ArrayList<>();
        for (String s : list) {
            String phrase = s.replaceAll("[.。]$", "");
            Matcher m = PLACEHOLDER.matcher(phrase);
            StringBuilder sb = new StringBuilder("^");
            int last = 0;
            int group = 0;
            int next = 1;
            int highest = 0;
            Map<Integer, Integer> groupOfArg = new LinkedHashMap<>();
            while (m.find()) {
                sb.append(Pattern.quote(phrase.substring(last, m.start()))).append("(.+?)");
                int arg = m.group(1) == null ? next++ : Integer.parseInt(m.group(1));
                groupOfArg.put(arg, ++group);
                highest = Math.max(highest, arg);
                last = m.end();
            }
            sb.append(Pattern.quote(phrase.substring(last))).append("[.。]?$");
            int arg = namesArg.getOrDefault(s, highest);
            out.add(new Template(Pattern.compile(sb.toString()), groupOfArg.getOrDefault(arg, 0)));
        }
        return out;
    }

    /** The file named by an attachment marker ({@code <attached: f>}, {@code <Anhang: f>}, {@code f (file attached)}), or {@code null}. */
    String attachedFile(String firstLine) {
        Matcher ios = iosAttached.matcher(firstLine);
        if (ios.find()) {
            return ios.group(1).strip();
        }
        Matcher android = androidAttached.matcher(firstLine);
        return android.matches() ? android.group(1).strip() : null;
    }

    /** True when the whole first line is an attachment marker (no caption before it on the line). */
    boolean isAttachmentOnly(String firstLine) {
        Matcher ios = iosAttached.matcher(firstLine);
        if (ios.find()) {
            return ios.start() == 0 && ios.end() == firstLine.length();
        }
        return androidAttached.matcher(firstLine).matches();
    }

    /** True for {@code <Media omitted>} and its translations, and for iOS's {@code image omitted} and the like. */
    boolean isMediaOmitted(String firstLine) {
        if (firstLine.isEmpty()) {
            return false;
        }
        if (firstLine.charAt(0) == '<' && mediaOmitted.matcher(firstLine).matches()) {
            return true;
        }
        String line = firstLine.toLowerCase(java.util.Locale.ROOT);
        if (line.endsWith(">")) {
            line = line.substring(0, line.length() - 1);
        }
        for (String p : itemOmittedLower) {
            if (line.endsWith(p)) {
                int before = line.length() - p.length() - 1;
                if (before < 0 || Character.isWhitespace(line.charAt(before)) || line.charAt(before) == '<') {
                    return true;
                }
            }
        }
        return false;
    }

    /** True for "This message was deleted" and its translations. */
    boolean isDeleted(String firstLine) {
        return deleted.matcher(firstLine).matches() || youDeleted.matcher(firstLine).matches();
    }

    /** True for "You deleted this message" and its translations. */
    boolean isYouDeleted(String firstLine) {
        return youDeleted.matcher(firstLine).matches();
    }

    /** The edited marker at the end of a message body, or a matcher that does not find one. */
    Matcher edited(String body) {
        if (body.indexOf('>') < 0) {
            return edited.matcher("");
        }
        return edited.matcher(body);
    }

    /** True for lines only WhatsApp writes: encryption notice, security code change, membership changes. */
    boolean isSystem(String text) {
        return encrypted.matcher(text).find() || isSecurityCode(text) || membership(text) != null
                || isGroupChange(text);
    }

    /** True for a group's subject, description or icon change, its creation, or a member's number change. */
    boolean isGroupChange(String text) {
        if (isMarker(text)) {
            return false;
        }
        for (Template t : groupChange) {
            if (t.pattern().matcher(text).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for the notices that may contain a {@code :} of their own and are never a person's words: the
     * end-to-end encryption notice and the security code change.
     */
    boolean isNotice(String text) {
        return encrypted.matcher(text).find() || isSecurityCode(text);
    }

    /** True for a missed voice or video call note. */
    boolean isMissedCall(String text) {
        return missedCall.matcher(text).find();
    }

    /**
     * The membership change a system line reports, or {@code null}: joined by invite link and added (JOINED), left
     * and removed (LEFT); the names of the person acting are not returned, the people the line is about are, except
     * "You" in its translations.
     */
    Membership membership(String text) {
        if (isMarker(text)) {
            return null;
        }
        Membership m = match(joined, text, Change.JOINED);
        if (m == null) {
            m = match(added, text, Change.JOINED);
        }
        if (m == null) {
            m = match(left, text, Change.LEFT);
        }
        if (m == null) {
            m = match(removed, text, Change.LEFT);
        }
        return m;
    }

    /**
     * True for a person's deleted, media, attachment or missed-call marker, which a generic group phrasing may also
     * match (Japanese "このメッセージを削除しました", "you deleted this message", reads as "you removed %s").
     */
    private boolean isMarker(String text) {
        return isDeleted(text) || isMediaOmitted(text) || attachedFile(text) != null || isMissedCall(text);
    }

    private static Membership match(List<Template> templates, String text, Change change) {
        for (Template t : templates) {
            Matcher m = t.pattern().matcher(text);
            if (m.matches()) {
                if (t.namesGroup() == 0) {
                    return new Membership(change, List.of());
                }
                List<String> names = new ArrayList<>();
                for (String n : NAME_SPLIT.split(m.group(t.namesGroup()))) {
                    String name = n.strip();
                    Matcher phone = WORD_BEFORE_PHONE.matcher(name);
                    if (phone.matches()) {
                        name = phone.group(1);
                    }
                    if (!name.isEmpty() && !SELF.contains(name)) {
                        names.add(name);
                    }
                }
                return new Membership(change, List.copyOf(names));
            }
        }
        return null;
    }
}

package io.conduit.source.whatsapp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who is in a group chat at each line, from the system lines that say so: added, joined with the invite link, left and
 * removed (English and German phrasings as WhatsApp writes them, e.g. {@code Anna added Tom and Bob},
 * {@code Tom left}, {@code Anna hat Tom hinzugefügt}, {@code Tom hat die Gruppe verlassen}). A person whose first
 * membership line is an add or a join, and who wrote nothing before it, was not a member before it; everyone else
 * named in the chat was a member from its start. A person who writes is a member from then on, whatever the lines
 * said (an export may start after they joined). {@code You} is the exporter.
 */
final class GroupMembership {

    /** What a system line did to one person. */
    enum Kind { JOIN, LEAVE }

    /** One change: who and what. */
    record Change(String name, Kind kind) {
    }

    private static final String NAMES = "(.+)";
    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("(?:.+) added " + NAMES), Kind.JOIN),
            new Rule(Pattern.compile("(?:.+) removed " + NAMES), Kind.LEAVE),
            new Rule(Pattern.compile(NAMES + " joined using this group's invite link"), Kind.JOIN),
            new Rule(Pattern.compile(NAMES + " joined"), Kind.JOIN),
            new Rule(Pattern.compile(NAMES + " left"), Kind.LEAVE),
            new Rule(Pattern.compile("(You) were added"), Kind.JOIN),
            new Rule(Pattern.compile("(?:.+) hat " + NAMES + " hinzugef\u00fcgt"), Kind.JOIN),
            new Rule(Pattern.compile("(?:.+) hat " + NAMES + " entfernt"), Kind.LEAVE),
            new Rule(Pattern.compile(NAMES + " (?:ist|bist) \u00fcber den Einladungslink dieser Gruppe beigetreten"), Kind.JOIN),
            new Rule(Pattern.compile(NAMES + " (?:hat|hast) die Gruppe verlassen"), Kind.LEAVE),
            new Rule(Pattern.compile(NAMES + " (?:ist|bist) ausgetreten"), Kind.LEAVE));
    private static final Pattern SEPARATORS = Pattern.compile(",\\s*|\\s+(?:and|und)\\s+");

    private record Rule(Pattern pattern, Kind kind) {
    }

    private final Map<String, Kind> firstChange = new HashMap<>();
    private final Set<String> wroteFirst = new HashSet<>();
    private final Set<String> named = new LinkedHashSet<>();
    private final Set<String> members = new HashSet<>();

    /**
     * The changes a system line makes, names as written (marks removed), or an empty list.
     *
     * @param systemText the line's text after the time, marks removed
     */
    static List<Change> changes(String systemText) {
        String text = systemText.strip();
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        for (Rule rule : RULES) {
            Matcher m = rule.pattern.matcher(text);
            if (m.matches()) {
                List<Change> out = new ArrayList<>();
                for (String name : SEPARATORS.split(m.group(1))) {
                    String n = name.strip();
                    if (!n.isEmpty()) {
                        out.add(new Change(n.equalsIgnoreCase("you") || n.equals("dich") || n.equals("Du") ? "You" : n,
                                rule.kind));
                    }
                }
                return out;
            }
        }
        return List.of();
    }

    /** First pass: a person wrote a message. */
    void wrote(String name) {
        named.add(name);
        if (!firstChange.containsKey(name)) {
            wroteFirst.add(name);
        }
    }

    /** First pass: a system line changed membership. */
    void changed(Change change) {
        named.add(change.name());
        firstChange.putIfAbsent(change.name(), change.kind());
    }

    /** Everyone the chat names as a member at some time, in order of first appearance (writers and changed people). */
    Set<String> named() {
        return named;
    }

    /** Starts the second pass: the members at the chat's first line. */
    void start() {
        members.clear();
        for (String name : named) {
            if (firstChange.get(name) != Kind.JOIN || wroteFirst.contains(name)) {
                members.add(name);
            }
        }
        if (firstChange.get("You") != Kind.JOIN) {
            members.add("You");
        }
    }

    /** Second pass: applies a system line's changes in order. */
    void apply(List<Change> changes) {
        for (Change c : changes) {
            if (c.kind() == Kind.JOIN) {
                members.add(c.name());
            } else {
                members.remove(c.name());
            }
        }
    }

    /** Second pass: someone who writes is a member. */
    void writes(String name) {
        members.add(name);
    }

    /** True when the person is a member now. */
    boolean isMember(String name) {
        return members.contains(name);
    }

    /** True when a system line of the chat ever changed membership (otherwise everyone is a member throughout). */
    boolean tracked() {
        return !firstChange.isEmpty();
    }
}

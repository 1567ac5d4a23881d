package io.conduit.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.conduit.model.ArchiveItem;
import io.conduit.model.Participant;

/**
 * The content-based router's decision: which custodian mailboxes get a copy of an item, or the catch-all mailbox.
 *
 * <p>Each participant is resolved by the user mapping first (phone as E.164, then email, then handle, then the
 * handle's unambiguous bare id, then display name), then by the participant's own email address when its domain is
 * one of the configured mailbox domains.
 */
public final class MailboxResolver {

    private final UserMapping mapping;
    private final Set<String> mailboxDomains;
    private final String catchAllMailbox;

    /**
     * @param mapping         the user mapping CSV
     * @param mailboxDomains  domains whose addresses are mailboxes of this firm, lower case, e.g. {@code example.com}
     * @param catchAllMailbox mailbox for items with no mapped participant
     */
    public MailboxResolver(UserMapping mapping, Set<String> mailboxDomains, String catchAllMailbox) {
        this.mapping = mapping;
        this.mailboxDomains = mailboxDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        this.catchAllMailbox = catchAllMailbox;
    }

    /**
     * Resolves one participant.
     *
     * @return the mapped custodian, or empty when the participant is external or unknown
     */
    public Optional<UserMapping.Entry> resolve(Participant p) {
        return match(p).map(Match::entry);
    }

    /**
     * Resolves one participant, saying which mapping row matched: phone (E.164), email, handle, the handle's id bare
     * where unambiguous ({@link UserMapping#bareIdRow}), display name, then the participant's own email in a mailbox
     * domain (no row).
     *
     * @return the match, or empty when the participant is external or unknown
     */
    public Optional<Match> match(Participant p) {
        if (p == null) {
            return Optional.empty();
        }
        Optional<UserMapping.Row> hit = mapping.phoneRow(p.phone());
        if (hit.isEmpty()) {
            hit = mapping.emailRow(p.email());
        }
        if (hit.isEmpty()) {
            hit = mapping.handleRow(p.handle());
        }
        if (hit.isEmpty()) {
            hit = mapping.bareIdRow(p.handle());
        }
        if (hit.isEmpty() && p.displayName() != null && !p.displayName().equals(p.handle())) {
            hit = mapping.handleRow(p.displayName());
        }
        if (hit.isPresent()) {
            return Optional.of(new Match(hit.get().entry(), hit.get()));
        }
        if (p.email() != null) {
            String domain = p.email().substring(p.email().indexOf('@') + 1);
            if (mailboxDomains.contains(domain) && UserMapping.isMailbox(p.email())) {
                return Optional.of(new Match(new UserMapping.Entry(p.email(), p.displayName()), null));
            }
        }
        return Optional.empty();
    }

    /**
     * A resolved participant.
     *
     * @param entry the custodian
     * @param row   the mapping row that matched, or {@code null} when the participant's own email is in a mailbox domain
     */
    public record Match(UserMapping.Entry entry, UserMapping.Row row) {
    }

    /** The user mapping this resolver reads. */
    public UserMapping mapping() {
        return mapping;
    }

    /**
     * Decides the copies of an item: one per distinct mapped mailbox (sender first), or one catch-all copy listing the
     * identifiers that did not map.
     */
    public Routing route(ArchiveItem item) {
        return route(item, null);
    }

    /**
     * Decides the copies of an item and records in {@code usage} the rows that matched and the near misses of the
     * participants that did not map.
     *
     * @param usage the run's mapping usage, or {@code null} to record nothing
     */
    public Routing route(ArchiveItem item, MappingUsage usage) {
        Map<String, Participant> custodians = new LinkedHashMap<>();
        List<String> unmapped = new ArrayList<>();
        for (Participant p : item.participants()) {
            Optional<Match> match = match(p);
            if (match.isPresent()) {
                custodians.putIfAbsent(match.get().entry().mailbox(), p);
                if (usage != null) {
                    usage.matched(mapping, match.get().row());
                }
            } else {
                unmapped.add(p.primaryIdentifier());
                if (usage != null) {
                    usage.unmapped(mapping, p);
                }
            }
        }
        if (custodians.isEmpty()) {
            return new Routing(List.of(catchAllMailbox), true, unmapped);
        }
        return new Routing(List.copyOf(custodians.keySet()), false, unmapped);
    }

    /**
     * Where the copies of one item go.
     *
     * @param mailboxes the custodian mailboxes, or only the catch-all mailbox
     * @param catchAll  true when no participant mapped and the copy goes to the catch-all mailbox
     * @param unmapped  identifiers of the participants that did not map, in item order
     */
    public record Routing(List<String> mailboxes, boolean catchAll, List<String> unmapped) {
    }
}

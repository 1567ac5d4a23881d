package io.conduit.source.whatsapp;

import io.conduit.mapping.PhoneNumbers;
import io.conduit.model.ConversationType;
import io.conduit.model.Participant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everyone in one chat: the senders the export shows, the owner who exported it, and for a direct chat that only shows
 * the owner, the counterpart named by the file.
 */
final class ChatParticipants {

    private final String region;
    private final Participant owner;
    private final Map<String, Participant> byAuthor = new HashMap<>();
    private final List<Participant> all = new ArrayList<>();
    private final ConversationType type;
    private final Participant chat;
    private final List<Participant> allView;
    private final Map<Participant, List<Participant>> recipientsCache = new HashMap<>();
    /** Who is in a group now, as membership lines said; every participant for a direct chat. */
    private final List<Participant> absent = new ArrayList<>();
    private static final int CACHE_LIMIT = 256;

    /**
     * @param senders   author strings from the first pass, marks stripped, in order of first appearance
     * @param ownerId   the exporter's phone, email or name, or {@code null}
     * @param region    default region for phone numbers
     * @param chatName  the chat's name from the file name
     * @param groupHint whether a system line said the chat is a group
     */
    ChatParticipants(Collection<String> senders, String ownerId, String region, String chatName, boolean groupHint) {
        this(senders, List.of(), List.of(), ownerId, region, chatName, groupHint);
    }

    /**
     * @param senders   author strings from the first pass, marks stripped, in order of first appearance
     * @param members   people named by membership lines (added, left...), who may never have written
     * @param joinLater people whose first appearance is a join: not members before it
     * @param ownerId   the exporter's phone, email or name, or {@code null}
     * @param region    default region for phone numbers
     * @param chatName  the chat's name from the file name
     * @param groupHint whether a system line said the chat is a group
     */
    ChatParticipants(Collection<String> senders, Collection<String> members, Collection<String> joinLater,
                     String ownerId, String region, String chatName, boolean groupHint) {
        this.region = region;
        this.owner = ownerId == null ? null : of(ownerId);
        List<String> everyone = new ArrayList<>(senders);
        for (String m : members) {
            if (!everyone.contains(m)) {
                everyone.add(m);
            }
        }
        for (String author : everyone) {
            Participant p = of(author);
            if (owner != null && owner.sameAs(p)) {
                p = merge(p, owner);
            }
            byAuthor.put(author, p);
            if (all.stream().noneMatch(p::sameAs)) {
                all.add(p);
            }
        }
        if (owner != null && all.stream().noneMatch(owner::sameAs)) {
            all.add(owner);
        }
        this.type = all.size() > 2 || groupHint ? ConversationType.GROUP : ConversationType.DIRECT;
        if (type == ConversationType.DIRECT && all.size() < 2) {
            Participant counterpart = of(chatName);
            if (all.stream().noneMatch(counterpart::sameAs)) {
                all.add(counterpart);
            }
        }
        this.allView = List.copyOf(all);
        if (type == ConversationType.GROUP) {
            for (String name : joinLater) {
                leave(sender(name));
            }
        }
        this.chat = new Participant("WhatsApp chat " + chatName, null, null, "whatsapp-chat:" + chatName);
    }

    /**
     * A participant from an identifier as the export writes it: a phone number (E.164 when libphonenumber can
     * normalise it), an email address, or a contact name kept exactly as written; marks are removed.
     */
    Participant of(String written) {
        String s = MarkedText.strip(written).strip();
        if (PhoneNumbers.looksLikePhoneNumber(s)) {
            String e164 = PhoneNumbers.toE164(s, region);
            if (e164 != null) {
                return new Participant(s, e164, null, null);
            }
        }
        if (s.indexOf('@') > 0 && s.indexOf(' ') < 0) {
            return new Participant(null, null, s, null);
        }
        return new Participant(s, null, null, s);
    }

    /** The participant for an author string that the first pass saw. */
    Participant sender(String author) {
        Participant p = byAuthor.get(author);
        return p != null ? p : of(author);
    }

    /** The exporter, or a participant with handle {@code You} when the owner is not configured. */
    Participant you() {
        return owner != null ? owner : Participant.ofHandle("You");
    }

    /** The chat itself, sender of system events. */
    Participant chat() {
        return chat;
    }

    /** Every participant, unmodifiable. */
    List<Participant> all() {
        return allView;
    }

    /** The members of a group now (everyone for a direct chat), unmodifiable. */
    List<Participant> present() {
        return except(null);
    }

    /**
     * Applies a membership line of a group: the named people join or leave from now on. Names are as the export
     * writes them; unknown names are ignored. No effect on direct chats.
     */
    void apply(WhatsAppPhrasings.Membership change) {
        if (type != ConversationType.GROUP) {
            return;
        }
        for (String name : change.names()) {
            Participant p = sender(name);
            boolean changed = change.change() == WhatsAppPhrasings.Change.JOINED ? absent.removeIf(p::sameAs) : leave(p);
            if (changed) {
                recipientsCache.clear();
            }
        }
    }

    /** A person who writes is a member, whatever the export said before. */
    void wrote(Participant sender) {
        if (!absent.isEmpty() && absent.removeIf(sender::sameAs)) {
            recipientsCache.clear();
        }
    }

    /**
     * Every present member except the sender, as an unmodifiable list (cached per sender for small chats); in a group,
     * people who have left or not yet joined are not included.
     */
    List<Participant> except(Participant sender) {
        if (all.size() > CACHE_LIMIT || sender == null) {
            return compute(sender);
        }
        return recipientsCache.computeIfAbsent(sender, this::compute);
    }

    private List<Participant> compute(Participant sender) {
        List<Participant> out = new ArrayList<>(all.size());
        for (Participant p : all) {
            if ((sender == null || !p.sameAs(sender)) && absent.stream().noneMatch(p::sameAs)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private boolean leave(Participant p) {
        if (absent.stream().anyMatch(p::sameAs)) {
            return false;
        }
        absent.add(p);
        return true;
    }

    ConversationType type() {
        return type;
    }

    private static Participant merge(Participant fromFile, Participant owner) {
        return new Participant(
                fromFile.displayName() != null ? fromFile.displayName() : owner.displayName(),
                fromFile.phone() != null ? fromFile.phone() : owner.phone(),
                fromFile.email() != null ? fromFile.email() : owner.email(),
                fromFile.handle() != null ? fromFile.handle() : owner.handle());
    }
}

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
    private static final int CACHE_LIMIT = 256;
    /** For each of {@link #all}, the names the export writes it with ({@code You} for the owner); built when first needed. */
    private List<List<String>> namesByIndex;

    /**
     * @param senders   author strings from the first pass, marks stripped, in order of first appearance
     * @param ownerId   the exporter's phone, email or name, or {@code null}
     * @param region    default region for phone numbers
     * @param chatName  the chat's name from the file name
     * @param groupHint whether a system line said the chat is a group
     */
    ChatParticipants(Collection<String> senders, String ownerId, String region, String chatName, boolean groupHint) {
        this.region = region;
        this.owner = ownerId == null ? null : of(ownerId);
        for (String author : senders) {
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

    /** Every participant except the sender, as an unmodifiable list (cached per sender for small chats). */
    List<Participant> except(Participant sender) {
        if (all.size() > CACHE_LIMIT) {
            return compute(sender);
        }
        return recipientsCache.computeIfAbsent(sender, this::compute);
    }

    private List<Participant> compute(Participant sender) {
        List<Participant> out = new ArrayList<>(all.size());
        for (Participant p : all) {
            if (!p.sameAs(sender)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The participants whose name (as the export writes it; {@code You} for the exporter) passes {@code isMember},
     * except {@code sender} ({@code null}: no one left out), in the order of {@link #all()}.
     */
    List<Participant> members(java.util.function.Predicate<String> isMember, Participant sender) {
        if (namesByIndex == null) {
            namesByIndex = new ArrayList<>();
            for (Participant p : all) {
                List<String> names = new ArrayList<>();
                byAuthor.forEach((name, q) -> {
                    if (q.sameAs(p)) {
                        names.add(name);
                    }
                });
                if (owner != null && owner.sameAs(p)) {
                    names.add("You");
                }
                namesByIndex.add(names);
            }
        }
        List<Participant> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Participant p = all.get(i);
            if ((sender == null || !p.sameAs(sender)) && namesByIndex.get(i).stream().anyMatch(isMember)) {
                out.add(p);
            }
        }
        return out;
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

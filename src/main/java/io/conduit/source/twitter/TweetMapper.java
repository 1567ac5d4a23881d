package io.conduit.source.twitter;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Attachment;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.source.support.Digests;

/**
 * Turns one {@code tweets.js} (or {@code deleted-tweets.js}) element, {@code {"tweet":{...}}}, into a
 * {@code Tweet} item ({@code IPM.NOTE.Twitter.Tweet}) on the owner's timeline.
 *
 * <p>Format: X archive {@code data/tweets.js}: {@code id_str}, {@code created_at} ({@code Wed Oct 10 20:19:24 +0000
 * 2018}), {@code full_text}, {@code in_reply_to_status_id_str}, {@code in_reply_to_user_id_str},
 * {@code in_reply_to_screen_name}, {@code entities} ({@code user_mentions}, {@code urls}, {@code media}),
 * {@code edit_info} ({@code initial.editTweetIds}, or {@code edit.initialTweetId} and
 * {@code edit.editControlInitial.editTweetIds}), and {@code deleted_at} in {@code deleted-tweets.js}.
 *
 * <p>Edits: each version of an edited tweet is its own element with its own id; all versions share the item id of
 * the first ({@code editTweetIds[0]}) and count up the version by their place in {@code editTweetIds}, so both texts
 * are archived, as versions 1, 2, ... of one item, and a later archive with a new edit adds only that version.
 */
final class TweetMapper {

    /** {@code created_at} of a tweet: {@code Fri Mar 06 13:02:05 +0000 2026}. */
    static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss Z yyyy", Locale.ROOT);

    private final String connectorId;
    private final TwitterOwner owner;
    private final MediaFiles files;

    /** @param files the archive's media files, attached to the tweets they belong to */
    TweetMapper(String connectorId, TwitterOwner owner, MediaFiles files) {
        this.connectorId = connectorId;
        this.owner = owner;
        this.files = files;
    }

    /** The timeline's conversation id, {@code tweets:<account id or @username>}. */
    String conversationId() {
        return "tweets:" + owner.key();
    }

    /**
     * The item of one element.
     *
     * @param element the array element
     * @param ref     source reference of the element, {@code <file>#[<index>]}
     * @param deleted true for {@code deleted-tweets.js}
     * @return the item
     * @throws IllegalArgumentException with the reason when the element is not a tweet with an id and a valid time
     */
    ArchiveItem map(JsonNode element, String ref, boolean deleted) {
        JsonNode t = JsonText.object(element, "tweet");
        if (t == null) {
            throw new IllegalArgumentException("not a {\"tweet\":{...}} object");
        }
        String id = JsonText.of(t, "id_str");
        if (!JsonText.isId(id)) {
            id = JsonText.of(t, "id");
        }
        if (!JsonText.isId(id)) {
            throw new IllegalArgumentException("tweet has no numeric id_str");
        }
        String created = JsonText.of(t, "created_at");
        Instant time;
        try {
            time = created == null ? null : ZonedDateTime.parse(created, CREATED_AT).toInstant();
        } catch (DateTimeParseException e) {
            time = null;
        }
        if (time == null) {
            throw new IllegalArgumentException("tweet " + id + " has no valid created_at (expected like "
                    + "\"Wed Oct 10 20:19:24 +0000 2018\"): " + (created == null ? "missing" : "\"" + created + "\""));
        }
        EditChain chain = EditChain.of(t, id);
        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        StringBuilder body = new StringBuilder(JsonText.of(t, "full_text") == null ? "" : t.get("full_text").asText());
        List<Participant> recipients = new ArrayList<>();
        recipients.add(new Participant(owner.label() + " timeline", null, null,
                TwitterOwner.HANDLE_PREFIX + owner.key() + "/timeline"));
        Participant sender = owner.participant();
        String replyTo = JsonText.of(t, "in_reply_to_status_id_str");
        String replyUser = JsonText.of(t, "in_reply_to_user_id_str");
        String replyName = JsonText.of(t, "in_reply_to_screen_name");
        body.append("\n");
        if (replyTo != null) {
            body.append("\nIn reply to tweet ").append(replyTo);
        }
        if (JsonText.isId(replyUser)) {
            Participant p = TwitterOwner.user(owner, replyUser, replyName);
            TwitterOwner.addRecipient(recipients, sender, p);
            body.append(replyTo != null ? " by " : "\nIn reply to ").append(p.displayName() != null
                    ? p.displayName() + " (" + p.handle() + ")" : p.handle());
        }
        JsonNode entities = JsonText.object(t, "entities");
        for (JsonNode m : JsonText.array(entities, "user_mentions")) {
            String uid = JsonText.of(m, "id_str");
            if (JsonText.isId(uid)) {
                Participant p = TwitterOwner.user(owner, uid, JsonText.of(m, "screen_name"));
                TwitterOwner.addRecipient(recipients, sender, p);
                body.append("\nMentions ").append(p.displayName() != null ? p.displayName() + " (" + p.handle() + ")"
                        : p.handle());
            }
        }
        for (JsonNode u : JsonText.array(entities, "urls")) {
            String url = JsonText.of(u, "expanded_url");
            if (url != null) {
                body.append("\nLink: ").append(JsonText.of(u, "url") == null ? "" : JsonText.of(u, "url") + " -> ")
                        .append(url);
            }
        }
        JsonNode extended = JsonText.object(t, "extended_entities");
        Iterable<JsonNode> media = extended != null ? JsonText.array(extended, "media")
                : JsonText.array(entities, "media");
        List<String> urls = new ArrayList<>();
        for (JsonNode m : media) {
            String url = JsonText.of(m, "media_url_https") != null ? JsonText.of(m, "media_url_https")
                    : JsonText.of(m, "media_url");
            urls.add("(" + (JsonText.of(m, "type") == null ? "media" : JsonText.of(m, "type")) + "): "
                    + (url == null ? JsonText.of(m, "expanded_url") : url));
        }
        List<Attachment> attachments = files.of(id);
        if (MediaFiles.describe(body, urls, attachments)) {
            events.add(ItemEvent.MEDIA_OMITTED);
        }
        if (chain.versions().size() > 1) {
            body.append("\nEdited tweet: version ").append(chain.version()).append(" of ")
                    .append(chain.versions().size())
                    .append(" (tweet ids ").append(String.join(", ", chain.versions())).append(')');
            if (chain.version() > 1) {
                events.add(ItemEvent.EDITED);
            }
        }
        if (deleted) {
            events.add(ItemEvent.DELETED);
            String at = JsonText.of(t, "deleted_at");
            body.append("\nDeleted by the owner").append(at == null ? "" : " at " + at);
        }
        body.append("\nTweet ").append(id).append(owner.username() == null ? ""
                : ": https://x.com/" + owner.username() + "/status/" + id);
        return new ArchiveItem(TwitterArchiveReader.SOURCE, "Tweet", connectorId, conversationId(),
                owner.label() + " timeline", ConversationType.CHANNEL, chain.itemId(), chain.version(), sender,
                recipients, time, null, body.toString(), events, attachments, Digests.ofRaw(element.toString()),
                ref + "/" + id).withInReplyTo(JsonText.isId(replyTo) ? replyTo : null);
    }

    /**
     * Where a tweet stands in its edit chain.
     *
     * @param itemId   the first version's id
     * @param version  1 for the first version, 2 for the first edit, ...
     * @param versions every version's id, oldest first
     */
    record EditChain(String itemId, int version, List<String> versions) {

        static EditChain of(JsonNode tweet, String id) {
            JsonNode info = JsonText.object(tweet, "edit_info");
            JsonNode control = JsonText.object(info, "initial");
            String initial = null;
            if (control == null) {
                JsonNode edit = JsonText.object(info, "edit");
                control = JsonText.object(edit, "editControlInitial");
                initial = JsonText.of(edit, "initialTweetId");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode n : JsonText.array(control, "editTweetIds")) {
                String s = n.isContainerNode() ? null : n.asText().strip();
                if (JsonText.isId(s) && !ids.contains(s)) {
                    ids.add(s);
                }
            }
            if (JsonText.isId(initial) && !ids.contains(initial)) {
                ids.add(initial);
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
            ids.sort(Comparator.comparing(BigInteger::new));
            int index = ids.indexOf(id);
            return new EditChain(ids.get(0), index + 1, List.copyOf(ids));
        }
    }
}

package io.conduit.source.facebook;

import static io.conduit.source.support.JsonFields.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.ArchiveItem;
import io.conduit.model.ConversationType;
import io.conduit.model.ItemEvent;
import io.conduit.model.Participant;
import io.conduit.model.RejectedRecord;
import io.conduit.source.support.Digests;
import io.conduit.source.support.JsonFields;
import io.conduit.source.SourceSettings;

/**
 * Turns one Graph API post (with its {@code comments} edge) into a {@code Post} item and one {@code Comment} item per
 * comment and nested reply, or rejected records for the parts that cannot become items.
 */
final class FacebookItems {

    /** Most raw JSON copied into a {@link RejectedRecord}, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;
    /** Longest conversation title taken from a post's text, in chars. */
    private static final int TITLE_CHARS = 80;

    /** Graph's {@code created_time}: ISO 8601 with an offset written {@code +0000} (Graph's default) or {@code +00:00}. */
    private static final DateTimeFormatter GRAPH_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /** One post's conversation: its id and title, the page, the page's feed as a party, and the records made. */
    private record Context(String postId, String pageId, String title, Participant page, Participant feed,
                           List<Object> out) {
    }

    private final SourceSettings settings;
    private final String fileName;
    private String pageId;
    private String pageName;

    FacebookItems(SourceSettings settings, String fileName) {
        this.settings = settings;
        this.fileName = fileName;
    }

    String connectorId() {
        return settings.connectorId();
    }

    /** Records the page node's {@code id} or {@code name} (read before its posts). */
    void page(String field, String value) {
        if ("id".equals(field)) {
            pageId = value;
        } else {
            pageName = value;
        }
    }

    /**
     * The records of one post: the post item first, then its comments depth first, each reply after its parent.
     *
     * @param post  the post object
     * @param index its position in {@code data}
     * @param line  the line it starts on
     */
    List<Object> records(JsonNode post, int index, int line) {
        List<Object> out = new ArrayList<>();
        String ref = fileName + ":" + line;
        String where = "data[" + index + "]";
        String postId = text(post, "id");
        Instant ts = time(post);
        if (postId == null || ts == null) {
            out.add(reject(ref, where + (postId == null ? " has no id" : " (post " + oneLine(postId) + ") has no valid"
                    + " created_time (ISO 8601 such as 2018-01-29T07:08:55+0000)")
                    + "; its comments are in this record too", post.toString()));
            return out;
        }
        String graphPageId = pageId != null ? pageId : postId.contains("_")
                ? postId.substring(0, postId.indexOf('_')) : text(post.path("from"), "id");
        Participant page = pageParticipant(graphPageId, post);
        Participant feed = new Participant((page.displayName() != null ? page.displayName() : "Facebook page")
                + " (page feed)", null, null, page.handle() + "/feed");
        String title = title(post, postId);
        Context ctx = new Context(postId, graphPageId, title, page, feed, out);
        Participant sender = author(post, ctx, true);
        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        StringBuilder body = new StringBuilder();
        String story = text(post, "story");
        if (story != null) {
            body.append('[').append(story).append("]\n");
        }
        body.append(post.path("message").asText(""));
        String kind = text(post, "status_type") != null ? text(post, "status_type") : text(post, "type");
        if (kind != null) {
            line(body, "[post type: " + kind + "]");
        }
        String updated = text(post, "updated_time");
        if (updated != null && !updated.equals(text(post, "created_time"))) {
            line(body, "[updated at " + updated + "]");
        }
        JsonNode attachments = post.path("attachments").path("data");
        for (JsonNode a : attachments) {
            attachment(a, body, events, "");
        }
        people(body, "Likes", post.path("likes"), false);
        people(body, "Reactions", post.path("reactions"), true);
        JsonNode comments = post.path("comments");
        if (comments.path("data").size() > 0 || comments.path("summary").has("total_count")) {
            line(body, "Comments: " + countText(comments) + " (each archived as an IPM.NOTE.Facebook.Comment item)");
        }
        List<Participant> to = sender.sameAs(page) ? List.of(feed) : List.of(page);
        out.add(item("Post", ctx, postId, sender, to, ts, body.toString(), events, post.toString(),
                fileName + ":" + postId));
        comments(comments, ctx, sender, postId, where, ref);
        return out;
    }

    private void comments(JsonNode edge, Context ctx, Participant parentAuthor, String parentId, String where,
                          String postRef) {
        int i = 0;
        for (JsonNode c : edge.path("data")) {
            String cWhere = where + ".comments[" + i++ + "]";
            String id = text(c, "id");
            Instant ts = time(c);
            if (!c.isObject() || id == null || ts == null) {
                String why = !c.isObject() ? " is not a comment object" : id == null ? " has no id"
                        : " (comment " + oneLine(id) + ") has no valid created_time";
                ctx.out.add(reject(postRef, cWhere + why + "; its replies are in this record too", c.toString()));
                continue;
            }
            Participant sender = author(c, ctx, false);
            Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
            StringBuilder body = new StringBuilder();
            String parent = c.path("parent").hasNonNull("id") ? text(c.get("parent"), "id") : parentId;
            body.append(parent.equals(ctx.postId) ? "[comment on post " + ctx.postId + "]\n"
                    : "[reply to comment " + parent + " by " + name(parentAuthor) + "]\n");
            body.append(c.path("message").asText(""));
            if (c.path("attachment").isObject()) {
                attachment(c.get("attachment"), body, events, "");
            }
            if (c.has("like_count")) {
                line(body, "Likes: " + c.path("like_count").asLong(0));
            }
            people(body, "Likes", c.path("likes"), false);
            people(body, "Reactions", c.path("reactions"), true);
            JsonNode replies = c.path("comments");
            if (c.has("comment_count") || replies.path("data").size() > 0) {
                line(body, "Replies: " + (c.has("comment_count") ? c.path("comment_count").asLong(0)
                        : replies.path("data").size()) + morePages(replies));
            }
            List<Participant> to = new ArrayList<>();
            for (Participant p : List.of(parentAuthor, ctx.page)) {
                if (!p.sameAs(sender) && to.stream().noneMatch(p::sameAs)) {
                    to.add(p);
                }
            }
            if (to.isEmpty()) {
                to.add(ctx.feed);
            }
            ctx.out.add(item("Comment", ctx, id, sender, to, ts, body.toString(), events, c.toString(),
                    fileName + ":" + id));
            comments(replies, ctx, sender, id, cWhere, postRef);
        }
    }

    private ArchiveItem item(String event, Context ctx, String id, Participant sender, List<Participant> to,
                             Instant ts, String body, Set<ItemEvent> events, String raw, String ref) {
        return new ArchiveItem(FacebookPageReader.SOURCE, event, settings.connectorId(), "facebook-post:" + ctx.postId,
                ctx.title, ConversationType.CHANNEL, id, 1, sender, to, ts, null, body, events, List.of(),
                Digests.ofRaw(raw), ref);
    }

    /**
     * The page: the page node's id, else the {@code {page-id}} part of the post id, else the post's author; its name
     * from the page node or the post's author when that is the page. The configured owner is its email (an address)
     * or handle (anything else).
     */
    private Participant pageParticipant(String id, JsonNode post) {
        String name = pageName;
        if (name == null && id != null && id.equals(text(post.path("from"), "id"))) {
            name = text(post.path("from"), "name");
        }
        String owner = settings.owner();
        boolean email = io.conduit.mapping.EmailAddresses.isEmail(owner);
        String handle = owner != null && !email ? owner : id != null ? "facebook:" + id : null;
        return new Participant(name != null ? name : "Facebook page " + id, null, email ? owner : null, handle);
    }

    /**
     * The author of a post or comment: the page when {@code from.id} is the page's id (or a post has no
     * {@code from}), else {@code facebook:<id>} with the name; Graph leaves {@code from} out of comments by people who
     * have not authorised the app, which gives a nameless participant.
     */
    private static Participant author(JsonNode node, Context ctx, boolean post) {
        JsonNode from = node.path("from");
        String id = text(from, "id");
        String name = text(from, "name");
        if (id != null && id.equals(ctx.pageId) || id == null && name == null && post) {
            return ctx.page;
        }
        if (id == null && name == null) {
            return new Participant("Facebook user (not disclosed by the Graph API)", null, null, null);
        }
        return new Participant(name, null, null, id == null ? null : "facebook:" + id);
    }

    /** One attachment as a line: type, title, target URL and media URL; Graph gives links, not the files. */
    private static void attachment(JsonNode a, StringBuilder body, Set<ItemEvent> events, String indent) {
        StringBuilder sb = new StringBuilder(indent).append("[attachment");
        for (String f : List.of("type", "title", "description", "url")) {
            String v = text(a, f);
            if (v != null) {
                sb.append(' ').append(f).append(": ").append(v).append(';');
            }
        }
        String media = text(a.path("media"), "source") != null ? text(a.path("media"), "source")
                : text(a.path("media").path("image"), "src");
        if (media != null) {
            sb.append(" media: ").append(media).append(';');
            events.add(ItemEvent.MEDIA_OMITTED);
        }
        String target = text(a.path("target"), "id");
        if (target != null) {
            sb.append(" target: ").append(target).append(';');
        }
        if (sb.charAt(sb.length() - 1) == ';') {
            sb.setLength(sb.length() - 1);
        }
        line(body, sb.append(" (not archived: Graph gives a link only)]").toString());
        for (JsonNode sub : a.path("subattachments").path("data")) {
            attachment(sub, body, events, indent + "  ");
        }
    }

    /** The people of a {@code likes} or {@code reactions} edge, one per line with their reaction type. */
    private static void people(StringBuilder body, String label, JsonNode edge, boolean typed) {
        JsonNode data = edge.path("data");
        if (!data.isArray() || data.isEmpty() && !edge.path("summary").has("total_count")) {
            return;
        }
        line(body, label + ": " + countText(edge));
        for (JsonNode p : data) {
            String type = typed ? text(p, "type") : null;
            String who = text(p, "name") != null ? text(p, "name") : "(no name)";
            String id = text(p, "id");
            line(body, "  " + (type != null ? type + " " : "") + who + (id != null ? " (facebook:" + id + ")" : ""));
        }
    }

    /** {@code n} listed, with {@code summary.total_count} when it says more, and a note when a next page exists. */
    private static String countText(JsonNode edge) {
        int listed = edge.path("data").size();
        long total = edge.path("summary").path("total_count").asLong(listed);
        return (total > listed ? listed + " of " + total + " listed" : String.valueOf(listed)) + morePages(edge);
    }

    private static String morePages(JsonNode edge) {
        return edge.path("paging").hasNonNull("next") ? " (more on a next page that is not in this file)" : "";
    }

    /** The conversation title: the first line of the message (or story), at most 80 chars, else the post id. */
    private static String title(JsonNode post, String postId) {
        String text = text(post, "message") != null ? text(post, "message") : text(post, "story");
        if (text == null) {
            return "Facebook post " + postId;
        }
        String first = text.strip().lines().findFirst().orElse("");
        return first.length() > TITLE_CHARS ? first.substring(0, TITLE_CHARS) + "..." : first;
    }

    /** {@code created_time}: ISO 8601 with an offset, or epoch seconds (Graph's {@code date_format=U}). */
    private static Instant time(JsonNode node) {
        JsonNode v = node.get("created_time");
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            if (v.isIntegralNumber()) {
                return Instant.ofEpochSecond(v.asLong()); // a hostile 99999999999999999 is out of range: no time
            }
            return OffsetDateTime.parse(v.asText().strip(), GRAPH_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String name(Participant p) {
        return p.displayName() != null ? p.displayName() : p.primaryIdentifier();
    }

    RejectedRecord reject(String ref, String reason, String raw) {
        return new RejectedRecord(FacebookPageReader.SOURCE, settings.connectorId(), ref, ref + ": " + reason,
                JsonFields.capped(raw, MAX_RAW_CHARS));
    }

    /** An id from the input, safe for a reason that is logged: control characters replaced, at most 64 chars. */
    private static String oneLine(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 64 ? t.substring(0, 64) + "..." : t;
    }

    private static void line(StringBuilder sb, String s) {
        if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        sb.append(s);
    }
}

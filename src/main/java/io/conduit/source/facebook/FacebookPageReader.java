package io.conduit.source.facebook;

import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import io.conduit.source.support.JsonFields;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;

/**
 * Opens a saved Facebook Graph API page feed response as a stream of records: the posts of a Page with their
 * comments, replies, likes and reactions.
 *
 * <p>Format: the Graph API's {@code GET /{page-id}/feed} (or {@code /posts}, {@code /published_posts}) edge response
 * {@code {"data":[post, ...],"paging":{...}}} with the fields {@code id} ({@code {page-id}_{post-id}}),
 * {@code created_time} (ISO 8601, {@code 2018-01-29T07:08:55+0000}), {@code updated_time}, {@code from}
 * ({@code {"id","name"}}), {@code message}, {@code story}, {@code type}, {@code status_type}, {@code attachments},
 * {@code likes}, {@code reactions} and {@code comments} ({@code {"data":[comment, ...]}}, each comment with
 * {@code id}, {@code created_time}, {@code from}, {@code message}, {@code attachment}, {@code like_count},
 * {@code comment_count}, {@code parent} and its replies in {@code comments}) as documented in Meta's Graph API
 * reference (Page Feed, Page Post, Comment, Object Reactions, Story Attachment) and as Microsoft's
 * m365-sample-connector consumed it. A page node {@code GET /{page-id}?fields=id,name,posts{...}} is read too: its
 * {@code id} and {@code name} name the page, its {@code posts}/{@code feed}/{@code published_posts} object holds
 * {@code data}. The file is streamed with Jackson's {@link JsonParser}: one post (with its comments) is held as a
 * tree at a time.
 *
 * <p>Items: one {@code IPM.NOTE.Facebook.Post} per post (item id the post id, the likes and reactions listed in the
 * body, attachments listed as links with {@link io.conduit.model.ItemEvent#MEDIA_OMITTED}: Graph gives only CDN
 * URLs), and one {@code IPM.NOTE.Facebook.Comment} per comment and nested reply (item id the comment id), all in the
 * conversation {@code facebook-post:<post id>}, of type channel. The page is the custodian side: its participant has
 * the handle {@code facebook:<page id>}, and the configured owner as email (an address) or handle (anything else);
 * commenters are external participants {@code facebook:<id>} with their name. A post or comment without {@code id}
 * or a valid {@code created_time} becomes a {@link io.conduit.model.RejectedRecord} naming {@code file:line} and
 * {@code data[i]} (and the comment's position), and the rest is read on; invalid JSON ends the file with one rejected
 * record.
 */
public final class FacebookPageReader {

    /** Source name written to every item. */
    public static final String SOURCE = "Facebook";

    private FacebookPageReader() {
    }

    /**
     * Opens a saved page feed response.
     *
     * @param file     the JSON file (UTF-8, a byte order mark is allowed)
     * @param settings connector id and owner (the page's mailbox identifier: an email address, or a handle the user
     *                 mapping names); {@code zone} is not used, Graph times carry their offset
     * @return the records, to iterate and then close; the caller owns them
     * @throws MalformedExportException naming the file when it is not a regular file, cannot be read or is not a
     *                                  JSON object
     */
    public static SourceRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        String name = file.getFileName().toString();
        JsonParser parser = JsonFields.openObject(file, "a Graph API page feed response");
        return new FacebookRecords(parser, name, new FacebookItems(settings, name));
    }
}

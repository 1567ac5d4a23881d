package io.conduit.source.twitter;

import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import io.conduit.model.Attachment;
import io.conduit.source.support.ZipEntries;
import io.conduit.source.support.SafeZip;

/**
 * The media files an X archive carries, by the id of the tweet or direct message they belong to: the archive names
 * them {@code <id>-<name>} in {@code data/tweets_media/}, {@code data/deleted_tweets_media/},
 * {@code data/direct_messages_media/} and {@code data/direct_messages_group_media/}. Only names are held; content
 * streams from the ZIP entry or file when the item is stored.
 */
final class MediaFiles {

    /** The media folders of {@code data/}, by the data set whose items they belong to. */
    static final Map<String, String> FOLDERS = Map.of("tweets", "tweets_media", "community_tweet",
            "community_tweet_media", "deleted_tweets",
            "deleted_tweets_media", "direct_messages", "direct_messages_media", "direct_messages_group",
            "direct_messages_group_media");

    private final Map<String, List<Attachment>> byId = new HashMap<>();

    private MediaFiles() {
    }

    /** No media. */
    static MediaFiles none() {
        return new MediaFiles();
    }

    /**
     * The media entries of an archive ZIP.
     *
     * @param entries opens the entries (checked already)
     * @param all     every file entry of the archive; those in a media folder of {@code data/} are kept
     */
    static MediaFiles ofZip(ZipEntries entries, List<ZipEntry> all) {
        MediaFiles media = new MediaFiles();
        for (ZipEntry e : all) {
            String n = e.getName().replace('\\', '/');
            String[] segments = n.split("/");
            if (segments.length < 3 || !segments[segments.length - 3].equals("data")
                    || !FOLDERS.containsValue(segments[segments.length - 2])) {
                continue;
            }
            String entryName = e.getName();
            media.add(segments[segments.length - 1], e.getSize(), () -> entries.open(entryName));
        }
        media.byId.values().forEach(l -> l.sort(Comparator.comparing(Attachment::fileName)));
        return media;
    }

    /**
     * The media folder beside a data file, e.g. {@code direct_messages_media/} beside {@code direct-messages.js};
     * symbolic links are not followed.
     *
     * @param dataFolder the folder of the data file
     * @param dataSet    the data file's data set, e.g. {@code direct_messages}
     */
    static MediaFiles ofFolder(Path dataFolder, String dataSet) {
        MediaFiles media = new MediaFiles();
        String folder = FOLDERS.get(dataSet);
        Path dir = folder == null || dataFolder == null ? null : dataFolder.resolve(folder);
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return media;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(p -> {
                long size;
                try {
                    size = Files.size(p);
                } catch (IOException e) {
                    size = -1;
                }
                media.add(p.getFileName().toString(), size, () -> Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS));
            });
        } catch (IOException e) {
            return media;
        }
        return media;
    }

    /** The files of a tweet or message, in name order; empty when the archive has none. */
    List<Attachment> of(String id) {
        return byId.getOrDefault(id, List.of());
    }

    private void add(String fileName, long size, Attachment.Content content) {
        String base = SafeZip.baseName(fileName);
        int dash = base.indexOf('-');
        if (dash <= 0 || !JsonText.isId(base.substring(0, dash)) || dash == base.length() - 1) {
            return;
        }
        String name = base.substring(dash + 1);
        String type = URLConnection.guessContentTypeFromName(name);
        byId.computeIfAbsent(base.substring(0, dash), k -> new ArrayList<>())
                .add(new Attachment(name, type == null ? "application/octet-stream" : type, size, null, content));
    }

    /**
     * Writes the media lines of a body and says whether the files came along.
     *
     * @param body   the body so far
     * @param urls   the media URLs the record names, as {@code type: url} labels
     * @param files  the files the archive has for the record
     * @return true when the record names media but the input has no file for it ({@code MEDIA_OMITTED})
     */
    static boolean describe(StringBuilder body, List<String> urls, List<Attachment> files) {
        for (String url : urls) {
            body.append("\nMedia ").append(url);
        }
        if (!files.isEmpty()) {
            body.append("\nAttached from the archive:");
            for (Attachment a : files) {
                body.append(' ').append(a.fileName());
            }
            return false;
        }
        if (!urls.isEmpty()) {
            body.append("\nThe media files are not in this input (only their URLs)");
            return true;
        }
        return false;
    }
}

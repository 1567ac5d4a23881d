package io.conduit.source.twitter;

import io.conduit.model.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.source.MalformedExportException;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;
import io.conduit.source.support.ZipEntries;
import io.conduit.source.support.SafeZip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an X (Twitter) account archive, or one data file of it, as a stream of archive records: tweets
 * ({@code IPM.NOTE.Twitter.Tweet}) and direct messages with their reactions and events
 * ({@code IPM.NOTE.Twitter.DirectMessage}).
 *
 * <p>Format: X "Download an archive of your data" ({@code twitter-YYYY-MM-DD-<hash>.zip}): {@code data/*.js} files,
 * each {@code window.YTD.<data set>.part<N> = [ ... ]}, a JSON array after a JavaScript assignment that is read as
 * bytes up to the first {@code [} and never evaluated. A data set may be split into parts ({@code tweets.js},
 * {@code tweets-part1.js}, ...): each part is read on its own, recognised by its prefix, not its file name. Data sets
 * read: {@code tweets}, {@code deleted_tweets} and {@code community_tweet} ({@link TweetMapper}),
 * {@code direct_messages} and
 * {@code direct_messages_group} ({@link DirectMessageMapper}); {@code account} names the owner; every other data
 * set (likes, followers, ad data, ...) and {@code manifest.js} hold no communications and give no records.
 *
 * <p>The owner (account id, username, email) comes from the archive's {@code account.js}: inside the ZIP, or, for a
 * single data file, any file in the same folder whose content starts with {@code window.YTD.account.part0}; else
 * from the connector's {@code owner} setting ({@code twitter:<id>}, {@code @username} or an email). Tweets need it;
 * direct messages name their users by id and do not.
 *
 * <p>Media: the files the archive carries ({@code data/tweets_media/<tweet id>-<name>},
 * {@code data/direct_messages_media/<message id>-<name>}, ... see {@link MediaFiles}) are attached to their tweet or
 * message, from the ZIP or from the media folder beside a {@code .js} file; media named only by URL is flagged
 * {@code MEDIA_OMITTED}.
 *
 * <p>Everything is streamed with Jackson's {@link JsonParser}: one tweet, or one direct message, is held at a time.
 */
public final class TwitterArchiveReader {

    /** Source name written to every item: message classes {@code IPM.NOTE.Twitter.*}. */
    public static final String SOURCE = "Twitter";
    /** Default cap on a ZIP archive's total uncompressed size (media included): 64 GiB. */
    public static final long MAX_UNCOMPRESSED_BYTES = 64L << 30;
    /** The data sets whose elements become records. */
    static final Set<String> RECORD_DATA_SETS = Set.of("tweets", "deleted_tweets", "community_tweet", "direct_messages",
            "direct_messages_group");
    /** Most raw JSON copied into a rejected record, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;
    /** Bytes read from a neighbouring file to tell whether it is {@code account.js}. */
    private static final int SNIFF_BYTES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(TwitterArchiveReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TwitterArchiveReader() {
    }

    /**
     * Opens an archive ZIP or one {@code .js} data file.
     *
     * @param file     a {@code data/*.js} part, or the archive's {@code .zip}
     * @param settings connector id and owner ({@code zone} is not used: times are UTC)
     * @return the records, to iterate and then close; none for {@code account.js} and data sets without
     *         communications
     * @throws MalformedExportException naming the file when it does not start with
     *                                  {@code window.YTD.<name>.partN = [}, is empty, unreadable, a corrupt or unsafe
     *                                  ZIP, or holds tweets whose owner is unknown (no {@code account.js}, no owner)
     */
    public static SourceRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        String name = file.getFileName().toString();
        if (isZip(file)) {
            return openZip(file, settings, MAX_UNCOMPRESSED_BYTES);
        }
        String kind;
        try (InputStream in = Files.newInputStream(file)) {
            kind = YtdPart.open(in, name).part().name();
        } catch (IOException e) {
            throw new MalformedExportException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (!RECORD_DATA_SETS.contains(kind)) {
            LOG.info("{}: X archive data set {} holds no tweets or direct messages: no records", Text.clean(name),
                    Text.clean(kind));
            return empty();
        }
        TwitterOwner owner = ownerBeside(file);
        if (owner == null) {
            owner = TwitterOwner.fromSetting(settings.owner());
        }
        if (owner == null && !kind.startsWith("direct_messages")) {
            throw new MalformedExportException(name + ": tweets need the account owner: no account.js "
                    + "(window.YTD.account.part0) in the same folder and no owner setting (--owner twitter:<id>)");
        }
        List<PartRecords.Part> parts = List.of(new PartRecords.Part(name, () -> Files.newInputStream(file)));
        Map<String, GroupScan.Group> groups = kind.equals("direct_messages_group") ? scan(parts) : Map.of();
        MediaFiles media = MediaFiles.ofFolder(file.toAbsolutePath().getParent(), kind);
        return records(parts, settings, owner, groups, media, null);
    }

    /**
     * Opens an archive ZIP: checks every entry ({@link SafeZip}), then reads each {@code .js} entry of a
     * {@code data} folder whose prefix names a data set with records, in entry-name order.
     *
     * @param maxUncompressed cap on the archive's total uncompressed size, in bytes
     * @throws MalformedExportException naming the file when it is corrupt, unsafe or too big
     */
    static SourceRecords openZip(Path file, SourceSettings settings, long maxUncompressed)
            throws MalformedExportException {
        String name = file.getFileName().toString();
        ZipFile zip = SafeZip.open(file, maxUncompressed);
        try {
            ZipEntries opener = new ZipEntries(file, zip);
            List<ZipEntry> data = new ArrayList<>();
            List<ZipEntry> files = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory()) {
                    files.add(e);
                }
                String n = e.getName().replace('\\', '/');
                int folder = n.startsWith("data/") ? 0 : n.lastIndexOf("/data/") + 1;
                if (!e.isDirectory() && n.toLowerCase(Locale.ROOT).endsWith(".js")
                        && (folder > 0 || n.startsWith("data/")) && n.indexOf('/', folder + "data/".length()) < 0) {
                    data.add(e);
                }
            }
            data.sort((a, b) -> a.getName().compareTo(b.getName()));
            TwitterOwner owner = null;
            List<PartRecords.Part> parts = new ArrayList<>();
            for (ZipEntry e : data) {
                String ref = name + "!" + e.getName();
                String entryName = e.getName();
                PartRecords.Opener part = () -> opener.open(entryName);
                String kind;
                try {
                    InputStream in = part.open();
                    YtdPart.Opened opened = YtdPart.open(in, ref);
                    kind = opened.part().name();
                    if (kind.equals("account") && owner == null) {
                        try {
                            owner = readOwner(opened.json());
                        } catch (IOException ex) {
                            // as for an account.js beside a file: a broken one falls back to the owner setting
                            LOG.warn("{}: {} could not be read ({}); using the owner setting", Text.clean(name),
                                    Text.clean(entryName), Text.clean(ex.getMessage()));
                        }
                    }
                    opened.json().close();
                } catch (MalformedExportException ex) {
                    kind = null;
                }
                if (kind == null || RECORD_DATA_SETS.contains(kind)) {
                    parts.add(new PartRecords.Part(ref, part));
                }
            }
            if (owner == null) {
                owner = TwitterOwner.fromSetting(settings.owner());
            }
            return records(parts, settings, owner, scan(parts), MediaFiles.ofZip(opener, files), opener);
        } catch (IOException e) {
            closeQuietly(zip);
            throw new MalformedExportException(name + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static SourceRecords records(List<PartRecords.Part> parts, SourceSettings settings, TwitterOwner owner,
            Map<String, GroupScan.Group> groups, MediaFiles media, AutoCloseable resource) {
        return new PartRecords(JSON, parts, settings.connectorId(),
                owner == null ? null : new TweetMapper(settings.connectorId(), owner, media),
                new DirectMessageMapper(settings.connectorId(), owner, media), groups, resource);
    }

    private static SourceRecords empty() {
        return new PartRecords(JSON, List.of(), null, null, null, Map.of(), null);
    }

    /** First pass over the group parts: participants and names of each group conversation. */
    private static Map<String, GroupScan.Group> scan(List<PartRecords.Part> parts) {
        GroupScan scan = new GroupScan();
        for (PartRecords.Part part : parts) {
            try (InputStream in = part.opener().open()) {
                YtdPart.Opened opened = YtdPart.open(in, part.name());
                if (!opened.part().name().equals("direct_messages_group")) {
                    continue;
                }
                try (JsonParser parser = JSON.createParser(opened.json())) {
                    if (parser.nextToken() == JsonToken.START_ARRAY) {
                        scan.scan(parser, part.name());
                    }
                }
            } catch (IOException | MalformedExportException e) {
                // the second pass rejects what cannot be read
            }
        }
        return new HashMap<>(scan.groups());
    }

    /** The owner from an {@code account.js} in the file's folder, or {@code null} when there is none. */
    private static TwitterOwner ownerBeside(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null) {
            return null;
        }
        List<Path> candidates;
        try (Stream<Path> s = Files.list(folder)) {
            candidates = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".js"))
                    .sorted().toList();
        } catch (IOException e) {
            return null;
        }
        for (Path p : candidates) {
            try (InputStream in = Files.newInputStream(p)) {
                byte[] head = in.readNBytes(SNIFF_BYTES);
                if (!YtdPart.startsWith(head, "account")) {
                    continue;
                }
            } catch (IOException e) {
                continue;
            }
            try (InputStream in = Files.newInputStream(p)) {
                TwitterOwner owner = readOwner(YtdPart.open(in, p.getFileName().toString()).json());
                if (owner != null) {
                    return owner;
                }
            } catch (IOException | MalformedExportException e) {
                LOG.warn("{}: account.js could not be read ({}); using the owner setting",
                        Text.clean(p.getFileName().toString()), Text.clean(e.getMessage()));
            }
        }
        return null;
    }

    /** The owner of the first element of an {@code account} part's array, or {@code null}. */
    private static TwitterOwner readOwner(InputStream json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode element = parser.readValueAsTree();
                TwitterOwner owner = TwitterOwner.fromAccount(element);
                if (owner != null) {
                    return owner;
                }
            }
            return null;
        }
    }

    /** True for a {@code .zip} name or a file starting with the ZIP local header signature {@code PK\3\4}. */
    private static boolean isZip(Path file) throws MalformedExportException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            throw new MalformedExportException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // already failing with a better reason
        }
    }
}

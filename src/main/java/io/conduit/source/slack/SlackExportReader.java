package io.conduit.source.slack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.conduit.source.MalformedExportException;
import io.conduit.source.support.SafeZip;
import io.conduit.source.SourceRecords;
import io.conduit.source.SourceSettings;

/**
 * Reads a Slack workspace export ZIP as a stream of archive records.
 *
 * <p>Format: Slack, "How to read Slack data exports" (https://slack.com/help/articles/220556107): index files
 * {@code users.json} ({@code org_users.json} on Enterprise Grid), {@code channels.json} (public channels),
 * {@code groups.json} (private channels), {@code mpims.json} (group direct messages), {@code dms.json} (direct
 * messages), each a JSON array; and one folder per conversation (the channel or MPIM name, the DM id) holding one
 * {@code YYYY-MM-DD.json} per day, a JSON array of message objects as in Slack's message event reference
 * (https://docs.slack.dev/reference/events/message). The index files may sit under one top-level folder.
 *
 * <p>The ZIP is checked with {@link SafeZip} (traversal names, sizes, ZIP bombs) before anything is read; the index
 * files are read first through the central directory; then the day files are streamed, one message object at a time.
 *
 * <p>Items: one per message object, {@code IPM.NOTE.Slack.Message} or {@code IPM.NOTE.Slack.SystemEvent} (joins and
 * other subtypes), conversation id the Slack conversation id, conversation type {@code channel} (public and private
 * channels), {@code group} (MPIMs) or {@code direct} (DMs), item id {@code <conversation id>:<ts>}, time {@code ts}
 * (UTC epoch seconds), sender by user id through the users file ({@code real_name}, {@code profile.email}, handle
 * {@code slack:<id>}), recipients the conversation's other {@code members}. Edits ({@code edited}) are later versions
 * with {@code EDITED}, deletions ({@code tombstone}, {@code message_deleted}) the last version with {@code DELETED};
 * threads, files (name, size, type, {@code url_private}), reactions and attachments are written out in the body.
 * Source references are {@code <zip>!<entry>[<index>]}, {@code sourceSha256} the SHA-256 of the message object as
 * Jackson writes it. The connector's zone and owner are not used: Slack times are UTC and the export names everyone.
 */
public final class SlackExportReader {

    /** Source name written to every item. */
    public static final String SOURCE = "Slack";
    /** Cap on the sum of the ZIP entries' uncompressed sizes, in bytes (64 GiB: exports hold JSON only). */
    public static final long MAX_UNCOMPRESSED_BYTES = 64L << 30;

    private static final Set<String> INDEX_FILES = Set.of("users.json", "org_users.json", "channels.json",
            "groups.json", "mpims.json", "dms.json", "integration_logs.json", "canvases.json");
    private static final Pattern DAY_FILE = Pattern.compile("([^/]+)/(\\d{4}-\\d{2}-\\d{2})\\.json");

    private SlackExportReader() {
    }

    /**
     * Opens a Slack export ZIP.
     *
     * @param file     the export ZIP
     * @param settings connector id ({@code zone}, {@code owner} and {@code defaultRegion} are not used)
     * @return the records, to iterate and then close; the caller owns them
     * @throws MalformedExportException naming the file when it is not a readable ZIP, has an unsafe entry (traversal,
     *                                  absolute name, ZIP bomb), or has neither index files nor day files
     */
    public static SourceRecords open(Path file, SourceSettings settings) throws MalformedExportException {
        return open(file, settings, MAX_UNCOMPRESSED_BYTES);
    }

    /**
     * Opens a Slack export ZIP with a cap on its uncompressed size.
     *
     * @param maxUncompressed cap on the sum of the entries' declared uncompressed sizes, in bytes
     * @see #open(Path, SourceSettings)
     */
    public static SourceRecords open(Path file, SourceSettings settings, long maxUncompressed)
            throws MalformedExportException {
        String name = file.getFileName().toString();
        ZipFile zip = SafeZip.open(file, maxUncompressed);
        try {
            List<String> names = new ArrayList<>();
            Map<String, ZipEntry> byNormalName = new HashMap<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String n = e.getName().replace('\\', '/');
                if (!e.isDirectory() && !n.startsWith("__MACOSX/") && !SafeZip.baseName(n).startsWith("._")) {
                    names.add(e.getName());
                    byNormalName.putIfAbsent(n, e);
                }
            }
            String root = root(names);
            SlackWorkspace workspace = new SlackWorkspace(settings.connectorId());
            workspace.read(index -> {
                ZipEntry e = byNormalName.get(root + index);
                return e == null ? null : SafeZip.open(zip, e);
            }, name + "!" + root);
            Map<String, Set<String>> folders = new TreeMap<>();
            for (String n : names) {
                String normal = n.replace('\\', '/');
                if (!normal.startsWith(root)) {
                    continue;
                }
                Matcher m = DAY_FILE.matcher(normal.substring(root.length()));
                if (m.matches()) {
                    folders.computeIfAbsent(m.group(1), f -> new TreeSet<>()).add(n);
                }
            }
            if (!workspace.indexFound() && folders.isEmpty()) {
                throw new MalformedExportException(name + ": not a Slack workspace export (no users.json, channels.json,"
                        + " groups.json, mpims.json or dms.json, and no <conversation>/YYYY-MM-DD.json day files)");
            }
            Set<String> order = new LinkedHashSet<>();
            for (String folder : workspace.folders()) {
                if (folders.containsKey(folder)) {
                    order.add(folder);
                }
            }
            order.addAll(folders.keySet());
            List<SlackExportRecords.DayFile> days = new ArrayList<>();
            for (String folder : order) {
                SlackConversation c = workspace.byFolder(folder);
                if (c == null) {
                    c = new SlackConversation(folder, folder, SlackConversation.Kind.UNLISTED, folder, List.of());
                }
                for (String entry : folders.get(folder)) {
                    days.add(new SlackExportRecords.DayFile(entry, c));
                }
            }
            return new SlackExportRecords(zip, name, settings.connectorId(),
                    new SlackMessageMapper(workspace, settings.connectorId()), days, workspace.rejected());
        } catch (MalformedExportException | RuntimeException e) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // already failing with a better reason
            }
            throw e;
        }
    }

    /**
     * The folder prefix of the index files ({@code ""}, or e.g. {@code "Acme Slack export/"} when the ZIP wraps the
     * export in one folder): the parent of the least deep index file.
     */
    private static String root(List<String> names) {
        String best = null;
        int depth = Integer.MAX_VALUE;
        for (String n : names) {
            String normal = n.replace('\\', '/');
            int d = normal.length() - normal.replace("/", "").length();
            if (INDEX_FILES.contains(SafeZip.baseName(normal)) && d < depth) {
                depth = d;
                best = normal.substring(0, normal.lastIndexOf('/') + 1);
            }
        }
        return best == null ? "" : best;
    }
}

package io.conduit.source.whatsapp;

import io.conduit.source.MalformedExportException;
import io.conduit.source.support.SafeZip;
import io.conduit.source.support.ZipEntries;
import io.conduit.model.Attachment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A ZIP export: the chat text is its one {@code .txt} entry, the other entries are media that messages reference.
 *
 * <p>Opening checks every entry with {@link SafeZip} before anything is read (names inside the archive, declared
 * sizes under the cap, no ZIP bomb ratios); streams are limited to their entry's declared size.
 */
final class ZipExport extends ExportInput {

    private final String fileName;
    private final ZipEntries entries;
    private final String chatEntry;
    private final Map<String, ZipEntry> media = new HashMap<>();

    private ZipExport(Path file, ZipFile zip, String chatEntry) {
        this.fileName = file.getFileName().toString();
        this.entries = new ZipEntries(file, zip);
        this.chatEntry = chatEntry;
    }

    /**
     * Opens and checks a ZIP export.
     *
     * @param maxUncompressed cap on the sum of the entries' uncompressed sizes, in bytes
     * @throws MalformedExportException naming the file and the reason: corrupt ZIP, unsafe entry, too big, too
     *                                  compressed, no chat text or several candidates
     */
    static ZipExport open(Path file, long maxUncompressed) throws MalformedExportException {
        String name = file.getFileName().toString();
        ZipFile zip = SafeZip.open(file, maxUncompressed);
        try {
            List<ZipEntry> texts = new ArrayList<>();
            List<ZipEntry> others = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String base = baseName(e.getName());
                if (e.getName().startsWith("__MACOSX/") || base.startsWith("._")) {
                    continue;
                }
                (base.toLowerCase(Locale.ROOT).endsWith(".txt") ? texts : others).add(e);
            }
            ZipEntry chat = chooseChat(name, texts);
            ZipExport export = new ZipExport(file, zip, chat.getName());
            for (ZipEntry e : texts) {
                if (e != chat) {
                    others.add(e);
                }
            }
            for (ZipEntry e : others) {
                export.media.putIfAbsent(baseName(e.getName()), e);
            }
            return export;
        } catch (MalformedExportException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static ZipEntry chooseChat(String zipName, List<ZipEntry> texts) throws MalformedExportException {
        if (texts.isEmpty()) {
            throw new MalformedExportException(zipName + ": ZIP contains no chat .txt file");
        }
        for (ZipEntry e : texts) {
            String base = baseName(e.getName());
            if (base.equals("_chat.txt") || base.startsWith("WhatsApp Chat")) {
                return e;
            }
        }
        if (texts.size() == 1) {
            return texts.get(0);
        }
        throw new MalformedExportException(zipName + ": ZIP contains " + texts.size()
                + " .txt files and none is named _chat.txt or WhatsApp Chat*.txt");
    }

    private static String baseName(String entryName) {
        return SafeZip.baseName(entryName);
    }

    private static String quoted(String s) {
        return SafeZip.quoted(s);
    }

    @Override
    String fileName() {
        return fileName;
    }

    @Override
    String refPrefix() {
        return fileName + "!" + chatEntry;
    }

    @Override
    String chatName() {
        if (!ChatNames.isWhatsAppName(fileName) && ChatNames.isWhatsAppName(baseName(chatEntry))) {
            return ChatNames.fromFileName(baseName(chatEntry));
        }
        return ChatNames.fromFileName(fileName);
    }

    @Override
    InputStream openChat() throws IOException {
        return open(chatEntry);
    }

    @Override
    java.util.Set<String> mediaNames() {
        return new java.util.TreeSet<>(media.keySet());
    }

    @Override
    Attachment attachment(String name) {
        ZipEntry e = media.get(name);
        if (e == null) {
            return null;
        }
        String type = URLConnection.guessContentTypeFromName(name);
        String entryName = e.getName();
        return new Attachment(name, type == null ? "application/octet-stream" : type, e.getSize(), null,
                () -> open(entryName));
    }

    /**
     * Opens an entry, limited to its declared size; after {@link #close()} it reopens the archive for the stream's
     * lifetime, so attachments stay readable once the records are closed.
     */
    private InputStream open(String entryName) throws IOException {
        return entries.open(entryName);
    }

    @Override
    public void close() throws IOException {
        entries.close();
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // already failing with a better reason
        }
    }
}

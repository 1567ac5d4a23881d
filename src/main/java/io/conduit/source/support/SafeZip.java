package io.conduit.source.support;

import io.conduit.source.MalformedExportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Opens a third-party ZIP archive only after checking every entry, so that exports that arrive as ZIPs (WhatsApp
 * with media, Slack workspace exports) share one set of defences.
 *
 * <p>Checks, before anything is read: names must stay inside the archive (no {@code ..} segment, no absolute path,
 * no drive letter, no NUL; backslashes count as separators), every file entry must declare its uncompressed size,
 * the declared uncompressed total must stay under the caller's cap, and entries over {@value #RATIO_MIN_SIZE} bytes
 * must not be compressed more than {@value #MAX_RATIO}:1. {@link #open(ZipFile, ZipEntry)} limits each stream to
 * its entry's declared size, so a lying header cannot inflate past the checks. Nothing is ever extracted to disk.
 */
public final class SafeZip {

    /** Entries bigger than this (bytes) must respect {@link #MAX_RATIO}. */
    public static final long RATIO_MIN_SIZE = 1L << 20;
    /** Largest allowed uncompressed-to-compressed ratio for big entries. */
    public static final long MAX_RATIO = 100;

    private SafeZip() {
    }

    /**
     * Opens and checks a ZIP archive.
     *
     * @param file            the archive
     * @param maxUncompressed cap on the sum of the entries' declared uncompressed sizes, in bytes
     * @return the open archive; the caller closes it
     * @throws MalformedExportException naming the file and the reason: corrupt ZIP, unsafe entry name, entry without
     *                                  a declared size, too big, too compressed
     */
    public static ZipFile open(Path file, long maxUncompressed) throws MalformedExportException {
        String name = file.getFileName().toString();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new MalformedExportException(name + ": corrupt ZIP archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new MalformedExportException(name + ": cannot open ZIP archive (" + e.getMessage() + ")", e);
        }
        try {
            check(name, zip, maxUncompressed);
            return zip;
        } catch (MalformedExportException | RuntimeException e) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // already failing with a better reason
            }
            throw e;
        }
    }

    private static void check(String name, ZipFile zip, long maxUncompressed) throws MalformedExportException {
        long total = 0;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            checkName(name, e.getName());
            if (e.isDirectory()) {
                continue;
            }
            long size = e.getSize();
            if (size < 0) {
                throw new MalformedExportException(name + ": ZIP entry " + quoted(e.getName())
                        + " does not declare its size");
            }
            total += size;
            if (total > maxUncompressed) {
                throw new MalformedExportException(name + ": ZIP expands to more than " + maxUncompressed
                        + " bytes, refused");
            }
            long compressed = e.getCompressedSize();
            if (size > RATIO_MIN_SIZE && (compressed <= 0 || size / compressed > MAX_RATIO)) {
                throw new MalformedExportException(name + ": ZIP entry " + quoted(e.getName())
                        + " is compressed more than " + MAX_RATIO + ":1 (" + size + " from " + compressed
                        + " bytes), refused as a possible ZIP bomb");
            }
        }
    }

    private static void checkName(String zipName, String entryName) throws MalformedExportException {
        String n = entryName.replace('\\', '/');
        boolean absolute = n.startsWith("/") || n.matches("^[A-Za-z]:.*");
        boolean dotDot = false;
        for (String segment : n.split("/")) {
            if (segment.equals("..")) {
                dotDot = true;
                break;
            }
        }
        if (absolute || dotDot || n.indexOf('\0') >= 0) {
            throw new MalformedExportException(zipName + ": unsafe ZIP entry name " + quoted(entryName)
                    + " (absolute or leading outside the archive), refused");
        }
    }

    /**
     * Opens an entry of an archive from {@link #open(Path, long)}, limited to its declared size.
     *
     * @throws IOException when the entry cannot be read; reading past the declared size fails with an IOException
     */
    public static InputStream open(ZipFile zip, ZipEntry entry) throws IOException {
        return new LimitedInputStream(zip.getInputStream(entry), entry.getSize(), entry.getName());
    }

    /** The last path segment of an entry name, backslashes counting as separators. */
    public static String baseName(String entryName) {
        String n = entryName.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** An entry name in double quotes for a reason or a log, control characters escaped, cut at 200 chars. */
    public static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }
}

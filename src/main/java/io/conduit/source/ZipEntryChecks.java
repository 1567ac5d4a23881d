package io.conduit.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The checks every ZIP export passes before any entry is read: names stay inside the archive (no {@code ..} segment,
 * no absolute path, backslashes count as separators, no NUL), every entry declares its size, the declared
 * uncompressed total stays under a cap, and entries over {@link #RATIO_MIN_SIZE} are not compressed more than
 * {@link #MAX_RATIO}:1. Read entries through {@link LimitedInputStream} with their declared size, so that a lying
 * header cannot inflate past the checks.
 */
public final class ZipEntryChecks {

    /** Entries bigger than this (bytes) must respect {@link #MAX_RATIO}. */
    public static final long RATIO_MIN_SIZE = 1L << 20;
    /** Largest allowed uncompressed-to-compressed ratio for big entries. */
    public static final long MAX_RATIO = 100;

    private final String zipName;
    private final long maxUncompressed;
    private long total;

    /**
     * @param zipName         names the archive in errors
     * @param maxUncompressed cap on the sum of the entries' declared uncompressed sizes, in bytes
     */
    public ZipEntryChecks(String zipName, long maxUncompressed) {
        this.zipName = zipName;
        this.maxUncompressed = maxUncompressed;
    }

    /**
     * True when a file is to be read as a ZIP export: its name ends in {@code .zip}, or it starts with the ZIP local
     * file header signature {@code PK\3\4}.
     *
     * @throws MalformedExportException naming the file when it cannot be read
     */
    public static boolean isZip(Path file) throws MalformedExportException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            throw new MalformedExportException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Opens a ZIP export (its entries still to be checked with {@link #check}).
     *
     * @throws MalformedExportException naming the file when it is not a ZIP archive or cannot be opened
     */
    public static ZipFile open(Path file) throws MalformedExportException {
        String name = file.getFileName().toString();
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new MalformedExportException(name + ": corrupt ZIP archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new MalformedExportException(name + ": cannot open ZIP archive (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks one entry (directories only by name) and adds its size to the running total.
     *
     * @throws MalformedExportException naming the archive and entry: unsafe name, no declared size, total over the
     *                                  cap, or compressed more than {@link #MAX_RATIO}:1
     */
    public void check(ZipEntry e) throws MalformedExportException {
        checkName(e.getName());
        if (e.isDirectory()) {
            return;
        }
        long size = e.getSize();
        if (size < 0) {
            throw new MalformedExportException(zipName + ": ZIP entry " + quoted(e.getName())
                    + " does not declare its size");
        }
        total += size;
        if (total > maxUncompressed) {
            throw new MalformedExportException(zipName + ": ZIP expands to more than " + maxUncompressed
                    + " bytes, refused");
        }
        long compressed = e.getCompressedSize();
        if (size > RATIO_MIN_SIZE && (compressed <= 0 || size / compressed > MAX_RATIO)) {
            throw new MalformedExportException(zipName + ": ZIP entry " + quoted(e.getName())
                    + " is compressed more than " + MAX_RATIO + ":1 (" + size + " from " + compressed
                    + " bytes), refused as a possible ZIP bomb");
        }
    }

    private void checkName(String entryName) throws MalformedExportException {
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

    /** The last segment of an entry name, backslashes counting as separators. */
    public static String baseName(String entryName) {
        String n = entryName.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** The text in double quotes with control characters escaped, cut at 200 characters, for error messages. */
    public static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }
}

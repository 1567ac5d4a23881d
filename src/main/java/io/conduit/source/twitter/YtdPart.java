package io.conduit.source.twitter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conduit.source.MalformedExportException;

/**
 * The assignment prefix of one X archive data file, {@code window.YTD.<name>.part<N> = }, read as bytes up to the
 * first {@code [} and never evaluated; what follows is the JSON array.
 *
 * <p>Format: X (Twitter) "Download an archive of your data", {@code data/*.js}: each data set is one or more parts
 * ({@code tweets.js}, {@code tweets-part1.js}, ...), each a JavaScript assignment of a JSON array. The archive's
 * {@code data/manifest.js} ({@code window.__THAR_CONFIG = {...}}) is recognised as the {@value #MANIFEST} part.
 *
 * @param name data set name as the prefix writes it, e.g. {@code tweets}, {@code direct_messages},
 *             {@code direct_messages_group}, {@code account}; {@value #MANIFEST} for the manifest
 * @param part part number, 0 for the first
 */
record YtdPart(String name, int part) {

    /** Name given to {@code data/manifest.js}, which holds no records. */
    static final String MANIFEST = "__THAR_CONFIG";
    /** Longest prefix read before giving up, in bytes. */
    static final int MAX_PREFIX_BYTES = 256;

    private static final Pattern PREFIX = Pattern.compile(
            "\\s*window\\.YTD\\.([A-Za-z0-9_]{1,100})\\.part(\\d{1,6})\\s*=\\s*");
    private static final Pattern MANIFEST_PREFIX = Pattern.compile("\\s*window\\.__THAR_CONFIG\\s*=\\s*");

    /**
     * A data file opened after its prefix.
     *
     * @param part the prefix
     * @param json the rest of the file as a JSON document, starting with {@code [} (or {@code {} for the manifest)
     */
    record Opened(YtdPart part, InputStream json) {
    }

    /**
     * Reads the prefix of a data file; the stream is left positioned so that {@link Opened#json()} reads the array.
     *
     * @param in         the file's bytes (a leading UTF-8 byte order mark is skipped); closed when this throws
     * @param sourceName names the file in the error
     * @throws MalformedExportException naming the file when it does not start with {@code window.YTD.<name>.partN = [}
     *                                  within {@value #MAX_PREFIX_BYTES} bytes (or is the manifest)
     */
    static Opened open(InputStream in, String sourceName) throws MalformedExportException {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            boolean started = false;
            while ((b = in.read()) >= 0 && head.size() < MAX_PREFIX_BYTES) {
                if (!started && b == 0xEF) {
                    byte[] bom = in.readNBytes(2);
                    if (bom.length == 2 && (bom[0] & 0xff) == 0xBB && (bom[1] & 0xff) == 0xBF) {
                        started = true;
                        continue;
                    }
                    throw refused(sourceName, "does not start with window.YTD.<name>.partN = [");
                }
                started = true;
                if (b == '[' || b == '{') {
                    String prefix = head.toString(StandardCharsets.US_ASCII);
                    Matcher m = PREFIX.matcher(prefix);
                    if (b == '[' && m.matches()) {
                        return new Opened(new YtdPart(m.group(1), Integer.parseInt(m.group(2))), rest(b, in));
                    }
                    if (b == '{' && MANIFEST_PREFIX.matcher(prefix).matches()) {
                        return new Opened(new YtdPart(MANIFEST, 0), rest(b, in));
                    }
                    throw refused(sourceName, "starts with " + JsonText.quoted(prefix + (char) b)
                            + ", not window.YTD.<name>.partN = [");
                }
                if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b > 0x7e) {
                    throw refused(sourceName, "does not start with window.YTD.<name>.partN = [ (binary or other text)");
                }
                head.write(b);
            }
            throw refused(sourceName, head.size() == 0 ? "is empty"
                    : "has no window.YTD.<name>.partN = [ prefix in its first " + MAX_PREFIX_BYTES + " bytes");
        } catch (IOException e) {
            closeQuietly(in);
            throw new MalformedExportException(sourceName + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (MalformedExportException | RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** True when the first bytes of a file start an X archive data file of this data set's name. */
    static boolean startsWith(byte[] head, String name) {
        String s = new String(head, StandardCharsets.US_ASCII);
        if (s.startsWith("\uFEFF") || head.length >= 3 && (head[0] & 0xff) == 0xEF) {
            s = s.substring(Math.min(3, s.length()));
        }
        return s.stripLeading().startsWith("window.YTD." + name + ".part");
    }

    private static InputStream rest(int opening, InputStream in) {
        return new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) opening}), in);
    }

    private static MalformedExportException refused(String sourceName, String what) {
        return new MalformedExportException(sourceName + ": not an X (Twitter) archive data file: it " + what
                + "; refused");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing with a better reason
        }
    }
}

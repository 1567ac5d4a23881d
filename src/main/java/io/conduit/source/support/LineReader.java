package io.conduit.source.support;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads text line by line with a bound on line length, so that a huge line costs at most the bound in memory.
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}; the terminator is not part of the line. A line
 * longer than the bound is returned truncated to the bound with {@link Line#tooLong()} set; the rest of it is read
 * and discarded.
 */
public final class LineReader implements Closeable {

    /** One line: its 1-based number, its text (truncated when too long) and whether it was too long. */
    public record Line(long number, String text, boolean tooLong) {
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private long lineNumber;
    private boolean eof;
    private boolean skipLf;

    /**
     * @param in       decoded text; closed by {@link #close()}
     * @param maxChars longest line kept, in chars (UTF-16 units)
     */
    public LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, or {@code null} at the end of the text. */
    public Line next() throws IOException {
        StringBuilder sb = null;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos >= len) {
                if (eof || !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int start = pos;
            int end = -1;
            while (pos < len) {
                char c = buf[pos];
                if (c == '\n' || c == '\r') {
                    end = pos;
                    pos++;
                    skipLf = c == '\r';
                    break;
                }
                pos++;
            }
            int chunkEnd = end >= 0 ? end : pos;
            if (sb == null) {
                sb = new StringBuilder(Math.min(chunkEnd - start + 16, 1024));
            }
            int room = maxChars - sb.length();
            int n = chunkEnd - start;
            if (n > room) {
                sb.append(buf, start, Math.max(room, 0));
                tooLong = true;
            } else {
                sb.append(buf, start, n);
            }
            if (end >= 0) {
                break;
            }
        }
        lineNumber++;
        return new Line(lineNumber, sb == null ? "" : sb.toString(), tooLong);
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            pos = 0;
            len = 0;
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

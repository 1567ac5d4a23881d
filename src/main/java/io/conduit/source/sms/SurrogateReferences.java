package io.conduit.source.sms;

import java.io.IOException;
import java.io.Reader;

/**
 * Repairs one known defect of SMS Backup &amp; Restore's output before the text reaches the XML parser: characters
 * outside the Basic Multilingual Plane (emoji) written as two numeric character references to UTF-16 surrogates,
 * {@code &#55357;&#56832;} for U+1F600, which XML 1.0 forbids (section 4.1, well-formedness constraint "Legal
 * Character"), so that every conforming parser stops at the first emoji. A high and a low surrogate reference in a
 * row become the two UTF-16 chars of the real character; a lone surrogate reference becomes U+FFFD. Nothing else is
 * changed: this does not parse XML, it only rewrites references whose number is a surrogate (decimal or hexadecimal).
 */
final class SurrogateReferences extends Reader {

    /** Most repaired lines remembered (a file full of control characters is still read, its notes capped). */
    static final int MAX_REPAIRED_LINES = 10_000;

    /** Longest surrogate reference: {@code &#xDBFF;} or {@code &#56319;} with leading zeros allowed up to 8 digits. */
    private static final int MAX_REFERENCE = 12;
    private static final int LOOKAHEAD = 2 * MAX_REFERENCE;

    private final Reader in;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    /** Chars of a reference pair not yet handed out (when the caller's buffer was full). */
    private final StringBuilder pending = new StringBuilder(2);
    /** End of the reference just parsed by {@link #reference(int)}. */
    private int referenceEnd;
    /** Line of the next char handed out, 1-based. */
    private long line = 1;
    /** Repairs by line: what was found and what it became. */
    private final java.util.TreeMap<Long, java.util.Set<String>> repairs = new java.util.TreeMap<>();

    /** @param in the decoded text; closed by {@link #close()} */
    SurrogateReferences(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (!pending.isEmpty()) {
                out[off + n++] = pending.charAt(0);
                pending.deleteCharAt(0);
                continue;
            }
            if (limit - pos < LOOKAHEAD && !eof) {
                fill();
            }
            if (pos == limit) {
                break;
            }
            char c = buf[pos];
            if (c == '\n') {
                line++;
            }
            if (c != '&') {
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    c = picture(c, "U+" + String.format("%04X", (int) c) + " (a control character XML forbids)");
                }
                out[off + n++] = c;
                pos++;
                continue;
            }
            int high = reference(pos);
            if (high < 0) {
                out[off + n++] = c;
                pos++;
                continue;
            }
            String written = new String(buf, pos, referenceEnd - pos);
            pos = referenceEnd;
            if (!Character.isSurrogate((char) high) || high > Character.MAX_VALUE) {
                out[off + n++] = high < 0x20 ? picture((char) high, written + " (a character XML 1.0 forbids)")
                        : picture('\uFFFD', written + " (a character XML 1.0 forbids)");
                continue;
            }
            int low = Character.isHighSurrogate((char) high) ? reference(pos) : -1;
            if (low >= 0 && Character.isLowSurrogate((char) low)) {
                pos = referenceEnd;
                out[off + n++] = (char) high;
                pending.append((char) low);
            } else {
                out[off + n++] = '\uFFFD';
            }
        }
        return n == 0 ? -1 : n;
    }

    /** The surrogate a reference at {@code at} stands for, setting {@link #referenceEnd}; -1 when it is not one. */
    private int reference(int at) {
        if (at + 3 >= limit || buf[at] != '&' || buf[at + 1] != '#') {
            return -1;
        }
        boolean hex = buf[at + 2] == 'x' || buf[at + 2] == 'X';
        int start = at + (hex ? 3 : 2);
        int end = start;
        while (end < limit && end - at < MAX_REFERENCE && buf[end] < 0x80 && Character.digit(buf[end], hex ? 16 : 10) >= 0) {
            end++;
        }
        if (end == start || end >= limit || buf[end] != ';') {
            return -1;
        }
        // a long: up to 10 decimal or 9 hex digits may not fit an int (a hostile &#9999999999; is out of range)
        long value = Long.parseLong(new String(buf, start, end - start), hex ? 16 : 10);
        boolean surrogate = value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE;
        boolean forbidden = value < 0x20 && value != '\t' && value != '\n' && value != '\r'
                || value == 0xFFFE || value == 0xFFFF || value > Character.MAX_CODE_POINT;
        if (!surrogate && !forbidden) {
            return -1;
        }
        referenceEnd = end + 1;
        return value > Character.MAX_CODE_POINT ? Character.MAX_CODE_POINT + 1 : (int) value;
    }

    /**
     * The visible stand-in of a character XML cannot carry: a C0 control becomes its Unicode Control Picture
     * (U+000B: U+240B), anything else U+FFFD; the repair is remembered for the line.
     */
    private char picture(char c, String found) {
        char shown = c < 0x20 ? (char) (0x2400 + c) : '\uFFFD';
        if (repairs.size() < MAX_REPAIRED_LINES || repairs.containsKey(line)) {
            repairs.computeIfAbsent(line, k -> new java.util.LinkedHashSet<>()).add(found + " shown as " + shown);
        }
        return shown;
    }

    /**
     * What was repaired on lines {@code from} to {@code to} (inclusive), one note per kind, or {@code null} when nothing
     * was.
     */
    String repairs(long from, long to) {
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        repairs.subMap(from, true, to, true).values().forEach(found::addAll);
        return found.isEmpty() ? null : String.join("; ", found);
    }

    /** Moves the unread chars to the front and reads until {@link #LOOKAHEAD} chars are there or the input ends. */
    private void fill() throws IOException {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
        while (limit < LOOKAHEAD && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

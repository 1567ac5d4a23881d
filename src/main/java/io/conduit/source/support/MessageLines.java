package io.conduit.source.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The lines of one message of a line-based chat export (a header line such as {@code 20/06/2020, 10:15 - Anna: hi},
 * then its continuation lines), gathered until the next header line: the text, the raw lines for a quarantine record
 * (capped), the SHA-256 of the lines as read, and the reason when the message is refused (too long, unreadable).
 *
 * @param <H> the parsed header line of the export's format, or {@code null} for text before the first header
 */
public final class MessageLines<H> {

    private final long firstLine;
    private final H header;
    private final int maxRawChars;
    private final int maxMessageChars;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder raw = new StringBuilder();
    private final MessageDigest digest = Digests.sha256();
    private long chars;
    private String rejectReason;

    /**
     * @param firstLine       number of the first line, 1-based
     * @param header          the parsed header line, or {@code null}
     * @param line            the first line as read, or {@code null} when there is none (a read that failed)
     * @param firstText       the first line's message text (for a header: the text after it), or {@code null} for none
     * @param maxRawChars     most characters of raw lines kept for a quarantine record
     * @param maxMessageChars most characters of a message; a longer one is refused
     */
    public MessageLines(long firstLine, H header, String line, String firstText, int maxRawChars, int maxMessageChars) {
        this.firstLine = firstLine;
        this.header = header;
        this.maxRawChars = maxRawChars;
        this.maxMessageChars = maxMessageChars;
        if (line != null) {
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            raw.append(line, 0, Math.min(line.length(), maxRawChars));
            chars = line.length();
        }
        if (firstText != null) {
            text.append(firstText);
        }
        if (chars > maxMessageChars) {
            reject("message is longer than " + maxMessageChars + " chars");
        }
    }

    /** Adds a continuation line. */
    public void append(String line) {
        digest.update((byte) '\n');
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        chars += line.length() + 1;
        if (raw.length() < maxRawChars) {
            raw.append('\n').append(line, 0, Math.min(line.length(), maxRawChars - raw.length()));
        }
        if (chars > maxMessageChars) {
            reject("message is longer than " + maxMessageChars + " chars");
            return;
        }
        if (rejectReason == null) {
            if (header != null || !text.isEmpty()) {
                text.append('\n');
            }
            text.append(line);
        }
    }

    /** Refuses the message; the first reason given is kept. */
    public void reject(String reason) {
        if (rejectReason == null) {
            rejectReason = reason;
            text.setLength(0);
        }
    }

    /** Number of the first line, 1-based (0: no line was read). */
    public long firstLine() {
        return firstLine;
    }

    /** The parsed header line, or {@code null} for text before the first header. */
    public H header() {
        return header;
    }

    /** The message text: the header's text and the continuation lines, joined by line feeds. */
    public String text() {
        return text.toString();
    }

    /** The lines as read, joined by line feeds, at most the raw cap. */
    public String raw() {
        return raw.toString();
    }

    /** SHA-256 over the lines as read (UTF-8, joined by line feeds); finishing it ends this digest. */
    public MessageDigest digest() {
        return digest;
    }

    /** Why the message is refused, or {@code null}. */
    public String rejectReason() {
        return rejectReason;
    }
}

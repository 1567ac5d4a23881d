package io.conduit.source.sms;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.conduit.source.support.Digests;

/**
 * The canonical text of one backup record ({@code <sms>}, {@code <mms>} with its parts and addresses, {@code <call>}),
 * as StAX reads it: each element as {@code <name a="value" ...>}, attributes in document order, values unescaped.
 * Its SHA-256 is the item's {@code sourceSha256}; its first {@value #MAX_RAW_CHARS} chars are the raw text of a
 * rejected record. A part's base64 {@code data} is hashed as streamed but shown in the raw text as its length only.
 */
final class RecordText {

    /** Most raw text kept for a rejected record, in chars. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    private final MessageDigest digest = Digests.sha256();
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer bytes = ByteBuffer.allocate(32 * 1024);
    private final StringBuilder raw = new StringBuilder();

    /** Appends an element start {@code <name}. */
    void start(String name) {
        text("<" + name);
    }

    /** Closes an element start. */
    void endStart() {
        text(">");
    }

    /** Appends an element end {@code </name>}. */
    void end(String name) {
        text("</" + name + ">");
    }

    /** Appends an attribute with its whole value. */
    void attribute(String name, String value) {
        text(" " + name + "=\"");
        text(value);
        text("\"");
    }

    /** Appends an attribute whose value is streamed in pieces with {@link #hashOnly}; the raw text gets its length. */
    void streamedAttribute(String name, long chars) {
        raw(" " + name + "=\"[" + chars + " chars]\"");
    }

    /** Hashes part of a streamed attribute value, not kept in the raw text. */
    void hashOnly(char[] buffer, int start, int end) {
        hash(CharBuffer.wrap(buffer, start, end - start));
    }

    private void text(String s) {
        raw(s);
        hash(CharBuffer.wrap(s));
    }

    private void raw(String s) {
        if (raw.length() < MAX_RAW_CHARS) {
            raw.append(s, 0, Math.min(s.length(), MAX_RAW_CHARS - raw.length()));
        }
    }

    private void hash(CharBuffer chars) {
        utf8.reset();
        while (true) {
            bytes.clear();
            boolean overflow = utf8.encode(chars, bytes, true).isOverflow();
            bytes.flip();
            digest.update(bytes);
            if (!overflow) {
                break;
            }
        }
        bytes.clear();
        utf8.flush(bytes);
        bytes.flip();
        digest.update(bytes);
    }

    /** Lower-case hex SHA-256 of the record's canonical text; call once, at the end of the record. */
    String sha256() {
        return Digests.hex(digest);
    }

    /** The record's canonical text, at most {@value #MAX_RAW_CHARS} chars. */
    String raw() {
        return raw.toString();
    }
}

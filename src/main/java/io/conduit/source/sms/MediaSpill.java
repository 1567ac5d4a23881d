package io.conduit.source.sms;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import io.conduit.source.support.Digests;
import org.codehaus.stax2.typed.TypedValueDecoder;

/**
 * Decodes one MMS part's base64 {@code data} attribute into a temporary file, straight from the StAX parser's own
 * character buffer (Woodstox's typed attribute access, {@code XMLStreamReader2.getAttributeAs}), so that the value is
 * never copied into a {@code String}: the heap holds the parser's buffer (two bytes per base64 character) and 8 KiB.
 *
 * <p>Base64 is RFC 4648 with padding, as SMS Backup &amp; Restore writes it; whitespace (line breaks, which XML
 * attribute normalisation turns into spaces) is skipped, any other character outside the alphabet fails the part.
 * The record's digest is updated with the characters as read.
 */
final class MediaSpill extends TypedValueDecoder {

    /** Base64 characters decoded at a time (a multiple of 4). */
    private static final int CHUNK_CHARS = 64 * 1024;

    private final Path file;
    private final RecordText record;
    private long size;
    private String sha256;
    private long chars;

    /**
     * @param file   an existing empty temporary file that receives the decoded bytes
     * @param record the record whose digest covers the base64 text
     */
    MediaSpill(Path file, RecordText record) {
        this.file = file;
        this.record = record;
    }

    @Override
    public void decode(String lexical) {
        char[] c = lexical.toCharArray();
        decode(c, 0, c.length);
    }

    /**
     * Decodes {@code buffer[start, end)} into the file.
     *
     * @throws IllegalArgumentException when the text is not base64
     * @throws UncheckedIOException     when the file cannot be written
     */
    @Override
    public void decode(char[] buffer, int start, int end) {
        record.hashOnly(buffer, start, end);
        chars = end - start;
        MessageDigest md = Digests.sha256();
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] in = new byte[CHUNK_CHARS];
        byte[] out = new byte[CHUNK_CHARS / 4 * 3];
        int fill = 0;
        try (OutputStream file = new DigestOutputStream(Files.newOutputStream(this.file), md)) {
            for (int i = start; i < end; i++) {
                char c = buffer[i];
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    continue;
                }
                in[fill++] = c < 0x80 ? (byte) c : (byte) '?';
                if (fill == in.length) {
                    size += write(file, out, base64.decode(in, out));
                    fill = 0;
                }
            }
            if (fill > 0) {
                size += write(file, out, base64.decode(Arrays.copyOf(in, fill), out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sha256 = Digests.hex(md);
    }

    private static int write(OutputStream file, byte[] decoded, int length) throws IOException {
        file.write(decoded, 0, length);
        return length;
    }

    @Override
    public void handleEmptyValue() {
        size = 0;
        sha256 = Digests.hex(Digests.sha256());
    }

    /** Decoded size in bytes. */
    long size() {
        return size;
    }

    /** Lower-case hex SHA-256 of the decoded bytes. */
    String sha256() {
        return sha256;
    }

    /** Length of the base64 text in chars. */
    long chars() {
        return chars;
    }
}

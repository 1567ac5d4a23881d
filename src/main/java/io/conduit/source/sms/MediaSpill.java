package io.conduit.source.sms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Base64;

import io.conduit.source.Digests;
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
        InputStream in = Base64.getDecoder().wrap(new Ascii(buffer, start, end));
        byte[] chunk = new byte[8192];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
            while (true) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (IOException notBase64) {
                    throw new IllegalArgumentException(notBase64.getMessage(), notBase64);
                }
                if (n < 0) {
                    break;
                }
                out.write(chunk, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sha256 = Digests.hex(md);
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

    /** The characters of the buffer as ASCII bytes, whitespace skipped; a char over 0x7f becomes '?' (not base64). */
    private static final class Ascii extends InputStream {
        private final char[] buffer;
        private final int end;
        private int pos;

        Ascii(char[] buffer, int start, int end) {
            this.buffer = buffer;
            this.pos = start;
            this.end = end;
        }

        @Override
        public int read() {
            while (pos < end) {
                char c = buffer[pos++];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return c < 0x80 ? c : '?';
                }
            }
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    break;
                }
                b[off + n++] = (byte) c;
            }
            return n == 0 && len > 0 ? -1 : n;
        }
    }
}

package io.conduit.ledger;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The MIME SHA-256 of a stored copy: SHA-256 over the message bytes with every line ending written as CRLF, which is
 * what an IMAP {@code APPEND} transmits (RFC 3501 literals; Angus Mail sends through a CRLF stream) and what an IMAP
 * {@code FETCH BODY.PEEK[]} answers, and what a Maildir file holds up to its line endings (Dovecot serves a Maildir
 * file written with LF as CRLF). So the hash of a copy is the same whether it is recomputed from the Maildir file or
 * fetched over IMAP.
 */
public final class MimeDigest extends FilterOutputStream {

    private final MessageDigest digest;
    private long size;
    private int last = -1;

    /** @param out where the bytes go unchanged; {@link OutputStream#nullOutputStream()} to hash only */
    public MimeDigest(OutputStream out) {
        super(out);
        this.digest = sha256();
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        update(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        // runs of bytes that need no line-ending fix go to the digest in one update
        int run = off;
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            boolean bareLf = c == '\n' && last != '\r';
            if (bareLf || last == '\r' && c != '\n') { // a bare CR becomes CRLF as well
                digest.update(b, run, i - run);
                digest.update(bareLf ? (byte) '\r' : (byte) '\n');
                size += i - run + 1;
                run = i;
            }
            last = c;
        }
        digest.update(b, run, off + len - run);
        size += off + len - run;
    }

    private void update(int b) {
        if (b == '\n' && last != '\r') {
            digest.update((byte) '\r');
            size++;
        }
        if (last == '\r' && b != '\n') {
            digest.update((byte) '\n'); // a bare CR becomes CRLF as well
            size++;
        }
        digest.update((byte) b);
        size++;
        last = b;
    }

    /** Lower-case hex SHA-256 of the bytes written so far, line endings as CRLF; ends this digest. */
    public String sha256Hex() {
        if (last == '\r') {
            digest.update((byte) '\n');
            size++;
            last = '\n';
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Bytes written so far with CRLF line endings: the size of the copy as IMAP reports it ({@code RFC822.SIZE}). */
    public long size() {
        return size;
    }

    /** The MIME SHA-256 and CRLF size of a stored copy read back (a Maildir file, an IMAP {@code BODY[]}). */
    public static Result of(InputStream in) throws IOException {
        MimeDigest d = new MimeDigest(OutputStream.nullOutputStream());
        in.transferTo(d);
        String hex = d.sha256Hex();
        return new Result(hex, d.size());
    }

    /** A MIME SHA-256 (lower-case hex) and size in bytes. */
    public record Result(String sha256, long size) {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

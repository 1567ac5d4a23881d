package io.conduit.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MimeDigestTest {

    /** The rule written out plainly: LF and bare CR become CRLF, then SHA-256 over the whole. */
    private static byte[] crlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void lineEndingsBecomeCrlfWhateverTheChunksOfTheWrites() throws Exception {
        Random random = new Random(8785);
        byte[] alphabet = "ab\r\n\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 2000; round++) {
            byte[] message = new byte[random.nextInt(300)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            byte[] expected = crlf(message);

            ByteArrayOutputStream passedOn = new ByteArrayOutputStream();
            MimeDigest chunked = new MimeDigest(passedOn);
            for (int off = 0; off < message.length; ) {
                int len = Math.min(message.length - off, random.nextInt(40));
                if (len == 1 && random.nextBoolean()) {
                    chunked.write(message[off]);
                } else {
                    chunked.write(message, off, len);
                }
                off += len;
            }
            assertArrayEquals(message, passedOn.toByteArray(), "bytes pass through unchanged");
            assertEquals(sha256(expected), chunked.sha256Hex(), "round " + round);
            assertEquals(expected.length, chunked.size(), "round " + round);

            MimeDigest.Result read = MimeDigest.of(new ByteArrayInputStream(message));
            assertEquals(sha256(expected), read.sha256());
            assertEquals(expected.length, read.size());
        }
    }

    @Test
    void aMessageWrittenWithLfHashesAsTheSameMessageWithCrlf() throws IOException {
        String lf = "Subject: x\n\nline one\nline two\n";
        MimeDigest a = new MimeDigest(OutputStream.nullOutputStream());
        a.write(lf.getBytes(StandardCharsets.US_ASCII));
        MimeDigest b = new MimeDigest(OutputStream.nullOutputStream());
        b.write(lf.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(b.sha256Hex(), a.sha256Hex());
        assertEquals(lf.length() + lf.chars().filter(c -> c == '\n').count(), a.size());
    }
}

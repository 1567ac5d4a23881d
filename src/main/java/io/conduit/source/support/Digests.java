package io.conduit.source.support;

import io.conduit.model.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;


/** SHA-256 helpers for item ids and source hashes. */
public final class Digests {

    private Digests() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static final MessageDigest PROTOTYPE = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Lower-case hex SHA-256 of the fields, each length-prefixed so that no two field lists collide. */
    public static String ofFields(String... fields) {
        MessageDigest md = sha256();
        for (String f : fields) {
            byte[] b = (f == null ? "" : f).getBytes(StandardCharsets.UTF_8);
            md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(b);
        }
        return hex(md);
    }

    /** Lower-case hex SHA-256 of a text's UTF-8 bytes ({@link Text#sha256(String)}). */
    public static String ofRaw(String text) {
        return Text.sha256(text);
    }

    /** Lower-case hex of the digest's result. */
    public static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}

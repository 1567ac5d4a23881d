package io.conduit.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.erdtman.jcs.JsonCanonicalizer;

/** RFC 8785 (JSON Canonicalization Scheme) bytes of a ledger entry, and their SHA-256. */
final class Canonical {

    static final ObjectMapper JSON = new ObjectMapper();

    private Canonical() {
    }

    /** The JCS form (UTF-8) of a JSON object. */
    static byte[] bytes(Map<String, Object> fields) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(fields)).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("ledger entry cannot be canonicalized: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        MessageDigest d = MimeDigest.sha256();
        return HexFormat.of().formatHex(d.digest(bytes));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

package io.conduit.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JSON Canonicalization Scheme) bytes of a ledger entry, and their SHA-256.
 *
 * <p>Two implementations that must agree. {@link #bytes} writes the entries Conduit makes (string, boolean, null and
 * integer members within ±2<sup>53</sup>) with Jackson: members sorted by their names' UTF-16 code units (a
 * {@link TreeMap}), strings escaped as RFC 8785 asks (only the quotation mark, the reverse solidus and the control characters: five
 * of them short, the others as <code>&#92;u00xx</code> in lower case), integers in their decimal form, no whitespace. Any
 * other member (a fraction, a larger number, a nested value) goes to {@link #reference}, the java-json-canonicalization
 * library, which the {@link LedgerVerifier} uses for every entry it checks: the verifier does not share the writer's
 * code, and {@code CanonicalTest} holds the two to the same bytes.
 */
final class Canonical {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Integers a JSON number (an IEEE 754 double, RFC 8785 section 3.2.2.3) holds exactly. */
    private static final long EXACT = 1L << 53;

    private static final ObjectWriter WRITER = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE) // RFC 8785 writes control characters' hex digits in lower case
            .build()
            .writer();

    private Canonical() {
    }

    /**
     * The JCS form (UTF-8) of a JSON object.
     *
     * @throws IllegalStateException when a member cannot be written as JSON
     */
    static byte[] bytes(Map<String, Object> fields) {
        for (Object v : fields.values()) {
            if (!plain(v)) {
                return reference(fields);
            }
        }
        try {
            // to a String first, then UTF-8, as the reference implementation does (a lone surrogate becomes '?' in both)
            return WRITER.writeValueAsString(fields instanceof TreeMap ? fields : new TreeMap<>(fields))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("ledger entry cannot be canonicalized: " + e.getMessage(), e);
        }
    }

    /**
     * The JCS form (UTF-8) of a JSON object by the java-json-canonicalization library, for any member type Jackson
     * writes.
     *
     * @throws IllegalStateException when the object cannot be written or canonicalized
     */
    static byte[] reference(Map<String, Object> fields) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(fields)).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("ledger entry cannot be canonicalized: " + e.getMessage(), e);
        }
    }

    private static boolean plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
                || v instanceof Short || v instanceof Byte) {
            return true;
        }
        return v instanceof Long l && l > -EXACT && l < EXACT;
    }

    static String sha256(byte[] bytes) {
        MessageDigest d = MimeDigest.sha256();
        return HexFormat.of().formatHex(d.digest(bytes));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

package io.conduit.source.whatsappbusiness;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Meta's {@code X-Hub-Signature-256} header: {@code sha256=} followed by the lower-case hex HMAC-SHA256 of the
 * raw request body keyed with the app secret (Meta, "Webhooks: Validating payloads"), compared in constant time.
 */
public final class WebhookSignature {

    /** The header Meta signs every webhook POST with. */
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private final byte[] secret;

    /** @param appSecret the Meta app's secret (never logged) */
    public WebhookSignature(String appSecret) {
        if (appSecret == null || appSecret.isEmpty()) {
            throw new IllegalArgumentException("app-secret is empty");
        }
        this.secret = appSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value Meta would send for this body: {@code sha256=<64 hex digits>}. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(body));
    }

    /**
     * @param header the received header value, may be null
     * @param body   the raw body as received
     * @return true only when the header is present, well formed and matches the body (constant-time comparison)
     */
    public boolean verify(String header, byte[] body) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, hmac(body));
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

package io.conduit.source.whatsappbusiness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Downloads WhatsApp Cloud API media through the Graph API (Meta, "Media" reference): {@code GET /{media-id}} with the
 * system user's access token answers a short-lived {@code url}, {@code mime_type}, {@code sha256} and
 * {@code file_size}; a GET of that URL with the same bearer token answers the bytes, whose SHA-256 must match. Each
 * step is retried with exponential backoff.
 */
public final class GraphMediaFetcher {

    /** Downloaded media: bytes, media type and lower-case hex SHA-256. */
    public record Media(byte[] bytes, String mediaType, String sha256) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String graphBaseUrl;
    private final String accessToken;
    private final int attempts;
    private final long firstBackoffMillis;

    /**
     * @param graphBaseUrl       e.g. {@code https://graph.facebook.com/v21.0}
     * @param accessToken        system user token with {@code whatsapp_business_messaging} (secret, never logged)
     * @param attempts           tries per download, at least 1
     * @param firstBackoffMillis wait before the second try; doubled after each failure
     */
    public GraphMediaFetcher(String graphBaseUrl, String accessToken, int attempts, long firstBackoffMillis) {
        this.graphBaseUrl = graphBaseUrl.endsWith("/") ? graphBaseUrl.substring(0, graphBaseUrl.length() - 1) : graphBaseUrl;
        this.accessToken = accessToken;
        this.attempts = Math.max(1, attempts);
        this.firstBackoffMillis = firstBackoffMillis;
    }

    /**
     * @param mediaId the webhook's media {@code id} (digits only)
     * @return the verified media
     * @throws IOException after the last failed try, naming the media id and the HTTP status or hash mismatch (never
     *                     the token or the signed URL)
     */
    public Media fetch(String mediaId) throws IOException {
        if (mediaId == null || !mediaId.matches("[0-9A-Za-z_.-]{1,64}")) {
            throw new IOException("media id is not a Graph id");
        }
        IOException last = null;
        long wait = firstBackoffMillis;
        for (int i = 0; i < attempts; i++) {
            try {
                return once(mediaId);
            } catch (IOException e) {
                last = e;
            }
            if (i + 1 < attempts) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while downloading media " + mediaId, e);
                }
                wait *= 2;
            }
        }
        throw new IOException("media " + mediaId + " not downloaded after " + attempts + " tries: " + last.getMessage(), last);
    }

    private Media once(String mediaId) throws IOException {
        HttpResponse<byte[]> meta = get(URI.create(graphBaseUrl + "/" + mediaId));
        if (meta.statusCode() != 200) {
            throw new IOException("GET /" + mediaId + " answered " + meta.statusCode());
        }
        JsonNode info = JSON.readTree(meta.body());
        String url = info.path("url").asText("");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IOException("GET /" + mediaId + " gave no media URL");
        }
        HttpResponse<byte[]> data = get(URI.create(url));
        if (data.statusCode() != 200) {
            throw new IOException("media URL of " + mediaId + " answered " + data.statusCode());
        }
        byte[] bytes = data.body();
        String actual = sha256(bytes);
        String expected = normalizeSha(info.path("sha256").asText(""));
        if (!expected.isEmpty() && !expected.equals(actual)) {
            throw new IOException("media " + mediaId + " SHA-256 mismatch");
        }
        long size = info.path("file_size").asLong(-1);
        if (size >= 0 && size != bytes.length) {
            throw new IOException("media " + mediaId + " is " + bytes.length + " bytes, Graph said " + size);
        }
        return new Media(bytes, info.path("mime_type").asText("application/octet-stream"), actual);
    }

    private HttpResponse<byte[]> get(URI uri) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Hex or base64 SHA-256 (the webhook gives base64, the media endpoint hex) as lower-case hex; "" when absent. */
    static String normalizeSha(String s) {
        if (s == null || s.isBlank()) {
            return "";
        }
        if (s.matches("[0-9a-fA-F]{64}")) {
            return s.toLowerCase(java.util.Locale.ROOT);
        }
        try {
            byte[] b = Base64.getDecoder().decode(s);
            return b.length == 32 ? HexFormat.of().formatHex(b) : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

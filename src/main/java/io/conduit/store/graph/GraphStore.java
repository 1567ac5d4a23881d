package io.conduit.store.graph;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoreException;
import io.conduit.store.StoredCopy;
import io.conduit.store.oauth.OAuthException;
import io.conduit.store.oauth.TokenProvider;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Stores copies into Microsoft 365 mailboxes through Microsoft Graph's JSON message create
 * ({@code POST /users/{mailbox}/mailFolders/{folder id}/messages}), with the exact message class
 * ({@code String 0x001A} = {@code IPM.NOTE.<Source>.<Event>}) and {@code Integer 0x0E07} = 1 (read, not a draft)
 * as single-value extended properties, the item's time as {@code SystemTime 0x0039} (PidTagClientSubmitTime) and
 * {@code SystemTime 0x0E06} (PidTagMessageDeliveryTime).
 *
 * <p>Folders are created on demand ({@code Inbox} is the well-known {@code inbox}, {@code a/b} a child folder) and
 * their ids cached. At most {@value #MAX_CONCURRENT_PER_MAILBOX} requests per mailbox run at once (Graph's
 * per-app-and-mailbox limit); 429 and 503 are retried after the {@code Retry-After} seconds, a dropped connection
 * after a short backoff, a 401 once after the token provider has forgotten the token. The correlation id is the
 * Graph message id. Attachments up to {@value #INLINE_ATTACHMENT_LIMIT} bytes go inline as {@code fileAttachment};
 * larger ones (up to {@value #MAX_ATTACHMENT} bytes) through an attachment upload session.
 */
public final class GraphStore implements ArchiveStore {

    /** Graph's limit of concurrent requests per app and mailbox. */
    public static final int MAX_CONCURRENT_PER_MAILBOX = 4;
    /** Attachments larger than this (bytes) go through an upload session. */
    public static final int INLINE_ATTACHMENT_LIMIT = 3 * 1024 * 1024;
    /** The largest attachment an upload session takes (bytes). */
    public static final long MAX_ATTACHMENT = 150L * 1024 * 1024;
    /** How many X- headers go into internetMessageHeaders; the rest go into the body footer. */
    public static final int MAX_INTERNET_HEADERS = 5;
    /** Upload session chunk size: a multiple of 320 KiB as Graph asks. */
    static final int CHUNK = 10 * 320 * 1024;
    private static final int MAX_ATTEMPTS = 8;

    private final URI base;
    private final TokenProvider tokens;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final Map<String, String> folderIds = new ConcurrentHashMap<>();
    private final long maxRetryWaitMillis;

    /**
     * @param base               Graph's root, e.g. {@code https://graph.microsoft.com/v1.0}
     * @param tokens             bearer tokens for scope {@code https://graph.microsoft.com/.default}
     * @param maxRetryWaitMillis the longest wait honoured for one Retry-After (a longer one is capped)
     */
    public GraphStore(URI base, TokenProvider tokens, long maxRetryWaitMillis) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.tokens = tokens;
        this.maxRetryWaitMillis = maxRetryWaitMillis;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** A store on {@code https://graph.microsoft.com/v1.0}. */
    public GraphStore(TokenProvider tokens) {
        this(URI.create("https://graph.microsoft.com/v1.0"), tokens, 120_000);
    }

    @Override
    public StoredCopy append(String mailbox, String folder, MimeMessage message) throws StoreException {
        try {
            String folderId = folderId(mailbox, folder);
            Built built = build(message);
            JsonNode created = send(mailbox, "POST", userPath(mailbox) + "/mailFolders/" + enc(folderId) + "/messages",
                    built.body, 201, "create a message in " + folder);
            String id = created.path("id").asText(null);
            if (id == null) {
                throw new StoreException("graph: no message id answered for " + mailbox + " / " + folder);
            }
            try {
                for (Large large : built.large) {
                    upload(mailbox, id, large);
                }
            } catch (io.conduit.store.ItemTooBigException tooBig) {
                // the message was created before its large attachment was refused: removed, so that the smaller
                // email the pipeline builds next is the only copy
                remove(new StoredCopy(mailbox, folder, id));
                throw tooBig;
            }
            return new StoredCopy(mailbox, folder, id);
        } catch (MessagingException | IOException e) {
            throw new StoreException("graph: cannot read the message for " + mailbox + " / " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public StoredCopy appendIfAbsent(String mailbox, String folder, MimeMessage message) throws StoreException {
        String messageId;
        try {
            messageId = message.getMessageID();
        } catch (MessagingException e) {
            throw new StoreException("graph: cannot read the Message-ID for " + mailbox, e);
        }
        if (messageId != null) {
            String id = find(mailbox, folder, messageId);
            if (id != null) {
                return new StoredCopy(mailbox, folder, id);
            }
        }
        return append(mailbox, folder, message);
    }

    /** The Graph id of the message with this internetMessageId in the folder, or null. */
    String find(String mailbox, String folder, String messageId) throws StoreException {
        String folderId = folderId(mailbox, folder);
        String filter = "internetMessageId eq '" + messageId.replace("'", "''") + "'";
        JsonNode found = send(mailbox, "GET", userPath(mailbox) + "/mailFolders/" + enc(folderId)
                + "/messages?$select=id&$filter=" + enc(filter), null, 200, "look up a copy in " + folder);
        JsonNode value = found.path("value");
        return value.isArray() && !value.isEmpty() ? value.get(0).path("id").asText(null) : null;
    }

    @Override
    public void remove(StoredCopy copy) throws StoreException {
        send(copy.mailbox(), "DELETE", userPath(copy.mailbox()) + "/messages/" + enc(copy.correlationId()), null, 204,
                "remove a copy");
    }

    @Override
    public long appendLimit() {
        return MAX_ATTACHMENT;
    }

    @Override
    public void check(String mailbox) throws StoreException {
        folderId(mailbox, "Inbox");
    }

    @Override
    public String describe() {
        return "graph " + base + " (" + tokens.describe() + ")";
    }

    @Override
    public void close() {
        folderIds.clear();
    }

    // ---- folders

    String folderId(String mailbox, String folder) throws StoreException {
        String key = mailbox.toLowerCase(Locale.ROOT) + "\u0000" + folder;
        String cached = folderIds.get(key);
        if (cached != null) {
            return cached;
        }
        synchronized (folderIds) {
            cached = folderIds.get(key);
            if (cached != null) {
                return cached;
            }
            String parent = null;
            for (String name : folder.split("/")) {
                if (name.isEmpty()) {
                    continue;
                }
                if (parent == null && name.equalsIgnoreCase("Inbox")) {
                    parent = send(mailbox, "GET", userPath(mailbox) + "/mailFolders/inbox?$select=id", null, 200,
                            "find the inbox").path("id").asText();
                    continue;
                }
                String list = parent == null ? userPath(mailbox) + "/mailFolders" : userPath(mailbox) + "/mailFolders/"
                        + enc(parent) + "/childFolders";
                String filter = "displayName eq '" + name.replace("'", "''") + "'";
                JsonNode found = send(mailbox, "GET", list + "?$select=id&$filter=" + enc(filter), null, 200,
                        "find folder " + folder).path("value");
                if (found.isArray() && !found.isEmpty()) {
                    parent = found.get(0).path("id").asText();
                } else {
                    ObjectNode body = json.createObjectNode().put("displayName", name);
                    parent = send(mailbox, "POST", list, body, 201, "create folder " + folder).path("id").asText();
                }
            }
            if (parent == null) {
                throw new StoreException("graph: empty folder name for " + mailbox);
            }
            folderIds.put(key, parent);
            return parent;
        }
    }

    // ---- message JSON

    private record Large(String name, String contentType, byte[] content) {
    }

    private record Built(ObjectNode body, List<Large> large) {
    }

    Built build(MimeMessage message) throws MessagingException, IOException {
        ObjectNode m = json.createObjectNode();
        m.put("subject", message.getSubject() == null ? "" : message.getSubject());
        Address[] from = message.getFrom();
        if (from != null && from.length > 0) {
            m.set("from", recipient(from[0]));
            m.set("sender", recipient(from[0]));
        }
        m.set("toRecipients", recipients(message.getRecipients(Message.RecipientType.TO)));
        m.set("ccRecipients", recipients(message.getRecipients(Message.RecipientType.CC)));
        m.put("isRead", true);
        Date sent = message.getSentDate();
        Instant when = sent == null ? Instant.now() : sent.toInstant();

        List<String> footer = new ArrayList<>();
        ArrayNode headers = json.createArrayNode();
        for (Enumeration<Header> e = message.getAllHeaders(); e.hasMoreElements(); ) {
            Header h = e.nextElement();
            if (!h.getName().regionMatches(true, 0, "X-", 0, 2)) {
                continue;
            }
            String value = clean(jakarta.mail.internet.MimeUtility.unfold(h.getValue()));
            if (headers.size() < MAX_INTERNET_HEADERS) {
                headers.addObject().put("name", h.getName()).put("value", value);
            } else {
                footer.add(h.getName() + ": " + value);
            }
        }
        if (!headers.isEmpty()) {
            m.set("internetMessageHeaders", headers);
        }

        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        ArrayNode attachments = json.createArrayNode();
        List<Large> large = new ArrayList<>();
        walk(message, text, html, attachments, large);
        boolean isHtml = html.length() > 0;
        StringBuilder content = new StringBuilder(isHtml ? html : text);
        if (!footer.isEmpty()) {
            content.append(isHtml ? "<hr><pre>" : "\n\n-- \n");
            for (String line : footer) {
                content.append(isHtml ? escapeHtml(line) : line).append('\n');
            }
            if (isHtml) {
                content.append("</pre>");
            }
        }
        m.putObject("body").put("contentType", isHtml ? "html" : "text").put("content", content.toString());
        if (!attachments.isEmpty()) {
            m.set("attachments", attachments);
        }
        if (message.getMessageID() != null) {
            m.put("internetMessageId", message.getMessageID());
        }
        String messageClass = message.getHeader("X-Conduit-Message-Class", null);
        ArrayNode props = m.putArray("singleValueExtendedProperties");
        props.addObject().put("id", "String 0x001A").put("value", messageClass == null ? "IPM.Note" : clean(messageClass));
        props.addObject().put("id", "Integer 0x0E07").put("value", "1");
        props.addObject().put("id", "SystemTime 0x0039").put("value", when.toString());
        props.addObject().put("id", "SystemTime 0x0E06").put("value", when.toString());
        return new Built(m, large);
    }

    /**
     * A text part's content as a string: its data content handler's, or, where none is registered (the content then
     * comes back as a stream), its decoded bytes in the part's charset (UTF-8 when it names none).
     */
    static String text(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof String s) {
            return s;
        }
        String charset = new jakarta.mail.internet.ContentType(part.getDataHandler().getContentType()).getParameter("charset");
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), charset == null ? java.nio.charset.StandardCharsets.UTF_8
                    : java.nio.charset.Charset.forName(jakarta.mail.internet.MimeUtility.javaCharset(charset)));
        }
    }

    private void walk(Part part, StringBuilder text, StringBuilder html, ArrayNode attachments, List<Large> large)
            throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                walk(bp, text, html, attachments, large);
            }
            return;
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
        if (!attachment && part.isMimeType("text/plain")) {
            // the body, then any further inline text (a note naming an attachment left out) below it
            text.append(text.length() == 0 ? "" : "\n").append(text(part));
            return;
        }
        if (!attachment && part.isMimeType("text/html") && html.length() == 0) {
            html.append(text(part));
            return;
        }
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String name = part.getFileName() == null ? "attachment" : clean(part.getFileName());
        String type = part.getContentType() == null ? "application/octet-stream"
                : clean(part.getContentType().split(";")[0].trim());
        if (bytes.length > MAX_ATTACHMENT) {
            throw new IOException("attachment " + name + " is " + bytes.length + " bytes, over Graph's "
                    + MAX_ATTACHMENT);
        }
        if (bytes.length > INLINE_ATTACHMENT_LIMIT) {
            large.add(new Large(name, type, bytes));
        } else {
            attachments.addObject().put("@odata.type", "#microsoft.graph.fileAttachment").put("name", name)
                    .put("contentType", type).put("contentBytes", Base64.getEncoder().encodeToString(bytes));
        }
    }

    private void upload(String mailbox, String messageId, Large large) throws StoreException {
        ObjectNode body = json.createObjectNode();
        body.putObject("AttachmentItem").put("attachmentType", "file").put("name", large.name)
                .put("size", large.content.length).put("contentType", large.contentType);
        JsonNode session = send(mailbox, "POST", userPath(mailbox) + "/messages/" + enc(messageId)
                + "/attachments/createUploadSession", body, 201, "open an upload session");
        String url = session.path("uploadUrl").asText(null);
        if (url == null) {
            throw new StoreException("graph: no uploadUrl answered for " + mailbox);
        }
        int total = large.content.length;
        for (int from = 0; from < total; from += CHUNK) {
            int to = Math.min(total, from + CHUNK);
            byte[] slice = java.util.Arrays.copyOfRange(large.content, from, to);
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + total)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(slice));
            // the upload URL carries its own authorisation: no bearer token (Graph's upload session contract)
            exchange(mailbox, rb, false, to == total ? 201 : 200, "upload an attachment");
        }
    }

    // ---- HTTP with Graph's limits

    private JsonNode send(String mailbox, String method, String path, JsonNode body, int expected, String what)
            throws StoreException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
        if (body != null) {
            try {
                rb.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new StoreException("graph: cannot write JSON to " + what, e);
            }
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return exchange(mailbox, rb, true, expected, what);
    }

    private JsonNode exchange(String mailbox, HttpRequest.Builder rb, boolean bearer, int expected, String what)
            throws StoreException {
        Semaphore semaphore = permits.computeIfAbsent(mailbox.toLowerCase(Locale.ROOT),
                k -> new Semaphore(MAX_CONCURRENT_PER_MAILBOX, true));
        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            long wait;
            try {
                if (bearer) {
                    rb.setHeader("Authorization", "Bearer " + tokens.accessToken(mailbox));
                }
                HttpResponse<byte[]> response;
                semaphore.acquire();
                try {
                    response = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
                } finally {
                    semaphore.release();
                }
                int status = response.statusCode();
                if (status == expected || (status / 100 == 2 && expected / 100 == 2)) {
                    byte[] b = response.body();
                    return b == null || b.length == 0 ? json.createObjectNode() : json.readTree(b);
                }
                if (status == 401 && bearer && !refreshed) {
                    tokens.invalidate(mailbox);
                    refreshed = true;
                    continue;
                }
                if ((status == 429 || status == 503 || status == 502 || status == 504) && attempt < MAX_ATTEMPTS) {
                    wait = retryAfter(response, attempt);
                } else if (status == 413 || errorCode(response.body()).contains("ErrorMessageSizeExceeded")) {
                    // the mailbox's size limit: the pipeline builds the item again without its largest attachments
                    throw new io.conduit.store.ItemTooBigException("graph: cannot " + what + " for " + mailbox
                            + ": too big for the mailbox (HTTP " + status + " " + errorCode(response.body()) + ")", -1, null);
                } else {
                    throw new StoreException("graph: cannot " + what + " for " + mailbox + ": HTTP " + status + " "
                            + errorCode(response.body()));
                }
            } catch (OAuthException e) {
                throw new StoreException("graph: no token for " + mailbox + ": " + e.getMessage(), e);
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StoreException("graph: cannot " + what + " for " + mailbox + ": " + e, e);
                }
                wait = Math.min(maxRetryWaitMillis, 200L << Math.min(attempt, 6));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("graph: interrupted while trying to " + what + " for " + mailbox, e);
            }
            try {
                Thread.sleep(wait);  // backoff Graph asked for (Retry-After), not a wait for work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("graph: interrupted while backing off for " + mailbox, e);
            }
        }
    }

    private long retryAfter(HttpResponse<?> response, int attempt) {
        String header = response.headers().firstValue("Retry-After").orElse(null);
        long millis;
        try {
            millis = header == null ? 500L << Math.min(attempt, 6) : Long.parseLong(header.trim()) * 1000L;
        } catch (NumberFormatException e) {
            millis = 1000L << Math.min(attempt, 6);
        }
        return Math.max(0, Math.min(millis, maxRetryWaitMillis));
    }

    private String errorCode(byte[] body) {
        try {
            return clean(json.readTree(body).path("error").path("code").asText(""));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private ObjectNode recipient(Address a) {
        ObjectNode r = json.createObjectNode();
        ObjectNode e = r.putObject("emailAddress");
        if (a instanceof InternetAddress ia) {
            e.put("address", ia.getAddress());
            if (ia.getPersonal() != null) {
                e.put("name", clean(ia.getPersonal()));
            }
        } else {
            e.put("address", a.toString());
        }
        return r;
    }

    private ArrayNode recipients(Address[] addresses) {
        ArrayNode list = json.createArrayNode();
        if (addresses != null) {
            for (Address a : addresses) {
                list.add(recipient(a));
            }
        }
        return list;
    }

    private static String userPath(String mailbox) {
        return "/users/" + enc(mailbox);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

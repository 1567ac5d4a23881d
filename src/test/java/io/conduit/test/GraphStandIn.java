package io.conduit.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in of the Microsoft Graph v1.0 mail calls GraphStore makes, built from Microsoft's published
 * description of them, for the *Graph*IT tests and the Graph benchmark. It lives in the test JVM, so what it holds
 * survives importer processes being killed and restarted.
 *
 * <p>Calls answered (paths under {@code /v1.0/users/{mailbox}}): {@code GET /mailFolders/inbox},
 * {@code GET|POST /mailFolders} and {@code /mailFolders/{id}/childFolders} (list with a {@code displayName eq '...'}
 * filter, create), {@code POST /mailFolders/{id}/messages} (create message),
 * {@code GET /mailFolders/{id}/messages?$filter=internetMessageId eq '...'}, {@code DELETE /messages/{id}},
 * {@code POST /messages/{id}/attachments/createUploadSession} and {@code PUT} on the upload URL it answers; plus
 * {@code POST /token} (an RFC 6749 client-credentials token endpoint issuing {@code token-N}).
 *
 * <p>Every request body is checked against the published schema: the types of the Graph v1.0 metadata that
 * GraphStore sends ({@code message} with its bases {@code outlookItem}/{@code entity}, {@code itemBody},
 * {@code recipient}, {@code emailAddress}, {@code internetMessageHeader}, {@code singleValueLegacyExtendedProperty},
 * {@code attachment}/{@code fileAttachment}, {@code attachmentItem}, {@code uploadSession}, {@code mailFolder}),
 * excerpted into {@code src/test/resources/io/conduit/store/graph/graph-v1.0-schema-excerpt.json} from
 * github.com/microsoftgraph/msgraph-metadata {@code schemas/v1.0-Prod.csdl} (MIT; commit and licence in the file).
 * An unknown property name is refused with 400 "Property 'x' does not exist on type 'microsoft.graph.T'", as is a
 * value of the wrong JSON type, an enum value not in the enum, an {@code @odata.type} that is not the declared type
 * or one derived from it, and an abstract type without {@code @odata.type}. Each refusal is also kept in
 * {@link #schemaErrors()} so a test can assert there were none.
 *
 * <p>Limits and faults played, as described in the API reference: at most {@value #MAX_CONCURRENT} requests in flight
 * per mailbox (the fifth answers 429 with {@code Retry-After: 1}), 429 and 503 with {@code Retry-After}, a dropped
 * connection (no answer), an expired token (401 {@code InvalidAuthenticationToken}), and whole outages
 * ({@link #goDark(Dark)}) until {@link #comeBack()}.
 *
 * <p>References: Graph v1.0 "Create message" https://learn.microsoft.com/en-us/graph/api/user-post-messages,
 * "Create mailFolder" https://learn.microsoft.com/en-us/graph/api/user-post-mailfolders,
 * "attachment: createUploadSession" https://learn.microsoft.com/en-us/graph/api/attachment-createuploadsession,
 * "Combine multiple requests in one HTTP call using JSON batching" https://learn.microsoft.com/en-us/graph/json-batching,
 * "Microsoft Graph throttling guidance" https://learn.microsoft.com/en-us/graph/throttling (4 concurrent requests
 * per mailbox for Outlook resources).
 */
public final class GraphStandIn implements AutoCloseable {

    /** Requests in flight per mailbox before the stand-in answers 429 (Outlook's limit). */
    public static final int MAX_CONCURRENT = 4;

    /** How the stand-in behaves during an outage. */
    public enum Dark {
        /** every request gets 503 with {@code Retry-After: 1} */
        UNAVAILABLE,
        /** every request's connection is closed with no answer */
        DROP,
        /** every request gets 429 with {@code Retry-After: 1} */
        THROTTLED
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, JsonNode> types;
    /** message id -> stored message (with parentFolderId and mailbox added). */
    private final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
    /** mailbox|parent list path|displayName -> folder id. */
    private final Map<String, String> folders = new ConcurrentHashMap<>();
    private final Map<String, String> folderNames = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger tokenGeneration = new AtomicInteger(1);
    private final List<String> schemaErrors = new ArrayList<>();
    private final ThreadLocal<AtomicInteger> current = new ThreadLocal<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong darkAnswered = new AtomicLong();
    private volatile Dark dark;
    private volatile boolean checkTokens;

    /** Faults to play on the next N requests (each decremented as played). */
    public final AtomicInteger throttleNext = new AtomicInteger();
    /** 503 with {@code Retry-After: 0} on the next N requests. */
    public final AtomicInteger unavailableNext = new AtomicInteger();
    /** 401 on the next N requests. */
    public final AtomicInteger expireNext = new AtomicInteger();
    /** the next N requests' connections are closed with no answer. */
    public final AtomicInteger dropNext = new AtomicInteger();
    /**
     * Largest request body taken, bytes (0: no limit); a larger one is answered 413 {@code ErrorMessageSizeExceeded},
     * as a mailbox's maximum receive size refuses an item.
     */
    public volatile int maxRequestBytes;

    private record Upload(String messageId, long size, java.io.ByteArrayOutputStream received) {
    }

    /** Starts the stand-in on a free loopback port. */
    public static GraphStandIn start() throws IOException {
        return new GraphStandIn();
    }

    private GraphStandIn() throws IOException {
        try (InputStream in = GraphStandIn.class.getResourceAsStream("/io/conduit/store/graph/graph-v1.0-schema-excerpt.json")) {
            types = new HashMap<>();
            json.readTree(in).path("types").fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue()));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        pool = Executors.newFixedThreadPool(24);
        server.setExecutor(pool);
        server.createContext("/v1.0/users/", this::handle);
        server.createContext("/upload/", this::handleUpload);
        server.createContext("/token", this::handleToken);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}: the token URL is this plus {@code /token}, the Graph base this plus {@code /v1.0}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The Graph base URL, {@code http://127.0.0.1:PORT/v1.0}. */
    public String graphBase() {
        return base() + "/v1.0";
    }

    /**
     * Accept only the newest token the {@code /token} endpoint issued ({@code token-N}); off by default, so any
     * bearer token is accepted.
     */
    public GraphStandIn checkTokens(boolean on) {
        checkTokens = on;
        return this;
    }

    /** Expires every token issued so far: the next request with one gets 401 until a new token is fetched. */
    public void expireTokens() {
        tokenGeneration.incrementAndGet();
    }

    /** Starts an outage: every request is answered as {@code how} says until {@link #comeBack()}. */
    public void goDark(Dark how) {
        dark = how;
    }

    /** Ends an outage. */
    public void comeBack() {
        dark = null;
    }

    /** The schema refusals so far (property path and reason). */
    public List<String> schemaErrors() {
        synchronized (schemaErrors) {
            return List.copyOf(schemaErrors);
        }
    }

    /** The most requests seen in flight at once for one mailbox. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Requests answered, and those refused with a fault or 429/503. */
    public long requests() {
        return requests.get();
    }

    /** Requests answered with an outage ({@link #goDark(Dark)}) so far. */
    public long darkAnswered() {
        return darkAnswered.get();
    }

    /** Messages held, by Graph id; each with {@code parentFolderId} and {@code mailbox} added. */
    public Map<String, ObjectNode> messages() {
        return messages;
    }

    /** The internetMessageId of every message in the mailbox's folders with this display name (duplicates kept). */
    public List<String> messageIds(String mailbox, String folderName) {
        List<String> out = new ArrayList<>();
        for (ObjectNode m : messages.values()) {
            String folder = m.path("parentFolderId").asText();
            if (m.path("mailbox").asText().equalsIgnoreCase(mailbox) && folderName.equals(folderNames.get(folder))) {
                out.add(m.path("internetMessageId").asText());
            }
        }
        return out;
    }

    /** Folders created, by key {@code mailbox|list path|displayName}. */
    public Map<String, String> folders() {
        return folders;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- HTTP

    private void handleToken(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        reply(ex, 200, "{\"access_token\":\"token-" + tokenGeneration.get()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}", null);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getRawPath();
        String mailbox = URLDecoder.decode(path.split("/")[3], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        AtomicInteger n = inFlight.computeIfAbsent(mailbox, k -> new AtomicInteger());
        int now = n.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        current.set(n);
        try {
            Dark d = dark;
            if (d != null) {
                darkAnswered.incrementAndGet();
            }
            if (d == Dark.DROP || dropNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                release();
                ex.close(); // no answer at all: the connection drops
                return;
            }
            if (d == Dark.UNAVAILABLE) {
                reply(ex, 503, "{\"error\":{\"code\":\"ServiceUnavailable\"}}", "1");
                return;
            }
            if (d == Dark.THROTTLED) {
                reply(ex, 429, "{\"error\":{\"code\":\"ApplicationThrottled\"}}", "1");
                return;
            }
            if (now > MAX_CONCURRENT) {
                reply(ex, 429, "{\"error\":{\"code\":\"ApplicationThrottled\",\"message\":\"MailboxConcurrency\"}}", "1");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (expireNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0 || auth == null || !auth.startsWith("Bearer ")
                    || checkTokens && !auth.equals("Bearer token-" + tokenGeneration.get())) {
                reply(ex, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token has expired or is not yet valid.\"}}", null);
                return;
            }
            if (throttleNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                reply(ex, 429, "{\"error\":{\"code\":\"ApplicationThrottled\"}}", "0");
                return;
            }
            if (unavailableNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                reply(ex, 503, "{\"error\":{\"code\":\"ServiceUnavailable\"}}", "0");
                return;
            }
            route(ex, mailbox, path);
        } catch (RuntimeException e) {
            reply(ex, 400, "{\"error\":{\"code\":\"BadRequest\",\"message\":" + json.writeValueAsString(String.valueOf(e.getMessage())) + "}}", null);
        } finally {
            release();
        }
    }

    private void release() {
        AtomicInteger n = current.get();
        if (n != null) {
            n.decrementAndGet();
            current.remove();
        }
    }

    private void route(HttpExchange ex, String mailbox, String path) throws IOException {
        String method = ex.getRequestMethod();
        String query = ex.getRequestURI().getQuery();
        String rest = path.substring(path.indexOf('/', "/v1.0/users/".length()));
        byte[] body = ex.getRequestBody().readAllBytes();
        if (maxRequestBytes > 0 && body.length > maxRequestBytes) {
            reply(ex, 413, "{\"error\":{\"code\":\"ErrorMessageSizeExceeded\",\"message\":\"The message exceeds the "
                    + "maximum supported size.\"}}", null);
            return;
        }
        if (method.equals("GET") && rest.equals("/mailFolders/inbox")) {
            folderNames.putIfAbsent("inbox-" + mailbox, "Inbox");
            reply(ex, 200, "{\"id\":\"inbox-" + mailbox + "\"}", null);
        } else if (method.equals("GET") && (rest.equals("/mailFolders") || rest.endsWith("/childFolders"))) {
            String name = query.replaceAll(".*displayName eq '(.*)'.*", "$1").replace("''", "'");
            String id = folders.get(mailbox + "|" + rest + "|" + name);
            reply(ex, 200, id == null ? "{\"value\":[]}" : "{\"value\":[{\"id\":\"" + id + "\"}]}", null);
        } else if (method.equals("POST") && (rest.equals("/mailFolders") || rest.endsWith("/childFolders"))) {
            JsonNode f = parse(ex, body, "mailFolder");
            if (f == null) {
                return;
            }
            String name = f.path("displayName").asText();
            String id = folders.computeIfAbsent(mailbox + "|" + rest + "|" + name, k -> "folder-" + ids.incrementAndGet());
            folderNames.put(id, name);
            reply(ex, 201, json.createObjectNode().put("id", id).put("displayName", name).toString(), null);
        } else if (method.equals("POST") && rest.matches("/mailFolders/[^/]+/messages")) {
            JsonNode m = parse(ex, body, "message");
            if (m == null) {
                return;
            }
            String id = "msg-" + ids.incrementAndGet();
            messages.put(id, ((ObjectNode) m.deepCopy()).put("parentFolderId", URLDecoder.decode(rest.split("/")[2],
                    StandardCharsets.UTF_8)).put("mailbox", mailbox));
            reply(ex, 201, "{\"id\":\"" + id + "\"}", null);
        } else if (method.equals("GET") && rest.matches("/mailFolders/[^/]+/messages")) {
            String folder = URLDecoder.decode(rest.split("/")[2], StandardCharsets.UTF_8);
            String wanted = query.replaceAll(".*internetMessageId eq '(.*)'.*", "$1").replace("''", "'");
            String hit = messages.entrySet().stream()
                    .filter(e -> e.getValue().path("parentFolderId").asText().equals(folder)
                            && e.getValue().path("internetMessageId").asText().equals(wanted))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            reply(ex, 200, hit == null ? "{\"value\":[]}" : "{\"value\":[{\"id\":\"" + hit + "\"}]}", null);
        } else if (method.equals("DELETE") && rest.matches("/messages/[^/]+")) {
            boolean gone = messages.remove(URLDecoder.decode(rest.split("/")[2], StandardCharsets.UTF_8)) != null;
            reply(ex, gone ? 204 : 404, gone ? "" : "{\"error\":{\"code\":\"ErrorItemNotFound\"}}", null);
        } else if (method.equals("POST") && rest.matches("/messages/[^/]+/attachments/createUploadSession")) {
            String messageId = URLDecoder.decode(rest.split("/")[2], StandardCharsets.UTF_8);
            JsonNode b = json.readTree(body);
            List<String> errors = new ArrayList<>();
            if (!b.isObject()) {
                errors.add("the body is not a JSON object");
            } else {
                for (Iterator<String> it = b.fieldNames(); it.hasNext();) {
                    String f = it.next();
                    if (!f.equals("AttachmentItem")) {
                        errors.add("Property '" + f + "' does not exist as a parameter of action 'microsoft.graph.createUploadSession'");
                    }
                }
                check(b.path("AttachmentItem"), "attachmentItem", "AttachmentItem", errors);
            }
            if (refuse(ex, errors)) {
                return;
            }
            if (!messages.containsKey(messageId)) {
                reply(ex, 404, "{\"error\":{\"code\":\"ErrorItemNotFound\"}}", null);
                return;
            }
            String uploadId = "up-" + ids.incrementAndGet();
            uploads.put(uploadId, new Upload(messageId, b.path("AttachmentItem").path("size").asLong(),
                    new java.io.ByteArrayOutputStream()));
            ObjectNode session = json.createObjectNode().put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.uploadSession")
                    .put("uploadUrl", base() + "/upload/" + uploadId)
                    .put("expirationDateTime", OffsetDateTime.now().plusHours(1).toString());
            session.putArray("nextExpectedRanges").add("0-");
            List<String> selfCheck = new ArrayList<>();
            ObjectNode plain = session.deepCopy();
            plain.remove("@odata.context");
            check(plain, "uploadSession", "", selfCheck);
            if (!selfCheck.isEmpty()) {
                throw new IllegalStateException("stand-in answer off schema: " + selfCheck);
            }
            reply(ex, 201, session.toString(), null);
        } else {
            reply(ex, 400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"stand-in: unsupported " + method + " " + rest + "\"}}", null);
        }
    }

    private void handleUpload(HttpExchange ex) throws IOException {
        String id = ex.getRequestURI().getRawPath().substring("/upload/".length());
        Upload u = uploads.get(id);
        byte[] chunk = ex.getRequestBody().readAllBytes();
        if (u == null || !ex.getRequestMethod().equals("PUT") || ex.getRequestHeaders().getFirst("Authorization") != null) {
            // Graph: the upload URL carries its own authorisation; a bearer token sent with it is refused
            reply(ex, u == null ? 404 : 401, "{\"error\":{\"code\":\"InvalidRequest\"}}", null);
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Content-Range");
        long from = Long.parseLong(range.replaceAll("bytes (\\d+)-.*", "$1"));
        synchronized (u) {
            if (from != u.received().size()) {
                reply(ex, 416, "{\"error\":{\"code\":\"InvalidRange\"}}", null);
                return;
            }
            u.received().write(chunk);
            if (u.received().size() >= u.size()) {
                ObjectNode m = messages.get(u.messageId());
                if (m != null) {
                    m.withArray("uploaded").add(u.received().size());
                }
                uploads.remove(id);
                reply(ex, 201, "{}", null);
            } else {
                reply(ex, 200, "{\"nextExpectedRanges\":[\"" + u.received().size() + "-\"]}", null);
            }
        }
    }

    private JsonNode parse(HttpExchange ex, byte[] body, String type) throws IOException {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            refuse(ex, List.of("the body is not JSON: " + e.getMessage()));
            return null;
        }
        List<String> errors = new ArrayList<>();
        check(node, type, "", errors);
        return refuse(ex, errors) ? null : node;
    }

    private boolean refuse(HttpExchange ex, List<String> errors) throws IOException {
        if (errors.isEmpty()) {
            return false;
        }
        synchronized (schemaErrors) {
            schemaErrors.addAll(errors);
        }
        ObjectNode e = json.createObjectNode();
        e.putObject("error").put("code", "RequestBodyRead").put("message", errors.get(0));
        reply(ex, 400, e.toString(), null);
        return true;
    }

    private void reply(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        release();
        if (status == 429 || status == 503) {
            refused.incrementAndGet();
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    // ---- schema check

    /**
     * Checks a JSON value against a type of the excerpt ({@code Edm.*}, {@code Collection(T)}, an enum, a complex or
     * entity type), adding one line per problem to {@code errors}.
     */
    public void check(JsonNode v, String type, String at, List<String> errors) {
        if (v == null || v.isMissingNode()) {
            errors.add(at + ": missing");
            return;
        }
        if (v.isNull()) {
            return;
        }
        if (type.startsWith("Collection(")) {
            String inner = type.substring("Collection(".length(), type.length() - 1);
            if (!v.isArray()) {
                errors.add(at + ": expected an array of " + inner);
                return;
            }
            for (int i = 0; i < v.size(); i++) {
                check(v.get(i), inner, at + "[" + i + "]", errors);
            }
            return;
        }
        switch (type) {
            case "Edm.String" -> expect(v.isTextual(), at, type, errors);
            case "Edm.Boolean" -> expect(v.isBoolean(), at, type, errors);
            case "Edm.Int32", "Edm.Int64" -> expect(v.isIntegralNumber(), at, type, errors);
            case "Edm.DateTimeOffset" -> {
                boolean ok = v.isTextual();
                if (ok) {
                    try {
                        OffsetDateTime.parse(v.asText());
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                }
                expect(ok, at, type, errors);
            }
            case "Edm.Binary" -> {
                boolean ok = v.isTextual();
                if (ok) {
                    try {
                        Base64.getDecoder().decode(v.asText());
                    } catch (IllegalArgumentException e) {
                        ok = false;
                    }
                }
                expect(ok, at, type, errors);
            }
            default -> checkType(v, type, at, errors);
        }
    }

    private static void expect(boolean ok, String at, String type, List<String> errors) {
        if (!ok) {
            errors.add(at + ": a value of the wrong type, expected " + type);
        }
    }

    private void checkType(JsonNode v, String type, String at, List<String> errors) {
        JsonNode t = types.get(type);
        if (t == null) {
            errors.add(at + ": type microsoft.graph." + type + " is not in the excerpt the stand-in knows");
            return;
        }
        if (t.path("kind").asText().equals("EnumType")) {
            boolean ok = false;
            for (JsonNode m : t.path("members")) {
                ok |= m.asText().equals(v.asText());
            }
            expect(v.isTextual() && ok, at, "microsoft.graph." + type + " (one of " + t.path("members") + ")", errors);
            return;
        }
        if (!v.isObject()) {
            errors.add(at + ": expected a microsoft.graph." + type + " object");
            return;
        }
        String actual = type;
        JsonNode odata = v.get("@odata.type");
        if (odata != null) {
            String named = odata.asText().replaceFirst("^#?microsoft\\.graph\\.", "");
            if (!odata.isTextual() || !odata.asText().startsWith("#microsoft.graph.") || !derives(named, type)) {
                errors.add(at + ": @odata.type " + odata + " is not microsoft.graph." + type + " or a type derived from it");
                return;
            }
            actual = named;
        }
        if (types.get(actual).path("abstract").asBoolean()) {
            errors.add(at + ": microsoft.graph." + actual + " is abstract: @odata.type must name a concrete type");
            return;
        }
        Map<String, String> props = properties(actual);
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().startsWith("@odata.")) {
                continue;
            }
            String pt = props.get(f.getKey());
            if (pt == null) {
                errors.add((at.isEmpty() ? "" : at + ": ") + "Property '" + f.getKey()
                        + "' does not exist on type 'microsoft.graph." + actual + "'");
            } else {
                check(f.getValue(), pt, at.isEmpty() ? f.getKey() : at + "." + f.getKey(), errors);
            }
        }
    }

    private boolean derives(String type, String from) {
        for (String t = type; t != null; t = types.containsKey(t) ? types.get(t).path("base").asText(null) : null) {
            if (t.equals(from)) {
                return types.containsKey(type);
            }
        }
        return false;
    }

    private Map<String, String> properties(String type) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t = type; t != null; t = types.get(t).path("base").asText(null)) {
            types.get(t).path("properties").fields().forEachRemaining(e -> out.putIfAbsent(e.getKey(), e.getValue().asText()));
            if (!types.containsKey(types.get(t).path("base").asText(""))) {
                break;
            }
        }
        return out;
    }
}

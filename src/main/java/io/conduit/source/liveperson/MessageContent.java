package io.conduit.source.liveperson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.model.Attachment;
import io.conduit.model.ItemEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body, events and attachments of one LivePerson message record's {@code messageData}: text, hosted file,
 * external link, rich content and quick replies are all written out, never dropped.
 *
 * <p>Format: LivePerson Messaging Interactions API, conversations/search response, "Message Text", "Message File",
 * "Message Link", "Message Rich Content", "Message Quick Replies".
 *
 * @param body        plain text for a person to read
 * @param events      {@link ItemEvent#MEDIA_OMITTED} when a hosted file could not be attached
 * @param attachments the hosted file, fetched on demand, when a fetcher is configured
 * @param filePath    the hosted file's {@code relativePath}, or {@code null}, so a poller can download it
 */
record MessageContent(String body, Set<ItemEvent> events, List<Attachment> attachments, String filePath) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a message record's content.
     *
     * @param message the {@code messageRecords[]} element
     * @param fetcher opens hosted files, or {@code null} to leave them out (then {@code MEDIA_OMITTED})
     */
    static MessageContent of(JsonNode message, HostedFileFetcher fetcher) {
        JsonNode data = JsonValues.container(message, "messageData");
        List<String> parts = new ArrayList<>();
        Set<ItemEvent> events = EnumSet.noneOf(ItemEvent.class);
        List<Attachment> attachments = new ArrayList<>();
        String path = null;
        String text = JsonValues.text(JsonValues.container(data, "msg"), "text");
        if (text != null) {
            parts.add(text);
        }
        JsonNode file = JsonValues.container(data, "file");
        if (file != null) {
            path = JsonValues.text(file, "relativePath");
            String fileType = JsonValues.text(file, "fileType");
            String caption = JsonValues.text(file, "caption");
            if (caption != null) {
                parts.add(caption);
            }
            if (path != null && fetcher != null) {
                String relativePath = path;
                attachments.add(new Attachment(fileName(path), mediaType(fileType, path), -1, null,
                        () -> fetcher.open(relativePath)));
                parts.add("[file: " + path + "]");
            } else {
                events.add(ItemEvent.MEDIA_OMITTED);
                parts.add("[file not archived: " + (path != null ? path : "no relativePath")
                        + (fileType != null ? " (" + fileType + ")" : "") + "]");
            }
        }
        JsonNode link = JsonValues.container(data, "link");
        String external = JsonValues.text(link, "externalFileLink");
        if (external != null) {
            parts.add("[link: " + external + "]");
        }
        String rich = JsonValues.text(JsonValues.container(data, "richContent"), "content");
        if (rich != null) {
            parts.add(structuredText(rich));
        }
        String quick = JsonValues.text(JsonValues.container(data, "quickReplies"), "content");
        if (quick != null) {
            parts.add("Quick replies: " + structuredText(quick).replace("\n", " | "));
        }
        if (parts.isEmpty()) {
            String type = JsonValues.text(message, "type");
            parts.add("[" + (type != null ? type : "message") + " without text"
                    + (data != null ? ": " + data : "") + "]");
        }
        return new MessageContent(String.join("\n", parts), events, attachments, path);
    }

    /** The readable text of a rich-content or quick-replies JSON document, or the document itself if it is not JSON. */
    static String structuredText(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            return json;
        }
        List<String> lines = new ArrayList<>();
        collect(root, lines);
        return lines.isEmpty() ? json : String.join("\n", lines);
    }

    private static void collect(JsonNode node, List<String> lines) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, lines));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = JsonValues.text(node, "type");
        String text = JsonValues.text(node, "text");
        String title = JsonValues.text(node, "title");
        String url = JsonValues.text(node, "url");
        if (text != null) {
            lines.add(text);
        }
        if (title != null) {
            lines.add(title);
        }
        if (url != null) {
            lines.add("[" + (type != null ? type : "link") + ": " + url + "]");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("click") && e.getValue().isContainerNode()) {
                collect(e.getValue(), lines);
            }
        });
    }

    private static String fileName(String path) {
        String p = path.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        String name = slash >= 0 ? p.substring(slash + 1) : p;
        return name.isBlank() ? "file" : name;
    }

    private static String mediaType(String fileType, String path) {
        String t = fileType != null ? fileType : path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : "";
        return switch (t.toUpperCase(Locale.ROOT)) {
            case "JPG", "JPEG" -> "image/jpeg";
            case "PNG" -> "image/png";
            case "GIF" -> "image/gif";
            case "TXT" -> "text/plain";
            case "PDF" -> "application/pdf";
            default -> "application/octet-stream";
        };
    }
}

package io.conduit.source.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.model.Attachment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Finds the files signal-cli downloaded for a message's attachments in its attachments folder, by the attachment's
 * {@code id} (the stored file's name), and opens them lazily.
 */
final class SignalAttachments {

    /** What became of one attachment: the attachment to carry, or a line for the body explaining why it is absent. */
    record Resolved(Attachment attachment, String note, boolean omitted) {
    }

    private final Path dir;

    /** @param dir signal-cli's attachments folder ({@code <data dir>/attachments}); may be absent on disk */
    SignalAttachments(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * Resolves one entry of a data message's {@code attachments} array ({@code contentType}, {@code filename},
     * {@code id}, {@code size}, as signal-cli's {@code JsonAttachment} writes it).
     *
     * @return the attachment, or a note naming the metadata when the id is unsafe (path separators or {@code ..}:
     *         never opened) or no regular file of that name exists (a symbolic link counts as absent)
     */
    Resolved resolve(JsonNode json) {
        String id = SignalParties.text(json, "id");
        String name = SignalParties.text(json, "filename");
        String type = SignalParties.text(json, "contentType");
        long size = json.path("size").canConvertToLong() ? json.path("size").asLong(-1) : -1;
        String meta = describe(name, type, size, id);
        if (id == null) {
            return new Resolved(null, "[attachment not downloaded: " + meta + "]", true);
        }
        if (!isSafe(id)) {
            return new Resolved(null, "[attachment refused, unsafe id (path traversal): " + meta + "]", true);
        }
        Path file = dir.resolve(id).normalize();
        if (!dir.equals(file.getParent()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Resolved(null, "[attachment missing from the attachments folder: " + meta + "]", true);
        }
        long actual;
        try {
            actual = Files.size(file);
        } catch (IOException e) {
            actual = size;
        }
        String fileName = name != null ? name : id;
        String mediaType = type != null ? type : "application/octet-stream";
        return new Resolved(new Attachment(fileName, mediaType, actual, null, () -> Files.newInputStream(file,
                LinkOption.NOFOLLOW_LINKS)), null, false);
    }

    /** True when an attachment id is a plain file name: no {@code /}, {@code \}, {@code ..}, NUL or drive colon. */
    static boolean isSafe(String id) {
        return !id.contains("/") && !id.contains("\\") && !id.contains("..") && id.indexOf('\0') < 0
                && !id.contains(":") && !id.isBlank();
    }

    private static String describe(String name, String type, long size, String id) {
        return "file name " + quote(name) + ", type " + quote(type) + ", size " + (size < 0 ? "unknown" : size
                + " bytes") + ", id " + quote(id);
    }

    private static String quote(String s) {
        return s == null ? "unknown" : '"' + s + '"';
    }
}

package io.conduit.source.telegram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import io.conduit.model.Attachment;

/**
 * Resolves the media paths a Telegram Desktop export writes ({@code photo}, {@code file}, {@code thumbnail}: a path
 * relative to the folder of {@code result.json}, e.g. {@code photos/photo_1@05-12-2018_10-39-10.jpg}) to attachments,
 * refusing anything outside the export folder.
 *
 * <p>A path is carried only when it is relative, stays inside the export folder after normalisation and after
 * resolving links, and names a regular file that is not itself a symbolic link. Otherwise, and for Telegram's
 * placeholder {@code (File not included. Change data exporting settings to download.)}, the media is omitted and the
 * reason goes into the body.
 */
final class TelegramMedia {

    /** A media field resolved: an attachment, or a note for the body saying why it is not carried. */
    record Resolved(Attachment attachment, String note) {
    }

    private final Path folder;

    /** @param folder the folder of the export file, or {@code null} to carry no media */
    TelegramMedia(Path folder) {
        this.folder = folder;
    }

    /**
     * Resolves one media path.
     *
     * @param kind      field name for the note, e.g. {@code photo}
     * @param path      the field's value as exported
     * @param fileName  {@code file_name} when given, else {@code null} (the path's last segment is used)
     * @param mediaType {@code mime_type} when given, else {@code null}
     */
    Resolved resolve(String kind, String path, String fileName, String mediaType) {
        if (path.startsWith("(") || folder == null) {
            return new Resolved(null, "[" + kind + " not included in the export: " + oneLine(path) + "]");
        }
        try {
            Path rel = Path.of(path);
            Path target = folder.resolve(rel).normalize();
            if (rel.isAbsolute() || !target.startsWith(folder) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    || !target.toRealPath().startsWith(folder.toRealPath())) {
                return new Resolved(null, "[" + kind + " not found inside the export folder: " + oneLine(path) + "]");
            }
            String name = fileName != null ? fileName : target.getFileName().toString();
            String type = mediaType != null ? mediaType : probe(target);
            return new Resolved(new Attachment(name, type, Files.size(target), null, () -> Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)), null);
        } catch (IOException | RuntimeException e) {
            return new Resolved(null, "[" + kind + " could not be read: " + oneLine(path) + "]");
        }
    }

    private static String probe(Path file) {
        try {
            String t = Files.probeContentType(file);
            return t != null ? t : "application/octet-stream";
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", " ");
    }
}

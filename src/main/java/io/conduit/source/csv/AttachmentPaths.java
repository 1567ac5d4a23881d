package io.conduit.source.csv;

import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import io.conduit.model.Attachment;

/**
 * Resolves a row's {@code attachment_path} against the folder of its delimited text file, refusing any path that
 * leaves that folder: absolute paths, {@code ..} segments, and symbolic links (of the file or of a folder on the way).
 */
final class AttachmentPaths {

    private final Path folder;

    /** @param folder the folder of the delimited text file; attachment paths are relative to it */
    AttachmentPaths(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * The attachment at a relative path ({@code /} or {@code \} separated), opened lazily from disk.
     *
     * @throws IllegalArgumentException saying why the path is refused: absolute, escaping the folder, a symbolic link,
     *                                  or no regular file there
     */
    Attachment resolve(String relative) {
        String rel = relative.strip().replace('\\', '/');
        if (rel.startsWith("/") || rel.indexOf('\0') >= 0 || rel.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("is absolute (it must be relative to the file's folder)");
        }
        Path file;
        try {
            file = folder.resolve(rel).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path");
        }
        for (String segment : rel.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("escapes the file's folder (path traversal)");
            }
        }
        if (!file.startsWith(folder) || file.equals(folder)) {
            throw new IllegalArgumentException("escapes the file's folder (path traversal)");
        }
        if (Files.isSymbolicLink(file)) {
            throw new IllegalArgumentException("is a symbolic link (refused)");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("is missing (no regular file at that path beside the file)");
        }
        Path real;
        long size;
        try {
            real = file.toRealPath();
            if (!real.startsWith(folder.toRealPath())) {
                throw new IllegalArgumentException("leads out of the file's folder through a symbolic link (refused)");
            }
            size = Files.size(real);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String name = real.getFileName().toString();
        String type = URLConnection.guessContentTypeFromName(name);
        return new Attachment(name, type == null ? "application/octet-stream" : type, size, null,
                () -> Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS));
    }
}

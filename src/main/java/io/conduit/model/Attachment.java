package io.conduit.model;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file that came with an item: its original name, media type, size and content.
 *
 * <p>The content is opened on demand so that large files stream from the source to the store instead of being
 * held in the heap.
 *
 * @param fileName  original file name as the source gave it (untrusted: encode before use in headers or paths)
 * @param mediaType MIME media type, {@code application/octet-stream} when unknown
 * @param size      size in bytes, or -1 when unknown
 * @param sha256    lower-case hex SHA-256 of the content, or {@code null} when not yet known
 * @param content   opens the content; each call returns a new stream
 */
public record Attachment(String fileName, String mediaType, long size, String sha256, Content content) {

    /** Opens a fresh stream over an attachment's bytes. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }
}

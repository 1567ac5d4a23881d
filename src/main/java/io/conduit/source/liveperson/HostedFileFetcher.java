package io.conduit.source.liveperson;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a file that a LivePerson conversation shared (a {@code HOSTED_FILE} message) by its {@code relativePath}.
 *
 * <p>Format: LivePerson Messaging Interactions API, conversations/search response, {@code messageData.file}.
 */
@FunctionalInterface
public interface HostedFileFetcher {

    /**
     * Opens the file's bytes.
     *
     * @param relativePath the {@code messageData.file.relativePath} as LivePerson wrote it (untrusted)
     * @return a new stream over the file's content; the caller closes it
     * @throws IOException when the file cannot be fetched
     */
    InputStream open(String relativePath) throws IOException;
}

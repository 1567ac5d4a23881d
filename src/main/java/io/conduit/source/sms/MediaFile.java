package io.conduit.source.sms;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary file holding one MMS part's decoded media, deleted when nothing refers to it any more (a
 * {@link Cleaner}), for the files that the reader cannot delete itself: those of the last records of a file, which the
 * splitter archives after it has closed the records. {@link SmsBackupRecords} deletes the others earlier.
 */
final class MediaFile {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Path path;

    private MediaFile(Path path) {
        this.path = path;
    }

    /**
     * Creates an empty temporary file {@code conduit-sms-*.part} in {@code java.io.tmpdir} (owner-only permissions
     * where the file system has them).
     *
     * @throws IOException when it cannot be created
     */
    static MediaFile create() throws IOException {
        MediaFile file = new MediaFile(Files.createTempFile("conduit-sms-", ".part"));
        CLEANER.register(file, new Delete(file.path));
        return file;
    }

    /** The file. */
    Path path() {
        return path;
    }

    /** Opens the media; fails once the file was deleted. */
    InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    /** Deletes a file if it is still there. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the system cleans its temporary folder
        }
    }

    /** The cleaning action: refers to the path only, never to the {@link MediaFile}. */
    private record Delete(Path path) implements Runnable {
        @Override
        public void run() {
            delete(path);
        }
    }
}

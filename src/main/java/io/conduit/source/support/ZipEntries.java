package io.conduit.source.support;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens the entries of a checked ZIP export ({@link SafeZip}), each limited to its declared size; after
 * {@link #close()} it reopens the archive for each stream's lifetime, so that attachments stay readable once the
 * records that named them are closed.
 */
public final class ZipEntries implements Closeable {

    private final Path file;
    private final ZipFile zip;
    private boolean closed;

    /**
     * @param file the archive, reopened after {@link #close()}
     * @param zip  the archive opened, its entries checked; closed by {@link #close()}
     */
    public ZipEntries(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    /**
     * Opens an entry, limited to its declared size.
     *
     * @throws IOException when the entry is missing (named in the message) or cannot be read
     */
    public InputStream open(String entryName) throws IOException {
        synchronized (this) {
            if (!closed) {
                ZipEntry e = zip.getEntry(entryName);
                if (e == null) {
                    throw new IOException(file.getFileName() + ": entry " + SafeZip.quoted(entryName)
                            + " disappeared");
                }
                return SafeZip.open(zip, e);
            }
        }
        ZipFile again = new ZipFile(file.toFile());
        try {
            ZipEntry e = again.getEntry(entryName);
            if (e == null) {
                throw new IOException(file.getFileName() + ": entry " + SafeZip.quoted(entryName)
                        + " disappeared");
            }
            return new FilterInputStream(SafeZip.open(again, e)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        again.close();
                    }
                }
            };
        } catch (IOException | RuntimeException ex) {
            again.close();
            throw ex;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            zip.close();
        }
    }
}

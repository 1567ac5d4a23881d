package io.conduit.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.camel.Service;

/**
 * An exclusive lock on the state folder ({@code <state>/conduit.lock}), held while a Conduit process uses it: two
 * processes sharing one state folder would not see each other's idempotency keys and intent journal, and could each
 * store the same copies. Released when the Camel context stops.
 */
public final class StateLock implements Service {

    private final Path file;
    private final FileChannel channel;
    private FileLock lock;

    private StateLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock.
     *
     * @throws IllegalStateException when another process (or another Conduit in this JVM) holds it; the message names
     *                               the folder and what to do
     */
    public static StateLock acquire(Path stateDir) {
        Path file = stateDir.resolve("conduit.lock");
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("state folder " + stateDir.toAbsolutePath() + " is in use by another "
                        + "Conduit process: stop it first, or give this command another state folder (--state)");
            }
            return new StateLock(file, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock state folder " + stateDir.toAbsolutePath(), e);
        }
    }

    @Override
    public void start() {
        // taken in acquire()
    }

    /** Releases the lock. */
    @Override
    public synchronized void stop() {
        try {
            if (lock != null) {
                lock.release();
                lock = null;
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + file, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}

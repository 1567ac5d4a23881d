package io.conduit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.conduit.state.ConnectorRun;

/**
 * A progress line for a long import on a terminal, redrawn in place once a second: items read, archived, rate (items
 * per second) and, for a file of known size whose read position the operating system shows (Linux
 * {@code /proc/self/fdinfo}), the percentage read and an estimated time left. It is erased before the per-file line is
 * printed, so the output once done is the same as without it; when the output is not a terminal nothing is drawn.
 */
final class ProgressLine implements AutoCloseable {

    private static final Path FDS = Path.of("/proc/self/fd");

    private final PrintWriter out;
    private final ConnectorRun run;
    private final Path file;
    private final long size;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer;
    private int drawn;

    private ProgressLine(PrintWriter out, ConnectorRun run, Path file) {
        this.out = out;
        this.run = run;
        this.file = file.toAbsolutePath().normalize();
        this.size = sizeOf(file);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "import-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::draw, 1, 1, TimeUnit.SECONDS);
    }

    /** Whether standard output is a terminal (Java 17: a console exists only when both ends are terminals). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /**
     * Draws the progress of {@code run} over {@code file} on {@code out} until closed, when {@code terminal}; else does
     * nothing.
     */
    static ProgressLine start(PrintWriter out, boolean terminal, ConnectorRun run, Path file) {
        return terminal ? new ProgressLine(out, run, file) : null;
    }

    /** The line for the current counts (package-private for tests). */
    static String line(long items, long archived, double seconds, long position, long size) {
        double rate = seconds > 0 ? items / seconds : 0;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%,d read, %,d archived, %,.0f items/s",
                items, archived, rate));
        if (position > 0 && size > 0 && position <= size) {
            double done = (double) position / size;
            line.append(String.format(Locale.ROOT, ", %.0f%%", done * 100));
            if (done > 0.01) {
                long left = Math.round(seconds * (1 - done) / done);
                line.append(String.format(Locale.ROOT, ", ETA %d:%02d:%02d", left / 3600, left / 60 % 60, left % 60));
            }
        }
        return line.toString();
    }

    private void draw() {
        String line = line(run.items(), run.archived(), (System.nanoTime() - started) / 1e9, position(), size);
        synchronized (this) {
            out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            out.flush();
            drawn = line.length();
        }
    }

    /** The read position of the input file in this process, or -1 when not known. */
    private long position() {
        if (size <= 0 || !Files.isDirectory(FDS)) {
            return -1;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    if (file.equals(Files.readSymbolicLink(fd))) {
                        for (String l : Files.readAllLines(Path.of("/proc/self/fdinfo").resolve(fd.getFileName()))) {
                            if (l.startsWith("pos:")) {
                                return Long.parseLong(l.substring(4).strip());
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the descriptor closed meanwhile, or is not a link: next
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Stops drawing and erases the line. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (drawn > 0) {
                out.print("\r" + " ".repeat(drawn) + "\r");
                out.flush();
                drawn = 0;
            }
        }
    }
}

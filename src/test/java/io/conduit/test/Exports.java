package io.conduit.test;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes generated WhatsApp exports (Android format, d/m/y 24 h) for tests and benchmarks. */
public final class Exports {

    private static final DateTimeFormatter ANDROID = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm");

    private Exports() {
    }

    /**
     * Writes {@code messages} messages, one a minute from 2024-01-01 08:00, the senders taken in turn.
     *
     * @return the file
     */
    public static Path generate(Path file, int messages, List<String> senders) throws IOException {
        LocalDateTime t = LocalDateTime.of(2024, 1, 1, 8, 0);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < messages; i++) {
                w.write(ANDROID.format(t.plusMinutes(i)) + " - " + senders.get(i % senders.size()) + ": message " + i
                        + " about the 2031 gilts");
                w.newLine();
                if (i % 10 == 0) {
                    w.write("second line of message " + i);
                    w.newLine();
                }
            }
        }
        return file;
    }
}

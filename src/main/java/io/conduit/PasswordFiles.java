package io.conduit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a password from a file named by a {@code *-password-file} option (a mounted secret, for example). */
public final class PasswordFiles {

    private PasswordFiles() {
    }

    /**
     * @param option the option that names the file, for the error message
     * @param file   the file
     * @return its first line, stripped, or {@code null} when the file is empty or the line blank
     * @throws IllegalArgumentException naming the option and the file (never its content) when it cannot be read
     */
    public static String firstLine(String option, String file) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.isEmpty() || lines.get(0).isBlank() ? null : lines.get(0).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e.getClass().getSimpleName());
        }
    }
}

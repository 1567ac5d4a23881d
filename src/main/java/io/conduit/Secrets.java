package io.conduit;

import static io.conduit.model.Text.blankToNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Reads a password from its option (usually an {@code {{env:...}}} placeholder) or from a password file. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The password: the first line of the file named by {@code fileKey} when that is set, else the value of
     * {@code passwordKey}, else the environment variable named after it ({@code conduit.imap.password}:
     * {@code CONDUIT_IMAP_PASSWORD}), so that the variable works whatever {@code application.properties} is read.
     *
     * @param property reads an option, {@code null} when unset
     * @return the password, or {@code null} when neither gives one (blank counts as none)
     * @throws IllegalArgumentException when the file cannot be read; the message names the option and the file, never
     *                                  its content
     */
    public static String password(Function<String, String> property, String passwordKey, String fileKey) {
        String password = secret(property, passwordKey);
        String file = blankToNull(property.apply(fileKey));
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file));
                password = lines.isEmpty() ? null : blankToNull(lines.get(0));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + fileKey + " " + file + ": " + e.getClass().getSimpleName());
            }
        }
        return password;
    }

    /**
     * A secret without a file key: the value of {@code key}, else the environment variable named after it.
     *
     * @return the secret, or {@code null} when neither gives one
     */
    public static String secret(Function<String, String> property, String key) {
        String value = blankToNull(property.apply(key));
        return value != null ? value : blankToNull(System.getenv(environmentVariable(key)));
    }

    /** The environment variable of a key: {@code conduit.oauth.client-secret} is {@code CONDUIT_OAUTH_CLIENT_SECRET}. */
    public static String environmentVariable(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }
}

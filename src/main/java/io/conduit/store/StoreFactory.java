package io.conduit.store;

import java.nio.file.Path;
import java.util.function.Function;

/** Creates the configured {@link ArchiveStore} from a store URI. */
public final class StoreFactory {

    private StoreFactory() {
    }

    /**
     * @param uri      {@code maildir:DIR} (relative to the working directory), {@code imaps://host[:port]} or
     *                 {@code imap://host[:port]}
     * @param property reads a {@code conduit.*} option, {@code null} when unset
     * @throws IllegalArgumentException when the URI has no known scheme, or the IMAP options are incomplete
     */
    public static ArchiveStore create(String uri, Function<String, String> property) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("store URI is empty (expected maildir:DIR, imaps://host:port or imap://host:port)");
        }
        if (uri.startsWith("maildir:")) {
            String fsync = property.apply(io.conduit.ConduitOptions.MAILDIR_FSYNC);
            return new MaildirStore(Path.of(uri.substring("maildir:".length())), fsync == null || Boolean.parseBoolean(fsync));
        }
        throw new IllegalArgumentException("store URI '" + uri + "' is not maildir:DIR, imaps://host:port or imap://host:port");
    }
}

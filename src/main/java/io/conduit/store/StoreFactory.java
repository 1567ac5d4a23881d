package io.conduit.store;

import static io.conduit.model.Text.blankToNull;

import java.nio.file.Path;
import java.util.function.Function;

import io.conduit.ConduitOptions;
import io.conduit.Secrets;

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
            String fsync = property.apply(ConduitOptions.MAILDIR_FSYNC);
            return new MaildirStore(Path.of(uri.substring("maildir:".length())), fsync == null || Boolean.parseBoolean(fsync));
        }
        if (uri.startsWith("imap://") || uri.startsWith("imaps://")) {
            return new ImapStore(imapSettings(uri, property), intOption(property, ConduitOptions.IMAP_MAX_CONNECTIONS, 8));
        }
        throw new IllegalArgumentException("store URI '" + uri + "' is not maildir:DIR, imaps://host:port or imap://host:port");
    }

    /**
     * The IMAP settings from the {@code conduit.imap.*} options: master user or plain user, the password from
     * {@code conduit.imap.password} (usually {@code CONDUIT_IMAP_PASSWORD}) or the first line of
     * {@code conduit.imap.password-file}, the truststore and the test-only trust-all switch.
     *
     * @throws IllegalArgumentException when neither a user nor a master user is set, or no password is given
     */
    static ImapSettings imapSettings(String uri, Function<String, String> property) {
        String user = blankToNull(property.apply(ConduitOptions.IMAP_USER));
        String master = blankToNull(property.apply(ConduitOptions.IMAP_MASTER_USER));
        if (user == null && master == null) {
            throw new IllegalArgumentException("IMAP store " + uri + " needs a login: --imap-master-user ("
                    + ConduitOptions.IMAP_MASTER_USER + ", a Dovecot master user) or --imap-user (" + ConduitOptions.IMAP_USER
                    + ", a plain login)");
        }
        String password = Secrets.password(property, ConduitOptions.IMAP_PASSWORD, ConduitOptions.IMAP_PASSWORD_FILE);
        if (password == null) {
            throw new IllegalArgumentException("IMAP store " + uri + " has no password: set CONDUIT_IMAP_PASSWORD, or "
                    + "--imap-password-file (" + ConduitOptions.IMAP_PASSWORD_FILE + ")");
        }
        ImapSettings settings = ImapSettings.fromUri(uri, user, master, password);
        String trustStore = blankToNull(property.apply(ConduitOptions.IMAP_TRUSTSTORE));
        if (trustStore != null) {
            settings = settings.withTrustStore(Path.of(trustStore), property.apply(ConduitOptions.IMAP_TRUSTSTORE_PASSWORD));
        }
        if (Boolean.parseBoolean(property.apply(ConduitOptions.IMAP_INSECURE_TRUST_ALL))) {
            settings = new ImapSettings(settings.host(), settings.port(), settings.security(), settings.user(),
                    settings.masterUser(), settings.password(), settings.trustStore(), settings.trustStorePassword(), true,
                    settings.connectTimeoutMillis(), settings.timeoutMillis());
        }
        return settings;
    }

    private static int intOption(Function<String, String> property, String key, int defaultValue) {
        String v = blankToNull(property.apply(key));
        try {
            return v == null ? defaultValue : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + v + "' is not a number");
        }
    }
}

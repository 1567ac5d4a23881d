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
            throw new IllegalArgumentException("store URI is empty (expected maildir:DIR, imaps://host:port, imap://host:port or graph:)");
        }
        if (uri.startsWith("maildir:")) {
            String fsync = property.apply(ConduitOptions.MAILDIR_FSYNC);
            return new MaildirStore(Path.of(uri.substring("maildir:".length())), fsync == null || Boolean.parseBoolean(fsync));
        }
        if (uri.startsWith("graph:") || uri.startsWith("graph+http:") || uri.startsWith("graph+https:")) {
            return graphStore(uri, property);
        }
        if (uri.startsWith("imap://") || uri.startsWith("imaps://")) {
            return new ImapStore(imapSettings(uri, property), intOption(property, ConduitOptions.IMAP_MAX_CONNECTIONS, 8));
        }
        throw new IllegalArgumentException("store URI '" + uri + "' is not maildir:DIR, imaps://host:port, imap://host:port or graph:");
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
        if (user == null && master == null && blankToNull(property.apply(ConduitOptions.OAUTH_PROVIDER)) == null) {
            throw new IllegalArgumentException("IMAP store " + uri + " needs a login: --imap-master-user ("
                    + ConduitOptions.IMAP_MASTER_USER + ", a Dovecot master user) or --imap-user (" + ConduitOptions.IMAP_USER
                    + ", a plain login)");
        }
        String provider = blankToNull(property.apply(ConduitOptions.OAUTH_PROVIDER));
        if (provider != null) {
            return oauthSettings(uri, provider, user, property);
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

    /**
     * IMAP settings for a SASL XOAUTH2 login ({@code conduit.oauth.*}): each custodian mailbox logged in to as itself,
     * or the one {@code user} account when set; tokens from the provider named.
     */
    private static ImapSettings oauthSettings(String uri, String provider, String user, Function<String, String> property) {
        io.conduit.store.oauth.OAuthSettings oauth = oauth(provider, property);
        ImapSettings base = ImapSettings.fromUri(uri, user == null ? "oauth" : user, null, "");
        io.conduit.store.oauth.TokenProvider tokens;
        try {
            tokens = io.conduit.store.oauth.TokenProviders.create(oauth, io.conduit.store.oauth.TokenProviders.imapScope(base.host()));
        } catch (io.conduit.store.oauth.OAuthException e) {
            throw new IllegalArgumentException("IMAP store " + uri + ": " + e.getMessage() + " (--oauth " + provider + ")");
        }
        ImapSettings settings = new ImapSettings(base.host(), base.port(), base.security(), user, null, null, null, null,
                false, base.connectTimeoutMillis(), base.timeoutMillis(), tokens);
        String trustStore = blankToNull(property.apply(ConduitOptions.IMAP_TRUSTSTORE));
        if (trustStore != null) {
            settings = settings.withTrustStore(Path.of(trustStore), property.apply(ConduitOptions.IMAP_TRUSTSTORE_PASSWORD));
        }
        if (Boolean.parseBoolean(property.apply(ConduitOptions.IMAP_INSECURE_TRUST_ALL))) {
            settings = new ImapSettings(settings.host(), settings.port(), settings.security(), user, null, null,
                    settings.trustStore(), settings.trustStorePassword(), true, settings.connectTimeoutMillis(),
                    settings.timeoutMillis(), tokens);
        }
        return settings;
    }

    /** The OAuth settings of the {@code conduit.oauth.*} keys, for {@code provider}. */
    private static io.conduit.store.oauth.OAuthSettings oauth(String provider, Function<String, String> property) {
        String secret = Secrets.password(property, ConduitOptions.OAUTH_CLIENT_SECRET, ConduitOptions.OAUTH_CLIENT_SECRET_FILE);
        String certificate = blankToNull(property.apply(ConduitOptions.OAUTH_CLIENT_CERTIFICATE));
        String serviceAccount = blankToNull(property.apply(ConduitOptions.OAUTH_SERVICE_ACCOUNT_FILE));
        return new io.conduit.store.oauth.OAuthSettings(provider,
                blankToNull(property.apply(ConduitOptions.OAUTH_TENANT)), blankToNull(property.apply(ConduitOptions.OAUTH_CLIENT_ID)),
                secret, certificate == null ? null : Path.of(certificate),
                Secrets.secret(property, ConduitOptions.OAUTH_CLIENT_CERTIFICATE_PASSWORD),
                serviceAccount == null ? null : Path.of(serviceAccount), blankToNull(property.apply(ConduitOptions.OAUTH_TOKEN_URL)),
                blankToNull(property.apply(ConduitOptions.OAUTH_SCOPE)), blankToNull(property.apply(ConduitOptions.OAUTH_AUTHORITY)));
    }

    /**
     * The Microsoft Graph store: {@code graph:} (Graph v1.0 at {@code https://graph.microsoft.com/v1.0}), or
     * {@code graph+https://host/path} / {@code graph+http://127.0.0.1:port/path} for another endpoint (a national
     * cloud, a test stand-in); tokens from {@code conduit.oauth.*} ({@code microsoft} unless another provider is set),
     * scope {@code https://graph.microsoft.com/.default}.
     */
    private static ArchiveStore graphStore(String uri, Function<String, String> property) {
        String provider = blankToNull(property.apply(ConduitOptions.OAUTH_PROVIDER));
        java.net.URI base = uri.startsWith("graph+") ? java.net.URI.create(uri.substring("graph+".length()))
                : java.net.URI.create("https://graph.microsoft.com/v1.0");
        try {
            return new io.conduit.store.graph.GraphStore(base, io.conduit.store.oauth.TokenProviders.create(
                    oauth(provider == null ? "microsoft" : provider, property), GRAPH_SCOPE), 120_000);
        } catch (io.conduit.store.oauth.OAuthException e) {
            throw new IllegalArgumentException("Graph store " + uri + ": " + e.getMessage());
        }
    }

    /** Microsoft Graph's scope for app-only tokens. */
    public static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";

    private static int intOption(Function<String, String> property, String key, int defaultValue) {
        String v = blankToNull(property.apply(key));
        try {
            return v == null ? defaultValue : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + v + "' is not a number");
        }
    }
}

package io.conduit.store.oauth;

import java.net.URI;
import java.time.Clock;

/** Builds the {@link TokenProvider} that {@link OAuthSettings} describe. */
public final class TokenProviders {

    /** Exchange Online IMAP's scope. */
    public static final String OUTLOOK_SCOPE = "https://outlook.office365.com/.default";
    /** Gmail IMAP's scope. */
    public static final String GMAIL_SCOPE = "https://mail.google.com/";

    private TokenProviders() {
    }

    /**
     * @param defaultScope the target's scope when the settings name none
     * @throws OAuthException naming what is missing or unreadable (never a secret)
     */
    public static TokenProvider create(OAuthSettings settings, String defaultScope) throws OAuthException {
        String scope = settings.scope() != null ? settings.scope() : defaultScope;
        String provider = settings.provider() == null ? "" : settings.provider();
        return switch (provider) {
            case "microsoft" -> new MicrosoftTokenProvider(settings, scope, Clock.systemUTC());
            case "google" -> {
                if (settings.serviceAccountFile() == null) {
                    throw new OAuthException("google: --service-account FILE (conduit.oauth.service-account-file) is "
                            + "required", false, null);
                }
                yield new GoogleTokenProvider(settings.serviceAccountFile(), scope, Clock.systemUTC());
            }
            case "generic" -> {
                if (settings.tokenUrl() == null || settings.clientId() == null || settings.clientSecret() == null) {
                    throw new OAuthException("generic: --oauth-token-url, --oauth-client-id and a client secret "
                            + "(CONDUIT_OAUTH_CLIENT_SECRET or --oauth-client-secret-file) are required", false, null);
                }
                yield new ClientCredentialsTokenProvider(URI.create(settings.tokenUrl()), settings.clientId(),
                        settings.clientSecret(), scope, Clock.systemUTC());
            }
            default -> throw new OAuthException("--oauth '" + provider + "' is not microsoft, google or generic", false,
                    null);
        };
    }

    /** The scope of an IMAP host: Exchange Online's, Gmail's, else {@code null} (the token endpoint's default). */
    public static String imapScope(String host) {
        String h = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
        if (h.endsWith("office365.com") || h.endsWith("outlook.com")) {
            return OUTLOOK_SCOPE;
        }
        if (h.endsWith("gmail.com") || h.endsWith("googlemail.com")) {
            return GMAIL_SCOPE;
        }
        return null;
    }
}

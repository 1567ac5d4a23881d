package io.conduit.store.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;

/**
 * A Google Workspace service account with domain-wide delegation (google-auth-library): a token per custodian
 * mailbox, impersonating it, scope {@code https://mail.google.com/} for Gmail IMAP. Each mailbox's credentials are
 * kept and refreshed {@link CachedToken#RENEW_BEFORE} before they expire. Thread-safe; the key and the tokens never
 * appear in a message.
 */
public final class GoogleTokenProvider implements TokenProvider {

    private final ServiceAccountCredentials account;
    private final String scope;
    private final Clock clock;
    private final Map<String, GoogleCredentials> byMailbox = new ConcurrentHashMap<>();

    /**
     * @param keyFile the service account's JSON key file
     * @throws OAuthException when the key file cannot be read as a service account key
     */
    public GoogleTokenProvider(Path keyFile, String scope, Clock clock) throws OAuthException {
        this.scope = scope;
        this.clock = clock;
        try (InputStream in = Files.newInputStream(keyFile)) {
            this.account = ServiceAccountCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            throw new OAuthException("google: " + keyFile + " is not a readable service account key ("
                    + e.getClass().getSimpleName() + ")", false, e);
        }
    }

    @Override
    public String accessToken(String mailbox) throws OAuthException {
        GoogleCredentials credentials = byMailbox.computeIfAbsent(mailbox,
                m -> account.createScoped(List.of(scope)).createDelegated(m));
        try {
            synchronized (credentials) {
                AccessToken t = credentials.getAccessToken();
                if (t == null || t.getExpirationTime() == null
                        || !new CachedToken(t.getTokenValue(), t.getExpirationTime().toInstant()).usable(clock)) {
                    credentials.refresh();
                    t = credentials.getAccessToken();
                }
                return t.getTokenValue();
            }
        } catch (IOException e) {
            throw new OAuthException(describe() + ": no token for " + mailbox + " (" + e.getClass().getSimpleName()
                    + ")", true, null);
        }
    }

    @Override
    public void invalidate(String mailbox) {
        byMailbox.remove(mailbox);
    }

    @Override
    public String describe() {
        return "google (service account " + account.getClientEmail() + ", scope " + scope + ")";
    }
}

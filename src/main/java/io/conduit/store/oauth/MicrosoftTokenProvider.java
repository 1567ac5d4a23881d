package io.conduit.store.oauth;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;

/**
 * Microsoft Entra ID client credentials (app-only) through MSAL4J: one application token for every custodian mailbox,
 * scope {@code https://outlook.office365.com/.default} for Exchange Online IMAP (application permission
 * {@code IMAP.AccessAsApp}, each mailbox granted to the app's service principal with {@code Add-MailboxPermission
 * -AccessRights FullAccess}) or {@code https://graph.microsoft.com/.default} for Microsoft Graph. MSAL caches the
 * token; it is renewed {@link CachedToken#RENEW_BEFORE} before it expires, and asked afresh after a server refused it.
 * Thread-safe; neither the secret nor the token appears in a message.
 */
public final class MicrosoftTokenProvider implements TokenProvider {

    private final ConfidentialClientApplication app;
    private final String tenant;
    private final String clientId;
    private final String scope;
    private final Clock clock;
    private CachedToken token;
    private boolean skipCache;

    /**
     * @param settings tenant, client id, client secret or PKCS#12 certificate, optional authority
     * @param scope    the scope, e.g. {@code https://outlook.office365.com/.default}
     * @throws OAuthException when the settings are incomplete or the certificate cannot be read (no secret in it)
     */
    public MicrosoftTokenProvider(OAuthSettings settings, String scope, Clock clock) throws OAuthException {
        this.tenant = settings.tenant();
        this.clientId = settings.clientId();
        this.scope = scope;
        this.clock = clock;
        if (tenant == null || clientId == null) {
            throw new OAuthException("microsoft: --tenant and --client-id (conduit.oauth.tenant, conduit.oauth.client-id) "
                    + "are required", false, null);
        }
        IClientCredential credential;
        try {
            credential = settings.certificate() != null ? certificate(settings.certificate(), settings.certificatePassword())
                    : ClientCredentialFactory.createFromSecret(require(settings.clientSecret()));
            String authority = settings.authority() != null ? settings.authority()
                    : "https://login.microsoftonline.com/" + tenant + "/";
            this.app = ConfidentialClientApplication.builder(clientId, credential).authority(authority).build();
        } catch (OAuthException e) {
            throw e;
        } catch (Exception e) {
            throw new OAuthException(describe() + ": cannot be set up (" + e.getClass().getSimpleName() + ")", false, e);
        }
    }

    private static IClientCredential certificate(Path file, String password) throws OAuthException {
        try (InputStream in = Files.newInputStream(file)) {
            return ClientCredentialFactory.createFromCertificate(in, password == null ? "" : password);
        } catch (Exception e) {
            throw new OAuthException("microsoft: the client certificate " + file + " cannot be read as PKCS#12 ("
                    + e.getClass().getSimpleName() + ")", false, e);
        }
    }

    private static String require(String secret) throws OAuthException {
        if (secret == null || secret.isBlank()) {
            throw new OAuthException("microsoft: no client secret (CONDUIT_OAUTH_CLIENT_SECRET, --oauth-client-secret-file) "
                    + "and no --client-certificate", false, null);
        }
        return secret;
    }

    @Override
    public synchronized String accessToken(String mailbox) throws OAuthException {
        if (token != null && token.usable(clock)) {
            return token.value();
        }
        try {
            IAuthenticationResult result = app.acquireToken(ClientCredentialParameters.builder(Set.of(scope))
                    .skipCache(skipCache).build()).get();
            skipCache = false;
            token = new CachedToken(result.accessToken(), result.expiresOnDate().toInstant());
            return token.value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException(describe() + ": interrupted", true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MsalServiceException service) {
                int status = service.statusCode() == null ? 0 : service.statusCode();
                throw new OAuthException(describe() + ": token refused (" + service.errorCode() + ", HTTP " + status
                        + ")", status >= 500 || status == 429, null);
            }
            throw new OAuthException(describe() + ": no token (" + (cause == null ? e : cause).getClass().getSimpleName()
                    + ")", true, null);
        }
    }

    @Override
    public synchronized void invalidate(String mailbox) {
        token = null;
        skipCache = true;
    }

    @Override
    public String describe() {
        return "microsoft (tenant " + tenant + ", client " + clientId + ", scope " + scope + ")";
    }
}

package io.conduit.observe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.BasicAuthHandler;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;

/**
 * HTTP Basic authentication (RFC 7617) of one path of Camel's management server, through the server's own
 * {@link AuthenticationConfig} (the mechanism behind {@code camel.management.authentication-*}), with the one user and
 * password that Conduit reads from {@code conduit.management.*}: the password from an environment variable or a file,
 * held in memory only (Camel's own basic authentication needs it in clear text in a properties file). An empty
 * password refuses every request. User and password are compared in constant time; nothing is logged.
 */
final class JolokiaAuthentication implements AuthenticationProvider {

    /** The realm of the {@code WWW-Authenticate} challenge. */
    static final String REALM = "conduit";

    private final byte[] user;
    private final byte[] password;

    /**
     * @param user     the user name
     * @param password the password; empty or {@code null} refuses everyone
     */
    JolokiaAuthentication(String user, String password) {
        this.user = digest(user == null ? "" : user);
        this.password = password == null || password.isEmpty() ? null : digest(password);
    }

    /**
     * Protects {@code path} (a Vert.x route path such as {@code /observe/jolokia/*}) of a server that has not started
     * yet.
     */
    void protect(AuthenticationConfig config, String path) {
        AuthenticationConfigEntry entry = new AuthenticationConfigEntry();
        entry.setPath(path);
        entry.setAuthenticationProviderFactory(vertx -> this);
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> io.vertx.ext.web.handler.AuthenticationHandler createAuthenticationHandler(
                    T provider) {
                return BasicAuthHandler.create(provider, REALM);
            }
        });
        config.getEntries().add(entry);
        config.setEnabled(true);
    }

    /** True when a user and password match the configured ones. */
    boolean matches(String givenUser, String givenPassword) {
        if (password == null || givenUser == null || givenPassword == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(user, digest(givenUser));
        boolean passwordOk = MessageDigest.isEqual(password, digest(givenPassword));
        return userOk & passwordOk;
    }

    @Override
    public void authenticate(JsonObject credentials, Handler<AsyncResult<User>> resultHandler) {
        String givenUser = credentials.getString("username");
        if (matches(givenUser, credentials.getString("password"))) {
            resultHandler.handle(Future.succeededFuture(User.fromName(givenUser)));
        } else {
            resultHandler.handle(Future.failedFuture("invalid user or password"));
        }
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

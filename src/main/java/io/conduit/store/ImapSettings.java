package io.conduit.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link ImapStore} reaches and logs in to one IMAP server; {@link #toString()} never shows the password.
 *
 * @param host                 server host name, e.g. {@code imap.example.com}
 * @param port                 TCP port, e.g. 993 for IMAPS, 143 for IMAP
 * @param security             transport security
 * @param user                 login user in plain mode (the archive account); ignored in master-user mode
 * @param masterUser           Dovecot master user, or {@code null} for a plain login as {@code user}
 * @param password             password of {@code user}, or of {@code masterUser} in master-user mode
 * @param trustStore           PKCS12 or JKS truststore for private CAs, or {@code null} for the JVM's default trust
 * @param trustStorePassword   password of {@code trustStore}, may be {@code null}
 * @param insecureTrustAll     tests only: trust every certificate and host name (logs a WARN on every connect)
 * @param connectTimeoutMillis TCP connect timeout in milliseconds
 * @param timeoutMillis        socket read and write timeout in milliseconds
 * @param oauth                OAuth 2.0 tokens for a SASL XOAUTH2 login (Exchange Online, Gmail, a server behind an
 *                             RFC 6749 token endpoint), or {@code null} for a password login; with it and no
 *                             {@code user}, each custodian mailbox is logged in to as itself
 */
public record ImapSettings(String host, int port, Security security, String user, String masterUser, String password,
                           Path trustStore, String trustStorePassword, boolean insecureTrustAll,
                           int connectTimeoutMillis, int timeoutMillis, io.conduit.store.oauth.TokenProvider oauth) {

    /** Settings with a password login. */
    public ImapSettings(String host, int port, Security security, String user, String masterUser, String password,
                        Path trustStore, String trustStorePassword, boolean insecureTrustAll,
                        int connectTimeoutMillis, int timeoutMillis) {
        this(host, port, security, user, masterUser, password, trustStore, trustStorePassword, insecureTrustAll,
                connectTimeoutMillis, timeoutMillis, null);
    }

    /** Default TCP connect timeout: 10 s. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Default read/write timeout: 60 s. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 60_000;

    /** Transport security of the IMAP connection. */
    public enum Security {
        /** TLS from the first byte (port 993). */
        IMAPS,
        /** Plain connection upgraded with STARTTLS, which is required (port 143). */
        STARTTLS,
        /** Plain text, no TLS at all: only for trusted networks; every connect logs a WARN. */
        NONE
    }

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException when the host, port, security, user or password is missing or out of range
     */
    public ImapSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("IMAP host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("IMAP port out of range: " + port);
        }
        Objects.requireNonNull(security, "security");
        if (masterUser == null && oauth == null && (user == null || user.isBlank())) {
            throw new IllegalArgumentException("IMAP login user is missing (set user, or masterUser for master-user mode)");
        }
        if (password == null && oauth == null) {
            throw new IllegalArgumentException("IMAP password is missing");
        }
        if (connectTimeoutMillis <= 0 || timeoutMillis <= 0) {
            throw new IllegalArgumentException("IMAP timeouts must be positive");
        }
    }

    /**
     * Parses a server URI: {@code imaps://host[:port]} (IMAPS, default port 993) or {@code imap://host[:port]}
     * (STARTTLS required, default port 143; {@code imap://host:port?starttls=false} means plain text,
     * {@link Security#NONE}). No truststore, default timeouts.
     *
     * @param uri        server URI without credentials
     * @param user       login user in plain mode, may be {@code null} in master-user mode
     * @param masterUser Dovecot master user, or {@code null} for a plain login
     * @param password   password of the login user (or master user)
     * @return the settings
     * @throws IllegalArgumentException when the URI is not an {@code imap://} or {@code imaps://} URI with a host,
     *                                  or carries user info (credentials do not belong in the URI)
     */
    public static ImapSettings fromUri(String uri, String user, String masterUser, String password) {
        URI parsed;
        try {
            parsed = new URI(Objects.requireNonNull(uri, "uri").trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid IMAP server URI: " + e.getReason());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (parsed.getRawUserInfo() != null) {
            throw new IllegalArgumentException("IMAP server URI must not contain user info; pass credentials separately");
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("IMAP server URI has no host: expected imaps://host:port or imap://host:port");
        }
        Security security;
        int defaultPort;
        switch (scheme) {
            case "imaps" -> {
                security = Security.IMAPS;
                defaultPort = 993;
            }
            case "imap" -> {
                security = starttlsDisabled(parsed.getQuery()) ? Security.NONE : Security.STARTTLS;
                defaultPort = 143;
            }
            default -> throw new IllegalArgumentException(
                    "IMAP server URI scheme must be imaps or imap, was: " + parsed.getScheme());
        }
        int port = parsed.getPort() == -1 ? defaultPort : parsed.getPort();
        return new ImapSettings(parsed.getHost(), port, security, user, masterUser, password, null, null, false,
                DEFAULT_CONNECT_TIMEOUT_MILLIS, DEFAULT_TIMEOUT_MILLIS);
    }

    private static boolean starttlsDisabled(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equalsIgnoreCase("starttls")) {
                return kv.length == 2 && kv[1].equalsIgnoreCase("false");
            }
        }
        return false;
    }

    /**
     * Returns a copy that trusts the certificates in a truststore.
     *
     * @param path     PKCS12 or JKS file
     * @param password its password, may be {@code null}
     * @return the new settings
     */
    public ImapSettings withTrustStore(Path path, String password) {
        return new ImapSettings(host, port, security, user, masterUser, this.password, path, password,
                insecureTrustAll, connectTimeoutMillis, timeoutMillis, oauth);
    }

    /**
     * Returns a copy with other timeouts.
     *
     * @param connectMillis TCP connect timeout in milliseconds
     * @param ioMillis      read and write timeout in milliseconds
     * @return the new settings
     */
    public ImapSettings withTimeouts(int connectMillis, int ioMillis) {
        return new ImapSettings(host, port, security, user, masterUser, password, trustStore, trustStorePassword,
                insecureTrustAll, connectMillis, ioMillis, oauth);
    }

    /** These settings logging in with SASL XOAUTH2 and tokens from {@code tokens}. */
    public ImapSettings withOAuth(io.conduit.store.oauth.TokenProvider tokens) {
        return new ImapSettings(host, port, security, user, masterUser, password, trustStore, trustStorePassword,
                insecureTrustAll, connectTimeoutMillis, timeoutMillis, tokens);
    }

    /** True when each custodian mailbox has its own login: a Dovecot master user, or XOAUTH2 without a user. */
    public boolean perMailboxLogin() {
        return masterMode() || oauth != null && user == null;
    }

    /** The login name for storing into {@code mailbox}. */
    public String loginFor(String mailbox) {
        if (masterMode()) {
            return mailbox + "*" + masterUser;
        }
        return oauth != null && user == null ? mailbox : user;
    }

    /**
     * The password of a login into {@code mailbox}: an access token for XOAUTH2, else the configured password.
     *
     * @throws jakarta.mail.AuthenticationFailedException when no token can be had (naming the provider, no secret)
     */
    public String secretFor(String mailbox) throws jakarta.mail.AuthenticationFailedException {
        if (oauth == null) {
            return password;
        }
        try {
            return oauth.accessToken(user != null ? user : mailbox);
        } catch (io.conduit.store.oauth.OAuthException e) {
            throw new jakarta.mail.AuthenticationFailedException("no OAuth token: " + e.getMessage());
        }
    }

    /** True when logging in as a Dovecot master user on behalf of each target mailbox. */
    public boolean masterMode() {
        return masterUser != null;
    }

    /** The server as a URI without credentials, e.g. {@code imaps://imap.example.com:993}. */
    public String serverUri() {
        String scheme = security == Security.IMAPS ? "imaps" : "imap";
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port + (security == Security.NONE ? "?starttls=false" : "");
    }

    /** Shows everything but the passwords. */
    @Override
    public String toString() {
        return "ImapSettings[server=" + serverUri() + ", security=" + security + ", user=" + user
                + ", masterUser=" + masterUser + ", password=***, trustStore=" + trustStore
                + ", trustStorePassword=***, insecureTrustAll=" + insecureTrustAll
                + ", connectTimeoutMillis=" + connectTimeoutMillis + ", timeoutMillis=" + timeoutMillis
                + (oauth == null ? "" : ", oauth=" + oauth.describe()) + "]";
    }
}

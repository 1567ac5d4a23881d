package io.conduit.cli;

import java.nio.file.Path;
import java.util.Map;

import io.conduit.ConduitOptions;
import picocli.CommandLine.Option;

/**
 * How a command logs in to an IMAP store ({@code import}, {@code quarantine retry}, {@code export rsmf}): each option
 * overrides its {@code conduit.imap.*} or {@code conduit.oauth.*} key. The password itself never comes from the command line: from
 * {@code CONDUIT_IMAP_PASSWORD} or {@code --imap-password-file}.
 */
final class ImapLoginOptions {

    @Option(names = "--imap-user", paramLabel = "USER", description = "IMAP login user (plain login into one archive account)")
    String imapUser;

    @Option(names = "--imap-master-user", paramLabel = "USER",
            description = "Dovecot master user: logs in as <mailbox>*<master user> into each custodian mailbox")
    String imapMasterUser;

    @Option(names = "--imap-password-file", paramLabel = "FILE",
            description = "File holding the IMAP password; else the CONDUIT_IMAP_PASSWORD environment variable")
    Path imapPasswordFile;

    @Option(names = "--truststore", paramLabel = "FILE", description = "Truststore (PKCS12/JKS) for a private CA")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", description = "Truststore password")
    String truststorePassword;

    @Option(names = "--oauth", paramLabel = "microsoft|google|generic",
            description = "Log in with SASL XOAUTH2 instead of a password: microsoft (Exchange Online, Entra client "
                    + "credentials), google (Gmail, service account with domain-wide delegation) or generic (an RFC 6749 "
                    + "token endpoint); without --imap-user each custodian mailbox is logged in to as itself")
    String oauth;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "microsoft: Entra tenant id or domain")
    String tenant;

    @Option(names = {"--client-id", "--oauth-client-id"}, paramLabel = "ID",
            description = "microsoft, generic: application (client) id")
    String clientId;

    @Option(names = "--oauth-client-secret-file", paramLabel = "FILE",
            description = "File holding the client secret; else the CONDUIT_OAUTH_CLIENT_SECRET environment variable")
    Path clientSecretFile;

    @Option(names = "--client-certificate", paramLabel = "FILE",
            description = "microsoft: PKCS#12 certificate and key of the app, instead of a client secret "
                    + "(its password from CONDUIT_OAUTH_CLIENT_CERTIFICATE_PASSWORD)")
    Path clientCertificate;

    @Option(names = "--service-account", paramLabel = "FILE", description = "google: the service account's JSON key file")
    Path serviceAccount;

    @Option(names = "--oauth-token-url", paramLabel = "URL", description = "generic: the token endpoint")
    String tokenUrl;

    @Option(names = "--oauth-scope", paramLabel = "SCOPE",
            description = "Scope to ask for (default: Exchange Online's or Gmail's by the host; none for generic)")
    String scope;

    /** Adds the options given to {@code overrides} as their {@code conduit.imap.*} keys. */
    void addTo(Map<String, String> overrides) {
        put(overrides, ConduitOptions.IMAP_USER, imapUser);
        put(overrides, ConduitOptions.IMAP_MASTER_USER, imapMasterUser);
        put(overrides, ConduitOptions.IMAP_PASSWORD_FILE, imapPasswordFile);
        put(overrides, ConduitOptions.IMAP_TRUSTSTORE, truststore);
        put(overrides, ConduitOptions.IMAP_TRUSTSTORE_PASSWORD, truststorePassword);
        put(overrides, ConduitOptions.OAUTH_PROVIDER, oauth);
        put(overrides, ConduitOptions.OAUTH_TENANT, tenant);
        put(overrides, ConduitOptions.OAUTH_CLIENT_ID, clientId);
        put(overrides, ConduitOptions.OAUTH_CLIENT_SECRET_FILE, clientSecretFile);
        put(overrides, ConduitOptions.OAUTH_CLIENT_CERTIFICATE, clientCertificate);
        put(overrides, ConduitOptions.OAUTH_SERVICE_ACCOUNT_FILE, serviceAccount);
        put(overrides, ConduitOptions.OAUTH_TOKEN_URL, tokenUrl);
        put(overrides, ConduitOptions.OAUTH_SCOPE, scope);
    }

    static void put(Map<String, String> overrides, String key, Object value) {
        if (value != null) {
            overrides.put(key, value.toString());
        }
    }
}

package io.conduit.cli;

import java.nio.file.Path;
import java.util.Map;

import io.conduit.ConduitOptions;
import picocli.CommandLine.Option;

/**
 * How a command logs in to an IMAP store ({@code import}, {@code quarantine retry}, {@code export rsmf}): each option
 * overrides its {@code conduit.imap.*} key. The password itself never comes from the command line: from
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

    /** Adds the options given to {@code overrides} as their {@code conduit.imap.*} keys. */
    void addTo(Map<String, String> overrides) {
        put(overrides, ConduitOptions.IMAP_USER, imapUser);
        put(overrides, ConduitOptions.IMAP_MASTER_USER, imapMasterUser);
        put(overrides, ConduitOptions.IMAP_PASSWORD_FILE, imapPasswordFile);
        put(overrides, ConduitOptions.IMAP_TRUSTSTORE, truststore);
        put(overrides, ConduitOptions.IMAP_TRUSTSTORE_PASSWORD, truststorePassword);
    }

    static void put(Map<String, String> overrides, String key, Object value) {
        if (value != null) {
            overrides.put(key, value.toString());
        }
    }
}

package io.conduit.cli;

import static io.conduit.cli.ImapLoginOptions.put;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conduit.ConduitOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every command that archives shares ({@code import}, {@code quarantine retry}): where copies go, how
 * participants map to custodians, and where the state is. Each overrides its {@code conduit.*} key of
 * {@code application.properties}.
 */
final class ArchiveOptions {

    @Option(names = "--to", paramLabel = "STORE",
            description = "Where copies go: maildir:DIR, imaps://host:port or imap://host:port (STARTTLS). "
                    + "Default: conduit.store.uri of application.properties (maildir:archive).")
    String to;

    @Option(names = "--mapping", paramLabel = "CSV", description = "User mapping CSV: identifier,mailbox[,display name]")
    Path mapping;

    @Option(names = "--catch-all", paramLabel = "MAILBOX", description = "Mailbox for items with no mapped participant")
    String catchAll;

    @Option(names = "--mailbox-domain", paramLabel = "DOMAIN", split = ",",
            description = "Email domain(s) whose addresses are custodian mailboxes (after the mapping CSV)")
    List<String> mailboxDomains;

    @Option(names = "--default-region", paramLabel = "REGION",
            description = "ISO 3166 region for phone numbers without a country code, e.g. GB")
    String defaultRegion;

    @Option(names = "--state", paramLabel = "DIR", description = "State folder: idempotency keys, connector log, quarantine")
    Path state;

    @Mixin
    ImapLoginOptions imap = new ImapLoginOptions();

    /** The options given, as {@code conduit.*} properties that win over {@code application.properties}. */
    Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        put(o, ConduitOptions.STORE_URI, to);
        put(o, ConduitOptions.MAPPING_FILE, mapping);
        put(o, ConduitOptions.CATCH_ALL_MAILBOX, catchAll);
        put(o, ConduitOptions.MAILBOX_DOMAINS, mailboxDomains == null ? null : String.join(",", mailboxDomains));
        put(o, ConduitOptions.DEFAULT_REGION, defaultRegion);
        put(o, ConduitOptions.STATE_DIR, state);
        imap.addTo(o);
        return o;
    }
}

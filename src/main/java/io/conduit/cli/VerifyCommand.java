package io.conduit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.ConduitCamel;
import io.conduit.ConduitOptions;
import io.conduit.ledger.ArchiveVerifier;
import io.conduit.ledger.EvidenceManifests;
import io.conduit.ledger.Ledger;
import io.conduit.ledger.LedgerKeys;
import io.conduit.ledger.LedgerVerifier;
import io.conduit.mime.HeaderValues;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoreFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conduit verify}: checks the evidence ledger and every copy it records against the store. */
@Command(name = "verify", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Re-reads the evidence ledger of the state folder (edited, removed, reordered or inserted entries, "
                + "seal signatures), reads every recorded copy back from the store and recomputes its MIME SHA-256. "
                + "Prints per mailbox the copies checked, intact, missing, altered and unknown; writes "
                + "verify-report.json and verify-report.html; the last line is JSON {\"intact\",\"checked\",\"intact_copies\","
                + "\"missing\",\"altered\",\"unknown\",\"ledger_findings\"}. Exit 0 only when everything is intact, 1 otherwise.")
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ArchiveOptions options;

    @Option(names = "--connector", paramLabel = "ID", description = "Only this connector's ledger")
    String connector;

    @Option(names = "--since", paramLabel = "DATE", description = "Only copies recorded on or after this day (yyyy-mm-dd, UTC)")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Only copies recorded before the end of this day (yyyy-mm-dd, UTC)")
    String until;

    @Option(names = "--mailbox", paramLabel = "MAILBOX", description = "Only copies in this custodian mailbox")
    String mailbox;

    @Option(names = "--public-key", paramLabel = "PEM",
            description = "The ledger's public key as published to the auditor (default: <state>/ledger/ed25519-public.pem)")
    Path publicKey;

    @Option(names = "--from-manifests",
            description = "Read the ledger from the evidence manifests (IPM.NOTE.Conduit.Manifest items) in the evidence "
                    + "mailbox instead of the state folder: verification from the archive alone")
    boolean fromManifests;

    @Option(names = "--evidence-mailbox", paramLabel = "MAILBOX",
            description = "Mailbox of the evidence manifests (default: conduit.ledger.evidence-mailbox, else the catch-all mailbox)")
    String evidenceMailbox;

    @Option(names = "--evidence-folder", paramLabel = "FOLDER",
            description = "Folder of the evidence manifests (default: conduit.ledger.evidence-folder, 'Conduit Evidence')")
    String evidenceFolder;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "verify-report",
            description = "Folder for verify-report.json, verify-report.html and verify-problems.jsonl, every problem "
                    + "found, one JSON object a line (default: ${DEFAULT-VALUE})")
    Path report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant from;
        Instant to;
        try {
            from = since == null ? null : LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
            to = until == null ? null : LocalDate.parse(until).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            err.println("--since and --until are days written yyyy-mm-dd: " + e.getParsedString());
            return ExitCodes.USAGE;
        }
        ArchiveVerifier.Report r;
        Path recovered = null;
        Path problems = null;
        try (ArchiveStore store = store()) {
            Path ledgerDir;
            if (fromManifests) {
                String evidence = evidenceMailbox != null ? evidenceMailbox
                        : setting(ConduitOptions.EVIDENCE_MAILBOX, setting(ConduitOptions.CATCH_ALL_MAILBOX,
                                ConduitOptions.defaultValue(ConduitOptions.CATCH_ALL_MAILBOX)));
                String folder = evidenceFolder != null ? evidenceFolder
                        : setting(ConduitOptions.EVIDENCE_FOLDER, ConduitOptions.defaultValue(ConduitOptions.EVIDENCE_FOLDER));
                EvidenceManifests.Recovered manifests = EvidenceManifests.read(store, evidence, folder);
                if (manifests.manifests() == 0) {
                    err.println("no evidence manifest in " + HeaderValues.clean(evidence) + " / " + HeaderValues.clean(folder));
                    return ExitCodes.FAILURE;
                }
                recovered = Files.createTempDirectory("conduit-manifests");
                EvidenceManifests.writeLedgers(manifests, recovered);
                ledgerDir = recovered;
                out.printf("read %d evidence manifest(s) from %s / %s%n", manifests.manifests(),
                        HeaderValues.clean(evidence), HeaderValues.clean(folder));
                if (publicKey == null) {
                    out.println("warning: seals checked against the public key attached to the manifests; pass "
                            + "--public-key with the key published to you to prove who signed them");
                }
            } else if (Boolean.parseBoolean(setting(ConduitOptions.CLUSTER_ENABLED, "false"))) {
                // a cluster's ledger is in its database: written out as a ledger folder, then verified as one
                recovered = Files.createTempDirectory("conduit-ledger");
                Path keys = Path.of(setting(ConduitOptions.LEDGER_KEY_DIR,
                        Ledger.folder(QuarantineCommand.stateDir(options.state)).toString()));
                java.util.function.Function<String, String> property = k -> {
                    try {
                        return setting(k, null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                };
                try (com.zaxxer.hikari.HikariDataSource pool = io.conduit.cluster.ClusterNode.openPool(
                        io.conduit.cluster.ClusterSettings.from(property))) {
                    Ledger.export(pool, pem -> Files.copy(keys.resolve("ed25519-public.pem"), pem), recovered);
                }
                ledgerDir = recovered;
                out.println("read the ledger from the cluster database");
            } else {
                ledgerDir = Ledger.folder(QuarantineCommand.stateDir(options.state));
                if (!Files.isDirectory(ledgerDir)) {
                    err.println("no ledger in " + ledgerDir + " (give the state folder with --state)");
                    return ExitCodes.FAILURE;
                }
            }
            PublicKey key = publicKey == null ? null : LedgerKeys.readPublic(publicKey);
            Files.createDirectories(report);
            // written under a temporary name, in place only with the report of the same run: a run that fails
            // leaves the previous run's report and problems as they were
            problems = report.resolve(ArchiveVerifier.PROBLEMS_FILE + ".tmp");
            r = ArchiveVerifier.verify(ledgerDir, key, store, new ArchiveVerifier.Scope(connector, from, to, mailbox),
                    problems);
        } catch (Exception e) {
            if (problems != null) {
                Files.deleteIfExists(problems);
            }
            err.println("verify failed: " + HeaderValues.clean(e.getMessage()));
            return ExitCodes.FAILURE;
        } finally {
            if (recovered != null) {
                try (java.util.stream.Stream<Path> files = Files.list(recovered)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(recovered);
            }
        }
        ArchiveVerifier.write(r, report);
        Files.move(problems, report.resolve(ArchiveVerifier.PROBLEMS_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!fromManifests) {
            try {
                ArchiveVerifier.recordLast(r, Ledger.folder(QuarantineCommand.stateDir(options.state)));
            } catch (java.io.IOException e) {
                err.println("the outcome could not be kept for the status page: " + HeaderValues.clean(e.getMessage()));
            }
        }
        long findings = 0;
        for (LedgerVerifier.Result l : r.ledgers()) {
            for (LedgerVerifier.Finding f : l.findings()) {
                findings += f.fails() ? 1 : 0;
                out.printf("ledger %s line %d: %s%s: %s%n", HeaderValues.clean(l.connector()), f.line(), f.kind(),
                        f.fails() ? "" : " (warning)", HeaderValues.clean(f.detail()));
            }
            findings += l.unlistedFailing();
            if (l.unlisted() > 0) {
                out.printf("ledger %s: ... and %d more findings, not listed (%d of them failing)%n",
                        HeaderValues.clean(l.connector()), l.unlisted(), l.unlistedFailing());
            }
        }
        Map<String, Long> total = new LinkedHashMap<>();
        for (String k : new String[] {"checked", "intact_copies", "missing", "altered", "unknown"}) {
            total.put(k, 0L);
        }
        r.mailboxes().forEach((m, c) -> {
            out.printf("%s: %d checked, %d intact, %d missing, %d altered, %d unknown%n", HeaderValues.clean(m),
                    c.checked, c.intact, c.missing, c.altered, c.unknown);
            total.merge("checked", c.checked, Long::sum);
            total.merge("intact_copies", c.intact, Long::sum);
            total.merge("missing", c.missing, Long::sum);
            total.merge("altered", c.altered, Long::sum);
            total.merge("unknown", c.unknown, Long::sum);
        });
        for (ArchiveVerifier.Problem p : r.problems()) {
            out.printf("%s: %s / %s: %s%s: %s%n", p.kind(), HeaderValues.clean(p.mailbox()), HeaderValues.clean(p.folder()),
                    HeaderValues.clean(String.valueOf(p.messageId())),
                    p.connector() == null ? "" : " (ledger " + HeaderValues.clean(p.connector()) + " entry " + p.seq() + ")",
                    HeaderValues.clean(p.detail()));
        }
        if (r.unlistedProblems() > 0) {
            out.printf("... and %d more problems, not listed here: every problem is in %s%n", r.unlistedProblems(),
                    HeaderValues.clean(report.resolve(ArchiveVerifier.PROBLEMS_FILE).toString()));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("intact", r.intact());
        summary.putAll(total);
        summary.put("ledger_findings", findings);
        out.println(new ObjectMapper().writeValueAsString(summary));
        out.flush();
        return r.intact() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** A {@code conduit.*} setting as the command's options and the properties files give it, or the default. */
    private String setting(String key, String defaultValue) throws Exception {
        String override = options.overrides().get(key);
        if (override != null) {
            return override;
        }
        CamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setLocation(ConduitCamel.PROPERTY_LOCATIONS);
            return context.getPropertiesComponent().resolveProperty(key).map(String::strip).filter(v -> !v.isEmpty())
                    .orElse(defaultValue);
        } finally {
            context.close();
        }
    }

    private ArchiveStore store() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(ConduitCamel.PROPERTY_LOCATIONS);
        java.util.Properties overrides = new java.util.Properties();
        options.overrides().forEach((k, v) -> {
            if (v != null) {
                overrides.setProperty(k, v);
            }
        });
        context.getPropertiesComponent().setOverrideProperties(overrides);
        try {
            java.util.function.Function<String, String> property = key -> context.getPropertiesComponent()
                    .resolveProperty(key).map(String::strip).orElse(null);
            String uri = property.apply(ConduitOptions.STORE_URI);
            return StoreFactory.create(uri == null ? "maildir:archive" : uri, property);
        } finally {
            context.close();
        }
    }

    /** {@code conduit ledger public-key [--state DIR]}: prints the ledger's public key (PEM) for auditors. */
    @Command(name = "ledger", mixinStandardHelpOptions = true, description = "The evidence ledger.",
            subcommands = {LedgerCommand.PublicKeyCommand.class})
    public static final class LedgerCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return ExitCodes.OK;
        }

        @Command(name = "public-key", mixinStandardHelpOptions = true,
                description = "Prints the ledger's Ed25519 public key (PEM), creating the key pair on first use.")
        static final class PublicKeyCommand implements Callable<Integer> {
            @Spec
            CommandSpec spec;

            @Option(names = "--state", paramLabel = "DIR", description = "State folder (default: conduit.state.dir)")
            Path state;

            @Override
            public Integer call() throws Exception {
                LedgerKeys keys = LedgerKeys.loadOrCreate(Ledger.folder(QuarantineCommand.stateDir(state)));
                spec.commandLine().getOut().print(keys.publicKeyPem());
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
        }
    }
}

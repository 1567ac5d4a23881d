package io.conduit.source.signal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.conduit.pipeline.ExchangeProperties;
import io.conduit.state.log.ConnectorLog;
import org.apache.camel.Exchange;

/**
 * The bean behind the {@code signal-source} route template: each poll receives every account's pending envelopes
 * from a signal-cli daemon into durable spool files, and a spool file is deleted only once it has been archived.
 */
public final class SignalSource {

    /** Exchange property with the daemon's JSON-RPC endpoint, {@code http://host:port/api/v1/rpc}. */
    public static final String ENDPOINT = "ConduitSignalEndpoint";
    /** Exchange property with the comma-separated E.164 accounts to receive for. */
    public static final String ACCOUNTS = "ConduitSignalAccounts";
    /** Exchange property with the absolute path of the spool file being archived. */
    public static final String SPOOL_FILE = "ConduitSpoolFile";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignalSource.class);
    private static final String SUFFIX = ".jsonl";
    private static final String TMP_SUFFIX = ".jsonl.tmp";

    private final Path spoolRoot;
    private final ConnectorLog connectorLog;
    private final Map<String, SignalRpcClient> clients = new ConcurrentHashMap<>();

    /**
     * @param spoolRoot    the folder holding one spool folder per connector, {@code <state>/spool}
     * @param connectorLog where a failed receive is recorded as a {@code poll-failed} line
     */
    public SignalSource(Path spoolRoot, ConnectorLog connectorLog) {
        this.spoolRoot = spoolRoot;
        this.connectorLog = connectorLog;
    }

    /** The spool folder of a connector, {@code <spool root>/<connector>}. */
    public Path spoolDir(String connector) {
        return spoolRoot.resolve(connector);
    }

    /**
     * Receives each account's pending envelopes and writes each non-empty result to a spool file (forced to disk
     * before this returns). Exchange properties in: {@code ConduitConnector}, {@value #ENDPOINT}, {@value #ACCOUNTS}.
     * An account whose receive fails is recorded as a {@code poll-failed} line in the connector log (and a WARN) and
     * received again at the next poll (signal-cli hands nothing over on a failed request); the other accounts go on.
     *
     * @return every spool file of the connector, oldest first: this poll's and those an earlier poll left behind
     * @throws IOException when a spool file cannot be written or the spool folder cannot be listed
     */
    public List<File> poll(Exchange exchange) throws IOException {
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, String.class);
        Path dir = spoolDir(connector);
        recoverTemporaryFiles(dir);
        String endpoint = exchange.getProperty(ENDPOINT, String.class).strip();
        SignalRpcClient client = clients.computeIfAbsent(endpoint, e -> new SignalRpcClient(URI.create(e)));
        for (String account : exchange.getProperty(ACCOUNTS, "", String.class).split(",")) {
            String a = account.strip();
            if (a.isEmpty()) {
                continue;
            }
            List<String> lines;
            try {
                lines = client.receive(a);
            } catch (IOException e) {
                connectorLog.pollFailed(connector, "receive for account " + a + " failed: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage());
                continue;
            }
            SignalSpool.write(dir, connector, lines);
        }
        return pending(dir);
    }

    /**
     * Deletes the spool file named by {@value #SPOOL_FILE}; called once its records are all archived, duplicates or
     * quarantined.
     *
     * @throws IOException when the file exists but cannot be deleted (it is then archived again, as duplicates)
     */
    public void done(Exchange exchange) throws IOException {
        String file = exchange.getProperty(SPOOL_FILE, String.class);
        if (file != null) {
            Files.deleteIfExists(Path.of(file));
        }
    }

    /** The connector's spool files, oldest first (by modification time, then name); none when the folder is absent. */
    static List<File> pending(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)).forEach(files::add);
        }
        Map<Path, Long> modified = new java.util.HashMap<>();
        for (Path p : files) {
            modified.put(p, Files.getLastModifiedTime(p).toMillis());
        }
        files.sort(Comparator.comparing((Path p) -> modified.get(p)).thenComparing(p -> p.getFileName().toString()));
        return files.stream().map(Path::toFile).toList();
    }

    /**
     * A poll that stopped while writing its spool file leaves a {@code .jsonl.tmp}: its envelopes were already
     * handed over, so a non-empty one is renamed into place (a cut last line is then quarantined as a rejected
     * record) and an empty one deleted.
     */
    private static void recoverTemporaryFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> tmps;
        try (Stream<Path> s = Files.list(dir)) {
            tmps = s.filter(p -> p.getFileName().toString().endsWith(TMP_SUFFIX)).toList();
        }
        for (Path tmp : tmps) {
            if (Files.size(tmp) == 0) {
                Files.delete(tmp);
            } else {
                String name = tmp.getFileName().toString();
                Path target = dir.resolve(name.substring(0, name.length() - TMP_SUFFIX.length()) + "-recovered" + SUFFIX);
                LOG.warn("{}: recovering spool file {} left by a poll that stopped while writing it", dir, name);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}

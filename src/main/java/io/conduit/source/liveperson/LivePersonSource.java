package io.conduit.source.liveperson;

import io.conduit.source.liveperson.api.LivePersonClientOptions;
import io.conduit.source.liveperson.api.LivePersonClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.conduit.pipeline.ExchangeProperties;
import io.conduit.state.checkpoint.CheckpointStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind the {@code liveperson-source} route template: each poll spools the conversations/search pages of its
 * window to files for {@code export-input}, and {@link #complete(Exchange)} then saves the checkpoint (partition
 * {@value #PARTITION}).
 *
 * <p>Checkpoint: {@code {since: epoch ms (the previous poll's end), open: ids of conversations still open,
 * openFrom: epoch ms, the oldest open conversation's start}}. The search body's documented filters that were
 * verifiable here are time ranges only, so open conversations are re-fetched by widening the window's start to
 * {@code openFrom}, capped at {@link #MAX_REACH} before now; an open conversation older than that is dropped from the
 * checkpoint with a warning (its later messages are not fetched).
 */
public final class LivePersonSource implements HostedFileFetchers {

    /** The checkpoint partition of a LivePerson connector. */
    public static final String PARTITION = "conversations";
    /** How far back a window may reach to re-fetch open conversations: the API's three-month limit. */
    public static final Duration MAX_REACH = LivePersonClientOptions.MAX_WINDOW;

    private static final Logger LOG = LoggerFactory.getLogger(LivePersonSource.class);
    private static final String NEXT = "LivePersonNextCheckpoint";
    private static final String SPOOLED = "LivePersonSpool";

    private final CheckpointStore checkpoints;
    private final Path spoolRoot;
    private final Clock clock;
    private final java.util.function.Supplier<HttpClient> newHttp;
    private HttpClient http;
    private final Map<String, LivePersonClient> clients = new ConcurrentHashMap<>();
    private final Map<String, LivePersonConnectorSettings> clientSettings = new ConcurrentHashMap<>();
    private final Map<String, HostedFileFetcher> hostedFiles = new ConcurrentHashMap<>();

    /**
     * @param checkpoints where the connector's checkpoint is kept
     * @param stateDir    the state folder; pages are spooled under {@code <stateDir>/spool/<connector>/}
     * @param clock       decides the poll's window
     * @param http        the HTTP client of every connector
     */
    public LivePersonSource(CheckpointStore checkpoints, Path stateDir, Clock clock, HttpClient http) {
        this(checkpoints, stateDir, clock, () -> http);
    }

    /**
     * As {@link #LivePersonSource(CheckpointStore, Path, Clock, HttpClient)}, the HTTP client made by {@code http} at
     * the first poll (a process that never polls LivePerson, such as an import of another source, makes none).
     */
    public LivePersonSource(CheckpointStore checkpoints, Path stateDir, Clock clock,
                            java.util.function.Supplier<HttpClient> http) {
        this.checkpoints = checkpoints;
        this.spoolRoot = stateDir.resolve("spool");
        this.clock = clock;
        this.newHttp = http;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = newHttp.get();
        }
        return http;
    }

    /**
     * Searches the poll's window and spools each page. Exchange properties in: {@code ConduitConnector} and the
     * {@code LivePerson*} settings ({@link LivePersonConnectorSettings#from(Exchange)}). Window: from
     * {@code since - overlap} (first poll: {@code now - lookback}), widened to {@code openFrom} (at most
     * {@link #MAX_REACH} back), to now.
     *
     * @return the spooled pages, in order, each a conversations/search response file
     * @throws IOException when a page cannot be fetched or spooled (the checkpoint stays; the next poll repeats)
     */
    public List<File> poll(Exchange exchange) throws IOException {
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, String.class);
        LivePersonConnectorSettings settings = LivePersonConnectorSettings.from(exchange);
        Map<String, String> checkpoint = checkpoints.load(connector, PARTITION).orElse(Map.of());
        long to = clock.millis();
        long from = windowStart(checkpoint, settings, to, connector);

        Path spool = spoolRoot.resolve(connector);
        clear(spool);
        Files.createDirectories(spool);
        List<File> pages = new ArrayList<>();
        OpenConversations open = new OpenConversations();
        client(connector, settings).search(from, to, in -> pages.add(spoolPage(in, spool, pages.size(), open)));

        Map<String, String> next = new LinkedHashMap<>();
        next.put("since", Long.toString(to));
        next.put("open", open.ids());
        OptionalLong oldest = open.oldestStart();
        if (oldest.isPresent()) {
            next.put("openFrom", Long.toString(oldest.getAsLong()));
        }
        for (String id : checkpoint.getOrDefault("open", "").split(",")) {
            if (!id.isBlank() && !open.contains(id) && from <= to - MAX_REACH.toMillis()) {
                LOG.warn("LivePerson connector {}: conversation {} is still open after {} days; it is no longer "
                        + "polled", connector, id, MAX_REACH.toDays());
            }
        }
        exchange.setProperty(NEXT, next);
        exchange.setProperty(SPOOLED, spool);
        LOG.debug("LivePerson connector {}: {} page(s) for [{}, {}]", connector, pages.size(), from, to);
        return pages;
    }

    /** Saves the poll's checkpoint and deletes its spooled pages; called once the split over them is done. */
    @SuppressWarnings("unchecked")
    public void complete(Exchange exchange) throws IOException {
        Map<String, String> next = exchange.getProperty(NEXT, Map.class);
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, String.class);
        if (next != null) {
            checkpoints.save(connector, PARTITION, next);
        }
        Path spool = exchange.getProperty(SPOOLED, Path.class);
        if (spool != null) {
            clear(spool);
        }
    }

    private long windowStart(Map<String, String> checkpoint, LivePersonConnectorSettings settings, long now,
            String connector) {
        String since = checkpoint.get("since");
        long from = since == null ? now - settings.lookback().toMillis()
                : Long.parseLong(since) - settings.overlap().toMillis();
        String openFrom = checkpoint.get("openFrom");
        if (openFrom != null && !openFrom.isBlank()) {
            from = Math.min(from, Long.parseLong(openFrom));
        }
        long floor = now - MAX_REACH.toMillis();
        if (from < floor && since != null) {
            LOG.warn("LivePerson connector {}: window start capped at {} days back", connector, MAX_REACH.toDays());
            from = floor;
        }
        return Math.min(from, now);
    }

    private static File spoolPage(InputStream in, Path spool, int index, OpenConversations open)
            throws IOException {
        Path tmp = Files.createTempFile(spool, ".page-", ".tmp");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            open.scan(tmp);
            Path page = spool.resolve(String.format("conversations-%05d.json", index));
            Files.move(tmp, page, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return page.toFile();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the pages (and temporary files) of an earlier poll of this connector. */
    private static void clear(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (Stream<Path> files = Files.list(spool)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private LivePersonClient client(String connector, LivePersonConnectorSettings settings) {
        if (!settings.equals(clientSettings.get(connector))) {
            clients.put(connector, settings.client(http()));
            HostedFileFetcher files = settings.hostedFiles(http());
            if (files == null) {
                hostedFiles.remove(connector);
            } else {
                hostedFiles.put(connector, files);
            }
            clientSettings.put(connector, settings);
        }
        return clients.get(connector);
    }

    /**
     * The hosted-file downloader of a connector, set by its first poll when {@code agent-login-name} is configured.
     *
     * @return the downloader, or {@code null} (then hosted files are noted as not archived)
     */
    @Override
    public HostedFileFetcher hostedFiles(String connector) {
        return connector == null ? null : hostedFiles.get(connector);
    }

    @Override
    public String toString() {
        return "LivePersonSource" + Arrays.toString(clients.keySet().toArray());
    }
}

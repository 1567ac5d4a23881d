package io.conduit.pipeline;

import io.conduit.model.Text;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.conduit.mime.ArchiveItemToMime;
import io.conduit.mime.ConversationThread;
import io.conduit.model.ArchiveItem;
import io.conduit.source.ExportReaders;
import io.conduit.state.ConnectorRun;
import io.conduit.state.transcript.TranscriptStore;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcript archiving ({@code transcripts = daily}): instead of one email per message, one email per conversation per
 * day holding that day's messages in order with their attachments; a day that gets more items later is re-issued as
 * a new version that supersedes the old one (never an edit in place).
 *
 * <p>Exactly once and accounting: an item that passed the idempotent consumer and validation is kept durably in the
 * {@link TranscriptStore} ({@link #stage}); its idempotency key is recorded when its exchange completes, as for any
 * item. When the input ends ({@link #flush}), every pending day of the connector is issued: its transcript goes
 * through the shared pipeline ({@code direct:archive}, with a lookup by {@code Message-ID} before each copy) and the
 * day's items read by this run count as archived (the transcript's copies counted once) or, when the transcript is
 * quarantined, as quarantined. Days a crashed run left pending are issued on the next start ({@link #recover}) or by
 * the connector's next run; their items were counted by no finished run. A re-run is all duplicates and issues
 * nothing.
 */
public final class TranscriptArchiver {

    /** Exchange property with the connector's transcript option: {@value #DAILY} or {@value #OFF}. */
    public static final String PROPERTY = "ConduitTranscripts";
    /** One email per conversation per day. */
    public static final String DAILY = "daily";
    /** One email per message (the default). */
    public static final String OFF = "off";
    /** Status of an issued version whose transcript was stored (or found stored). */
    static final String ARCHIVED = "archived";
    /** Status of an issued version whose transcript went to quarantine. */
    static final String QUARANTINED = "quarantined";

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptArchiver.class);

    private final TranscriptStore store;
    private final CamelContext context;
    private final Map<ConnectorRun, Map<TranscriptStore.Day, Integer>> runs =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private ProducerTemplate producer;

    public TranscriptArchiver(TranscriptStore store, CamelContext context) {
        this.store = store;
        this.context = context;
    }

    /**
     * Whether an option value asks for transcripts.
     *
     * @throws IllegalArgumentException "transcripts 'weekly' is not daily or off"
     */
    public static boolean enabled(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals(OFF)) {
            return false;
        }
        if (v.equals(DAILY)) {
            return true;
        }
        throw new IllegalArgumentException("transcripts '" + value + "' is not " + DAILY + " or " + OFF);
    }

    /** True when the exchange's connector archives transcripts and its body is an item (not itself a transcript). */
    public boolean applies(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof ArchiveItem item && !TranscriptBuilder.EVENT.equals(item.event())
                && enabled(exchange.getProperty(PROPERTY, String.class));
    }

    /**
     * Keeps a validated item for its day's transcript (durable before returning); counted when the day is issued at
     * the end of the input.
     */
    public void stage(@Body ArchiveItem item, @ExchangeProperty(ExchangeProperties.RUN) ConnectorRun run,
                      @ExchangeProperty(ExchangeProperties.FOLDER) String folder) {
        TranscriptStore.Day day = new TranscriptStore.Day(item.connectorId(), item.conversationId(),
                ConversationThread.day(item));
        store.stage(day, folder, item);
        runs.computeIfAbsent(run, r -> Collections.synchronizedMap(new LinkedHashMap<>())).merge(day, 1, Integer::sum);
    }

    /**
     * Issues every pending day of the run's connector at the end of an input, and counts the run's kept items. Never
     * throws: when the state cannot be read, the run's kept items stay uncounted (the run does not balance, its days stay
     * pending for the next run or start).
     */
    public void flush(Exchange exchange) {
        ConnectorRun run = exchange.getProperty(ExchangeProperties.RUN, ConnectorRun.class);
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, String.class);
        Map<TranscriptStore.Day, Integer> mine = run == null ? null : runs.remove(run);
        if (mine == null && !enabled(exchange.getProperty(PROPERTY, String.class))) {
            return;
        }
        try {
            Set<TranscriptStore.Day> days = new LinkedHashSet<>(mine == null ? Set.of() : mine.keySet());
            store.pending().stream().filter(d -> d.connectorId().equals(connector)).forEach(days::add);
            for (TranscriptStore.Day day : days) {
                issue(day, mine == null ? 0 : mine.getOrDefault(day, 0), run);
            }
        } catch (RuntimeException e) {
            LOG.error("Transcripts of connector {} could not be issued ({}): the items it kept stay in the transcript "
                    + "state and are issued by its next run or the next start", Text.clean(connector),
                    Text.clean(e.getMessage()), e);
        }
    }

    /**
     * Issues every pending day of every connector (those a run that stopped abruptly left), on start.
     *
     * @return the number of days issued
     */
    public int recover() {
        List<TranscriptStore.Day> pending = store.pending();
        for (TranscriptStore.Day day : pending) {
            issue(day, 0, null);
        }
        if (!pending.isEmpty()) {
            LOG.warn("{} transcript day(s) left pending by an earlier run were issued", pending.size());
        }
        return pending.size();
    }

    /** Issues one day's next transcript when it is pending; counts {@code counted} items of {@code run}. */
    private synchronized void issue(TranscriptStore.Day day, int counted, ConnectorRun run) {
        List<ArchiveItem> items = store.items(day);
        Optional<TranscriptStore.Issued> last = store.lastIssued(day);
        if (items.size() <= last.map(TranscriptStore.Issued::items).orElse(0)) {
            // every item is in an issued version already (issued on start after a crash, before this run read it again)
            boolean archived = last.map(v -> ARCHIVED.equals(v.status())).orElse(false);
            for (int i = 0; i < counted && run != null; i++) {
                if (archived) {
                    run.itemArchived(0, false, null);
                } else {
                    run.itemQuarantined();
                }
            }
            return;
        }
        int version = last.map(v -> v.version() + 1).orElse(1);
        ArchiveItem transcript = TranscriptBuilder.build(day.date(), items, version,
                last.map(TranscriptStore.Issued::messageId).orElse(null));
        ConnectorRun scratch = new ConnectorRun(day.connectorId(), "transcript " + transcript.itemId());
        String folder = store.folder(day);
        Exchange result = producer().send(QuarantineHandler.ARCHIVE_URI, e -> {
            e.getMessage().setBody(transcript);
            e.setProperty(ExchangeProperties.RUN, scratch);
            e.setProperty(ExchangeProperties.CONNECTOR, day.connectorId());
            e.setProperty(ExchangeProperties.FOLDER, folder);
            e.setProperty(ExchangeProperties.RECOVERING, Boolean.TRUE);
            if (transcript.zone() != null) {
                e.setProperty(ExportReaders.ZONE, transcript.zone().getId());
            }
        });
        boolean stored = result.getException() == null && scratch.archived() + scratch.duplicates() == 1;
        store.issued(day, new TranscriptStore.Issued(version, ArchiveItemToMime.messageId(transcript), items.size(),
                stored ? ARCHIVED : QUARANTINED));
        LOG.info("Transcript version {} of {} on {} ({} items): {}", version, Text.clean(day.conversationId()),
                day.date(), items.size(), stored ? scratch.copies() + " copies" : "quarantined");
        for (int i = 0; i < counted && run != null; i++) {
            if (stored) {
                run.itemArchived(i == 0 ? (int) scratch.copies() : 0, scratch.catchAll() > 0, transcript.timestamp());
            } else {
                run.itemQuarantined();
            }
        }
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }
}

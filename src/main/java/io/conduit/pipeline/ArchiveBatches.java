package io.conduit.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import io.conduit.mapping.MailboxResolver;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.model.ArchiveItem;
import io.conduit.model.Text;
import io.conduit.state.ConnectorRun;
import io.conduit.state.idempotency.JdbcIdempotentRepository;
import io.conduit.state.journal.IntentJournal;
import io.conduit.state.log.ConnectorLog;
import io.conduit.store.ArchiveStore;
import io.conduit.store.StoreException;
import io.conduit.store.StoredCopy;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives the records of a file input in batches ({@code conduit.store.batch-size} records): the group commit of
 * issue 14. Per batch, the items that go through without anything unusual are validated, routed and built as the
 * shared pipeline does; their keys go into the intent journal in one write; each mailbox folder gets its copies in one
 * {@link ArchiveStore#appendAll} (IMAP {@code MULTIAPPEND}, Maildir one folder sync), the mailboxes at once; and only
 * then are they recorded archived (connector log and ledger, run counts, then the idempotency keys in one
 * transaction). The order "every copy stored, then recorded archived" is the per-item pipeline's. A batch is recorded
 * while the next one is built and stored (one batch in flight per input), and the input's checkpoint counts a batch
 * only once it is recorded.
 *
 * <p>An item with attachments is not batched: it is archived alone as soon as it is read, as without batching,
 * because a reader may keep an attachment's content only until it reads on (an SMS backup's MMS parts are temporary
 * files).
 *
 * <p>Everything else takes the per-item pipeline ({@code direct:archive}), unchanged, with its dead letter channel,
 * redeliveries and quarantine: rejected records, unread rests, items whose validation, routing or building fails,
 * items over the maximum size, items an earlier run may have half-stored,
 * a key seen twice in one batch, and every item of a batch whose store failed for one of its mailboxes (looked up by
 * {@code Message-ID} there, so a copy the failed command did store is found, not doubled). Those items are stored
 * after the batch's others, so a mailbox gets them out of order.
 */
public final class ArchiveBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveBatches.class);

    /** A batch closes once its items' bodies and attachments reach this many bytes (memory bound). */
    public static final long BATCH_BYTES = 8L * 1024 * 1024;

    /** The records of one batch, in input order: the split's body when batching is on. */
    public static final class Batch {
        private final List<Object> records;

        Batch(List<Object> records) {
            this.records = records;
        }

        public List<Object> records() {
            return records;
        }

        public int size() {
            return records.size();
        }
    }

    private final ArchivePipeline pipeline;
    private final ArchiveStore store;
    private final IntentJournal pending;
    private final ConnectorLog connectorLog;
    private final IdempotentRepository archived;
    private final String catchAllFolder;
    private final int batchSize;
    private final ExecutorService mailboxThreads;
    private volatile ProducerTemplate producer;

    /**
     * @param batchSize most records in one batch; 1 turns batching off (every record takes the per-item pipeline)
     * @param parallelMailboxes most mailboxes whose copies are stored at once (1: one after another)
     */
    public ArchiveBatches(ArchivePipeline pipeline, ArchiveStore store, IntentJournal pending, ConnectorLog connectorLog,
                          IdempotentRepository archived, String catchAllFolder, int batchSize,
                          int parallelMailboxes) {
        this.pipeline = pipeline;
        this.store = store;
        this.pending = pending;
        this.connectorLog = connectorLog;
        this.archived = archived;
        this.catchAllFolder = catchAllFolder;
        this.batchSize = batchSize;
        this.mailboxThreads = ArchivePipeline.copyThreads(parallelMailboxes);
    }

    /**
     * Groups the input's records into {@link Batch}es when batching is on and the connector keeps no transcripts (a
     * transcript connector stages its items one by one). Body in: the records iterator; out: an iterator of batches,
     * or the records unchanged. Also gives the input its {@link InFlight} (property {@value #IN_FLIGHT}).
     */
    public void group(Exchange exchange) {
        exchange.setProperty(IN_FLIGHT, new InFlight());
        Object body = exchange.getMessage().getBody();
        if (batchSize <= 1 || !(body instanceof Iterator<?> records)
                || TranscriptArchiver.enabled(exchange.getProperty(TranscriptArchiver.PROPERTY, String.class))) {
            return;
        }
        exchange.getMessage().setBody(new Iterator<Object>() {
            /** A record with attachments read while a batch was filling: the next element, alone. */
            private Object alone;

            @Override
            public boolean hasNext() {
                return alone != null || records.hasNext();
            }

            @Override
            public Object next() {
                if (alone != null) {
                    Object record = alone;
                    alone = null;
                    return record;
                }
                if (!records.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Object> batch = new ArrayList<>(batchSize);
                long bytes = 0;
                while (records.hasNext() && batch.size() < batchSize && bytes < BATCH_BYTES) {
                    Object record = records.next();
                    if (record instanceof ArchiveItem item && !item.attachments().isEmpty()) {
                        // an attachment's content may live only until the reader moves on (a temporary file of an
                        // SMS backup's MMS part): the item is archived alone, before anything more is read
                        if (batch.isEmpty()) {
                            return record;
                        }
                        alone = record;
                        break;
                    }
                    batch.add(record);
                    bytes += record instanceof ArchiveItem item ? bytes(item) : 0;
                }
                return new Batch(batch);
            }
        });
    }

    /** True for a batch (the split's element when batching is on), for the route's choice. */
    public static boolean isBatch(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof Batch;
    }

    /** One item ready to store: its key, routing, email and the folder its copies go to. */
    private static final class Ready {
        private final Object record;
        private final ArchiveItem item;
        private final String key;
        private final MailboxResolver.Routing routing;
        private final MimeMessage message;
        private final String folder;
        /** Recorded archived (or as a duplicate): no longer the per-item pipeline's. */
        private boolean recorded;

        Ready(Object record, ArchiveItem item, String key, MailboxResolver.Routing routing, MimeMessage message,
              String folder) {
            this.record = record;
            this.item = item;
            this.key = key;
            this.routing = routing;
            this.message = message;
            this.folder = folder;
        }

        Object record() {
            return record;
        }

        ArchiveItem item() {
            return item;
        }

        String key() {
            return key;
        }

        MailboxResolver.Routing routing() {
            return routing;
        }

        MimeMessage message() {
            return message;
        }

        String folder() {
            return folder;
        }
    }

    /**
     * The batches of one input that are read but not yet recorded, and the records accounted for since the input's
     * checkpoint last counted. One per input: {@link #group} puts it into an exchange property, which the split's
     * exchanges share.
     */
    static final class InFlight {
        /** The batch whose copies are being stored while the next one is built; recorded by the next step. */
        private Stage stage;
        /** Records archived, skipped or quarantined since {@link #accounted} last took them. */
        private int accounted;
    }

    /** Exchange property of the input's {@link InFlight}. */
    public static final String IN_FLIGHT = "ConduitBatchesInFlight";

    /** One batch handed to the store: its items, the records the per-item pipeline takes, and the writes under way. */
    private static final class Stage {
        private final int size;
        private final ConnectorRun run;
        private final List<Ready> ready;
        private final List<Object> alone = new ArrayList<>();
        /** The keys of this batch's items (not of the batches before: a long input's keys never pile up). */
        private final Set<String> keys = new HashSet<>();
        private final Writes writes;
        /** Why the batch cannot be recorded as one (its journal write failed, or its record): each item goes alone. */
        private Exception failure;

        Stage(int size, ConnectorRun run, Writes writes) {
            this.size = size;
            this.run = run;
            this.ready = new ArrayList<>(size);
            this.writes = writes;
        }
    }

    /**
     * Archives one batch (the split's body). Its items are built and handed to the store, then the batch before it is
     * recorded (its copies were being stored meanwhile), so that building, storing and recording overlap; this batch is
     * recorded by the next batch, the next record that goes alone ({@link #single}) or the end of the input
     * ({@link #flush}). Every record ends archived, duplicate or quarantined, as through the per-item pipeline, and is
     * counted for the input's checkpoint ({@link #accounted}) only then.
     */
    public void archive(Exchange exchange) throws Exception {
        Batch batch = exchange.getMessage().getBody(Batch.class);
        InFlight inFlight = exchange.getProperty(IN_FLIGHT, InFlight.class);
        Stage previous = inFlight == null ? null : inFlight.stage;
        Stage stage = start(batch, exchange, previous);
        if (inFlight == null) {
            finish(exchange, stage);
            return;
        }
        inFlight.stage = stage;
        if (previous != null) {
            finishCounted(exchange, inFlight, previous);
        }
    }

    /**
     * Before a record that goes through the per-item pipeline on its own (one with attachments, or every record when
     * batching is off): records the batch in flight first, so the input's records are accounted for in order.
     */
    public void single(Exchange exchange) throws Exception {
        InFlight inFlight = exchange.getProperty(IN_FLIGHT, InFlight.class);
        if (inFlight != null) {
            flush(exchange);
            inFlight.accounted++; // this record: archived or quarantined by the step that follows
        }
    }

    /** Records the batch in flight, if any: at the end of the input (also when reading it failed). */
    public void flush(Exchange exchange) throws Exception {
        InFlight inFlight = exchange.getProperty(IN_FLIGHT, InFlight.class);
        if (inFlight != null && inFlight.stage != null) {
            Stage stage = inFlight.stage;
            inFlight.stage = null;
            finishCounted(exchange, inFlight, stage);
        }
    }

    /** Records a batch no longer in flight, then counts its records for the input's checkpoint. */
    private void finishCounted(Exchange exchange, InFlight inFlight, Stage stage) throws Exception {
        finish(exchange, stage);
        inFlight.accounted += stage.size;
    }

    /**
     * The number of the input's records accounted for (archived, duplicate or quarantined) since the last call, for
     * the input's checkpoint: taken from the input's {@link InFlight}, or without one the split's element (a batch or
     * one record).
     */
    public static int accounted(Exchange exchange) {
        InFlight inFlight = exchange.getProperty(IN_FLIGHT, InFlight.class);
        if (inFlight == null) {
            return exchange.getMessage().getBody() instanceof Batch batch ? batch.size() : 1;
        }
        int records = inFlight.accounted;
        inFlight.accounted = 0;
        return records;
    }

    /**
     * Builds the batch's items and hands them to the store, each mailbox's writes after the batch before it in that
     * mailbox. Nothing is recorded yet.
     */
    private Stage start(Batch batch, Exchange exchange, Stage previous) {
        ConnectorRun run = exchange.getProperty(ExchangeProperties.RUN, ConnectorRun.class);
        String zone = exchange.getProperty(io.conduit.source.ExportReaders.ZONE, String.class);
        String folder = exchange.getProperty(ExchangeProperties.FOLDER, String.class);
        Stage stage = new Stage(batch.size(), run, new Writes(previous == null ? null : previous.writes));
        // a key of the batch in flight: taken alone after that batch is recorded (then found a duplicate)
        Set<String> inFlight = previous == null ? Set.of() : previous.keys;
        List<Object> records = batch.records();
        int next = 0;
        try {
            Keyed[] keyed = keyed(records, zone);
            Lookup archivedKeys = archivedAmong(keyed);
            while (next < records.size()) {
                Object record = records.get(next);
                Ready r = prepare(record, keyed[next++], run, folder, stage.keys, inFlight, archivedKeys);
                if (r == null) {
                    stage.alone.add(record);
                } else if (r.message() != null) {
                    stage.ready.add(r);
                    if (stage.ready.size() - stage.writes.submitted >= PART) {
                        stage.writes.submit(stage.ready); // stored while the next items are built
                    }
                }
            }
            stage.writes.submit(stage.ready);
        } catch (RuntimeException e) {
            stage.failure = e; // the intent journal could not be written
            // the records not yet prepared go alone, like the batch's items: none is left out of the count
            stage.alone.addAll(records.subList(next, records.size()));
        }
        return stage;
    }

    /**
     * Records the batch once its writes are done, then sends the records it could not take through the per-item
     * pipeline.
     */
    private void finish(Exchange exchange, Stage stage) throws Exception {
        List<Object> recovering = null;
        if (stage.failure == null) {
            try {
                recovering = record(stage.ready, stage.writes, stage.run);
            } catch (RuntimeException | jakarta.mail.MessagingException e) {
                stage.failure = e;
            }
        }
        if (stage.failure != null) {
            stage.writes.awaitAll(); // no write of this batch may still be under way when its items go on alone
            // the journal, the log or the keys could not be written: every item not yet recorded takes the per-item
            // pipeline, looked up by Message-ID first, and meets the same failure there with its redeliveries
            LOG.warn("Batch of {} item(s) of connector {} could not be recorded ({}): each is archived alone",
                    stage.ready.size(), Text.clean(stage.run.connectorId()), Text.clean(stage.failure.getMessage()));
            recovering = new ArrayList<>();
            for (Ready r : stage.ready) {
                if (!r.recorded) {
                    recovering.add(r.record());
                }
            }
        }
        for (Object record : stage.alone) {
            perItem(exchange, record, false);
        }
        for (Object record : recovering) {
            perItem(exchange, record, true);
        }
    }

    /** A batchable record's item in the input's zone, and its idempotency key. */
    private record Keyed(ArchiveItem item, String key) {
    }

    /**
     * Each record's item and key, or null for a record the per-item pipeline takes: not an item, an item with
     * attachments, or one whose key cannot be made (the per-item pipeline meets the same failure and quarantines it).
     */
    private Keyed[] keyed(List<Object> records, String zone) {
        Keyed[] keyed = new Keyed[records.size()];
        for (int i = 0; i < keyed.length; i++) {
            if (records.get(i) instanceof ArchiveItem original && original.attachments().isEmpty()) {
                try {
                    ArchiveItem item = pipeline.inZone(original, zone);
                    keyed[i] = new Keyed(item, pipeline.idempotencyKey(item));
                } catch (RuntimeException | LinkageError e) {
                    LOG.debug("Record {} takes the per-item pipeline: {}", Text.clean(String.valueOf(records.get(i))),
                            e.toString());
                }
            }
        }
        return keyed;
    }

    /**
     * Which keys of a batch are archived already: looked up before its items are prepared, and nothing is recorded
     * between the lookup and those checks (a key of the batch in flight is in that batch's {@code keys}).
     */
    private record Lookup(Set<String> found, Map<String, RuntimeException> failed) {

        /** @throws RuntimeException the lookup's failure for this key: the record goes alone, as on any failure */
        boolean archived(String key) {
            RuntimeException failure = failed.get(key);
            if (failure != null) {
                throw failure;
            }
            return found.contains(key);
        }
    }

    /**
     * Looks the keys of {@code keyed} up, in one query a batch where the repository can
     * ({@link JdbcIdempotentRepository#containing}), else (or when that query fails) key by key, so that a key whose
     * lookup fails sends only its own record alone.
     */
    private Lookup archivedAmong(Keyed[] keyed) {
        List<String> keys = new ArrayList<>(keyed.length);
        for (Keyed k : keyed) {
            if (k != null) {
                keys.add(k.key());
            }
        }
        if (archived instanceof JdbcIdempotentRepository jdbc) {
            try {
                return new Lookup(jdbc.containing(keys), Map.of());
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("Keys of a batch looked up one by one: {}", e.toString());
            }
        }
        Set<String> found = new HashSet<>();
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        for (String key : keys) {
            try {
                if (archived.contains(key)) {
                    found.add(key);
                }
            } catch (RuntimeException e) {
                failed.put(key, e);
            } catch (LinkageError e) { // a driver that cannot load: this record goes alone, and meets it there
                failed.put(key, new IllegalStateException("cannot look key up: " + e, e));
            }
        }
        return new Lookup(found, failed);
    }

    /**
     * The item ready to store, a {@code Ready} without message for a duplicate (recorded here), or null for a record
     * the per-item pipeline takes.
     */
    private Ready prepare(Object record, Keyed keyed, ConnectorRun run, String folder, Set<String> keys,
                          Set<String> inFlight, Lookup archivedKeys) {
        if (keyed == null) {
            return null; // not an item, one with attachments, or its key could not be made: the per-item pipeline's
        }
        String key = keyed.key();
        try {
            ArchiveItem item = keyed.item();
            if (keys.contains(key) || inFlight.contains(key) || pending.wasPending(key)) {
                return null; // a second record of one item in a batch; an item an earlier run may have half-stored
            }
            if (archivedKeys.archived(key)) {
                run.itemRead();
                pipeline.duplicate(item, run);
                return new Ready(record, item, key, null, null, null);
            }
            MailboxResolver.Routing routing = pipeline.route(item, run);
            ArchiveItemToMime.Built built = pipeline.build(item, routing);
            if (built == null || !built.omitted().isEmpty()) {
                keys.add(key); // a later record of the item waits for this one (alone) to be archived
                return null; // over the maximum size: the per-item pipeline leaves attachments out and counts it
            }
            if (built.message() instanceof io.conduit.mime.HashedMimeMessage hashed
                    && routing.mailboxes().size() > 1) {
                hashed.freeze(); // encoded and hashed once for all its copies
            }
            keys.add(key);
            return new Ready(record, item, key, routing, built.message(),
                    routing.catchAll() ? catchAllFolder : folder);
        } catch (Exception | LinkageError e) {
            // archived alone once its batch is recorded: a later record of the item (in this batch or the next,
            // prepared before then) must take the per-item pipeline after it, not be stored beside it
            keys.add(key);
            // the per-item pipeline meets the same failure and quarantines the record with its reason
            LOG.debug("Record {} takes the per-item pipeline: {}", Text.clean(String.valueOf(record)), e.toString());
            return null;
        }
    }

    /** Items of a batch whose copies are handed to the store together, while the batch's next items are built. */
    static final int PART = 25;

    /**
     * The batch's writes: each part's keys go into the intent journal, then its copies to each mailbox folder, after
     * that folder's earlier parts (a mailbox gets its copies in item order), different folders at once.
     */
    private final class Writes {
        /** Items of the batch handed to the store so far. */
        private int submitted;
        /** Per part: mailbox folder to the items' indices (in the batch) and the write's outcome. */
        private final List<Map<List<String>, Map.Entry<List<Integer>, java.util.concurrent.CompletableFuture<Object>>>> parts =
                new ArrayList<>();
        private final Map<List<String>, java.util.concurrent.CompletableFuture<Object>> last = new java.util.HashMap<>();

        /** @param before the writes of the batch before, which each mailbox's writes of this one follow (or null) */
        Writes(Writes before) {
            if (before != null) {
                // only the writes still under way: a long input's finished writes are not kept batch after batch
                before.last.forEach((folder, write) -> {
                    if (!write.isDone()) {
                        last.put(folder, write);
                    }
                });
            }
        }

        void submit(List<Ready> ready) {
            if (submitted == ready.size()) {
                return;
            }
            List<Ready> part = ready.subList(submitted, ready.size());
            List<String> partKeys = new ArrayList<>(part.size());
            part.forEach(r -> partKeys.add(r.key()));
            pending.beginAll(partKeys);
            Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = submitted; i < ready.size(); i++) {
                for (String mailbox : ready.get(i).routing().mailboxes()) {
                    groups.computeIfAbsent(List.of(mailbox, ready.get(i).folder()), k -> new ArrayList<>()).add(i);
                }
            }
            Map<List<String>, Map.Entry<List<Integer>, java.util.concurrent.CompletableFuture<Object>>> writes =
                    new LinkedHashMap<>();
            for (Map.Entry<List<String>, List<Integer>> group : groups.entrySet()) {
                List<MimeMessage> messages = new ArrayList<>(group.getValue().size());
                group.getValue().forEach(i -> messages.add(ready.get(i).message()));
                java.util.function.Supplier<Object> write = () -> {
                    try {
                        return store.appendAll(group.getKey().get(0), group.getKey().get(1), messages);
                    } catch (StoreException | RuntimeException e) {
                        return e;
                    }
                };
                java.util.concurrent.CompletableFuture<Object> before = last.get(group.getKey());
                java.util.concurrent.CompletableFuture<Object> future;
                if (mailboxThreads == null) {
                    future = java.util.concurrent.CompletableFuture.completedFuture(write.get());
                } else if (before == null) {
                    future = java.util.concurrent.CompletableFuture.supplyAsync(write, mailboxThreads);
                } else {
                    future = before.thenApplyAsync(previous -> write.get(), mailboxThreads);
                }
                last.put(group.getKey(), future);
                writes.put(group.getKey(), Map.entry(group.getValue(), future));
            }
            parts.add(writes);
            submitted = ready.size();
        }

        /** Waits for every write handed over (whatever happened to the others). */
        void awaitAll() {
            last.values().forEach(ArchivePipeline::outcome);
        }
    }

    /**
     * Waits for the batch's writes, then records each item whose copies all landed as archived, in item order, then
     * the keys.
     *
     * @return the records whose store failed in some mailbox, for the per-item pipeline with a lookup first
     */
    private List<Object> record(List<Ready> ready, Writes writes, ConnectorRun run) throws jakarta.mail.MessagingException {
        writes.awaitAll();
        Map<Integer, List<StoredCopy>> copies = new LinkedHashMap<>();
        Set<Integer> failed = new java.util.TreeSet<>();
        for (Map<List<String>, Map.Entry<List<Integer>, java.util.concurrent.CompletableFuture<Object>>> part : writes.parts) {
            for (Map.Entry<List<String>, Map.Entry<List<Integer>, java.util.concurrent.CompletableFuture<Object>>> group
                    : part.entrySet()) {
                List<Integer> items = group.getValue().getKey();
                Object outcome = group.getValue().getValue().getNow(null);
                if (outcome instanceof List<?> stored) {
                    for (int j = 0; j < stored.size(); j++) {
                        copies.computeIfAbsent(items.get(j), k -> new ArrayList<>()).add((StoredCopy) stored.get(j));
                    }
                } else {
                    Throwable e = outcome instanceof Throwable t ? t : new IllegalStateException("no outcome");
                    LOG.warn("Batch of {} copies into {} failed ({}): each of its items is stored again, looked up by "
                                    + "Message-ID first", items.size(), Text.clean(group.getKey().get(0)),
                            Text.clean(e.getMessage()));
                    failed.addAll(items);
                }
            }
        }
        List<Ready> stored = new ArrayList<>(ready.size());
        List<List<StoredCopy>> storedCopies = new ArrayList<>(ready.size());
        List<String> messageIds = new ArrayList<>(ready.size());
        for (int i = 0; i < ready.size(); i++) {
            if (!failed.contains(i)) { // a failed one: the caller sends it through the per-item pipeline
                stored.add(ready.get(i));
                storedCopies.add(ArchivePipeline.withDigests(copies.get(i), ready.get(i).message()));
                messageIds.add(ready.get(i).message().getMessageID());
            }
        }
        // one group: the ledger's entries in one commit, the log's lines in one flush; counted once it is written
        connectorLog.group(run.connectorId(), () -> {
            for (int i = 0; i < stored.size(); i++) {
                Ready r = stored.get(i);
                connectorLog.archived(run.connectorId(), r.item().sourceRef(), r.item().itemId(), r.item().timestamp(),
                        messageIds.get(i), storedCopies.get(i), r.routing().unmapped(), r.item().sourceSha256());
            }
        });
        List<String> done = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Ready r = stored.get(i);
            r.recorded = true;
            run.itemRead();
            run.itemArchived(storedCopies.get(i).size(), r.routing().catchAll(), r.item().timestamp());
            done.add(r.key());
        }
        if (archived instanceof JdbcIdempotentRepository jdbc) {
            jdbc.addAll(done); // one transaction
        } else {
            done.forEach(archived::add);
        }
        List<Object> recovering = new ArrayList<>();
        failed.forEach(i -> recovering.add(ready.get(i).record()));
        return recovering;
    }

    /** Sends one record through the per-item pipeline, as the split would without batching. */
    private void perItem(Exchange batch, Object record, boolean recovering) throws Exception {
        // a new exchange (its own unit of work): the dead letter channel's original message is then this record
        Exchange one = new org.apache.camel.support.DefaultExchange(batch.getContext());
        one.getProperties().putAll(batch.getProperties());
        one.getMessage().setHeaders(new java.util.HashMap<>(batch.getMessage().getHeaders()));
        one.getMessage().setBody(record);
        if (recovering) {
            one.setProperty(ExchangeProperties.RECOVERING, Boolean.TRUE);
        }
        Exchange result = producer(batch.getContext()).send(QuarantineHandler.ARCHIVE_URI, one);
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    private ProducerTemplate producer(org.apache.camel.CamelContext context) {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = context.createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }

    /** Stops the threads that store mailboxes at once. */
    public void close() {
        if (mailboxThreads != null) {
            mailboxThreads.shutdown();
        }
    }

    /** Bytes an item's email is about to hold (an item in a batch has no attachment): its body's characters. */
    private static long bytes(ArchiveItem item) {
        return item.body() == null ? 0 : item.body().length() * 2L;
    }
}

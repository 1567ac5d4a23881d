package io.conduit.pipeline;

import io.conduit.model.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.conduit.mapping.MailboxResolver;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.mime.ArchiveItemValidator;
import io.conduit.mime.MissingPropertyException;
import io.conduit.model.ArchiveItem;
import io.conduit.model.RejectedRecord;
import io.conduit.source.ExportReaders;
import io.conduit.ledger.MimeDigest;
import io.conduit.mime.HashedMimeMessage;
import io.conduit.state.log.ConnectorLog;
import io.conduit.state.ConnectorRun;
import io.conduit.state.journal.IntentJournal;
import io.conduit.store.ArchiveStore;
import io.conduit.store.ItemTooBigException;
import io.conduit.store.StoreException;
import io.conduit.store.StoredCopy;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The steps of the shared pipeline ({@code routes/pipeline.camel.yaml}): count, key, validate and route, transform,
 * store. Each method is one step of the route, bound by bean parameter binding.
 */
public final class ArchivePipeline {

    /** Maximum item size when neither the configuration nor the IMAP server sets one: 150 MB. */
    public static final long DEFAULT_MAX_ITEM_BYTES = 150L * 1024 * 1024;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ArchivePipeline.class);

    private final MailboxResolver resolver;
    private final ArchiveItemToMime transformer;
    private final ArchiveStore store;
    private final ConnectorLog connectorLog;
    private final IntentJournal pending;
    private final String catchAllFolder;
    private final long maxItemBytes;
    /** Stores the copies of one item into different mailboxes at once; null to store them one after another. */
    private final java.util.concurrent.ExecutorService copyThreads;
    private static final java.util.concurrent.atomic.AtomicInteger COPY_THREADS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param maxItemBytes maximum item size in bytes, or 0 for the store's {@code APPENDLIMIT}, else
     *                     {@value #DEFAULT_MAX_ITEM_BYTES}
     */
    public ArchivePipeline(MailboxResolver resolver, ArchiveItemToMime transformer, ArchiveStore store,
                           ConnectorLog connectorLog, IntentJournal pending, String catchAllFolder, long maxItemBytes) {
        this(resolver, transformer, store, connectorLog, pending, catchAllFolder, maxItemBytes, 1);
    }

    /**
     * @param maxItemBytes   maximum item size in bytes, or 0 for {@value #DEFAULT_MAX_ITEM_BYTES} (a smaller store
     *                       limit applies)
     * @param parallelCopies most copies of one item stored at once, each into a different mailbox (1: one after
     *                       another)
     */
    public ArchivePipeline(MailboxResolver resolver, ArchiveItemToMime transformer, ArchiveStore store,
                           ConnectorLog connectorLog, IntentJournal pending, String catchAllFolder, long maxItemBytes,
                           int parallelCopies) {
        this.maxItemBytes = maxItemBytes;
        this.copyThreads = copyThreads(parallelCopies);
        this.resolver = resolver;
        this.transformer = transformer;
        this.store = store;
        this.connectorLog = connectorLog;
        this.pending = pending;
        this.catchAllFolder = catchAllFolder;
    }

    /**
     * Threads that store copies into different mailboxes at once, or null for {@code n <= 1}. Idle threads end after
     * 30 s, so a stopped context leaves none behind.
     */
    static java.util.concurrent.ExecutorService copyThreads(int n) {
        if (n <= 1) {
            return null;
        }
        java.util.concurrent.ThreadPoolExecutor threads = new java.util.concurrent.ThreadPoolExecutor(n, n, 30,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "conduit-copy-" + COPY_THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        threads.allowCoreThreadTimeOut(true);
        return threads;
    }

    /**
     * Counts a record as read; a {@link RejectedRecord} goes no further, and an {@link UnreadRest} (the rest of the
     * input the source could not read) is not a record read but the run's {@code unread} entry.
     *
     * @throws RejectedRecordException for a rejected record, so that the dead letter channel quarantines it
     * @throws UnreadRestException     for the unread rest of an input, so that the whole input is quarantined
     */
    public void read(@Body Object record, @ExchangeProperty(ExchangeProperties.RUN) ConnectorRun run)
            throws RejectedRecordException, UnreadRestException {
        if (record instanceof io.conduit.model.UnreadRest rest) {
            throw new UnreadRestException(rest);
        }
        run.itemRead();
        if (record instanceof RejectedRecord rejected) {
            throw new RejectedRecordException(rejected);
        }
        if (!(record instanceof ArchiveItem)) {
            throw new IllegalArgumentException("not an archive item: " + (record == null ? "null" : record.getClass().getName()));
        }
    }

    /**
     * The item in its connector's time zone (exchange property {@code ConduitZone}, e.g. {@code Europe/London}) when its
     * source set none: the {@code Date:} header then carries that zone's offset and the footer the local time. An item
     * without a configured zone stays in UTC.
     */
    public ArchiveItem inZone(@Body ArchiveItem item, @ExchangeProperty(ExportReaders.ZONE) String zone) {
        if (item.zone() != null || zone == null || zone.isBlank()) {
            return item;
        }
        try {
            return item.withZone(ExportReaders.zone(zone));
        } catch (IllegalArgumentException e) {
            return item; // refused earlier, where the connector or the import command reads its zone
        }
    }

    /** The idempotent consumer's key: SHA-256 of {@link ArchiveItem#idempotencyKey()}, 64 hex characters. */
    public String idempotencyKey(@Body ArchiveItem item) {
        return Text.sha256(item.idempotencyKey());
    }

    /** Records an item the idempotent consumer recognised as already archived. */
    public void duplicate(@Body ArchiveItem item, @ExchangeProperty(ExchangeProperties.RUN) ConnectorRun run) {
        connectorLog.duplicate(run.connectorId(), item.sourceRef(), item.itemId());
        run.itemDuplicate();
    }

    /**
     * Validates the mandatory properties and decides the copies, recording the mapping rows used in the run's
     * {@link ConnectorRun#mappingUsage()}.
     *
     * @return the routing, stored by the route in {@link ExchangeProperties#ROUTING}
     * @throws MissingPropertyException naming FROM, TO, DATE or MESSAGECLASS
     */
    public MailboxResolver.Routing route(@Body ArchiveItem item, @ExchangeProperty(ExchangeProperties.RUN) ConnectorRun run)
            throws MissingPropertyException {
        ArchiveItemValidator.validate(item);
        return resolver.route(item, run == null ? null : run.mappingUsage());
    }

    /**
     * Builds the email of an item within the maximum item size: {@code conduit.store.max-item-bytes} when set, else
     * the IMAP server's {@code APPENDLIMIT} when it advertises one, else {@value #DEFAULT_MAX_ITEM_BYTES} bytes. An item
     * over it is archived without its largest attachments, each named with its size and SHA-256 in a text part, and
     * counted as partial.
     */
    public MimeMessage transform(@Body ArchiveItem item,
                                 @ExchangeProperty(ExchangeProperties.ROUTING) MailboxResolver.Routing routing,
                                 @ExchangeProperty(ExchangeProperties.RUN) ConnectorRun run, Exchange exchange)
            throws MessagingException, UnreadableSourceException {
        ArchiveItemToMime.Built built;
        try {
            built = transformer.toMime(item, routing, maxItemBytes());
        } catch (IOException e) {
            throw new UnreadableSourceException(item.sourceRef(), e);
        }
        if (!built.omitted().isEmpty()) {
            run.itemPartial();
            LOG.warn("Item {} of connector {} is over the maximum item size of {} bytes: archived without {} attachment(s)",
                    Text.clean(item.sourceRef()), Text.clean(run.connectorId()), maxItemBytes(),
                    built.omitted().size());
        }
        if (exchange != null) {
            exchange.setProperty(OMITTED, built.omitted().size());
        }
        return built.message();
    }

    /**
     * The item's email within the maximum item size, for the batched path ({@link ArchiveBatches}): nothing counted or
     * logged; the caller checks {@code omitted()} and leaves an item over the size to {@link #transform}.
     *
     * @throws IOException when an attachment's content cannot be read
     */
    ArchiveItemToMime.Built build(ArchiveItem item, MailboxResolver.Routing routing)
            throws MessagingException, IOException {
        return transformer.toMime(item, routing, maxItemBytes());
    }

    /** The copies, each with the MIME digest of the message written (see {@link #withDigest}). */
    static List<StoredCopy> withDigests(List<StoredCopy> copies, MimeMessage message) throws MessagingException {
        List<StoredCopy> hashed = new ArrayList<>(copies.size());
        for (StoredCopy copy : copies) {
            hashed.add(withDigest(copy, message));
        }
        return hashed;
    }

    /** Exchange property: how many attachments the stored email leaves out (an Integer; absent means none). */
    static final String OMITTED = "ConduitOmittedAttachments";

    /**
     * The maximum item size in bytes now in force: the smaller of {@code conduit.store.max-item-bytes} (when set, else
     * {@value #DEFAULT_MAX_ITEM_BYTES}) and the store's limit (the IMAP server's {@code APPENDLIMIT}, or one byte less
     * than the smallest message it refused as too big).
     */
    public long maxItemBytes() {
        long configured = maxItemBytes > 0 ? maxItemBytes : DEFAULT_MAX_ITEM_BYTES;
        long limit = store.appendLimit();
        return limit > 0 ? Math.min(limit, configured) : configured;
    }

    /**
     * Stores one copy per routed mailbox: into the connector's folder for custodians, into the catch-all folder for a
     * catch-all copy; records the correlation ids in the connector log.
     *
     * <p>The item's key goes to the {@link IntentJournal intent journal} first. An item that may have been half-stored
     * before (a redelivery, a key left pending by a crashed run, a quarantine retry) is stored with
     * {@link ArchiveStore#appendIfAbsent}, so no copy is doubled.
     *
     * @throws StoreException when a copy fails; the exchange is then redelivered, and the copies already written are
     *                        found again rather than doubled
     */
    public List<StoredCopy> store(@Body ArchiveItem item,
                                  @ExchangeProperty("ConduitMessage") MimeMessage message,
                                  @ExchangeProperty(ExchangeProperties.ROUTING) MailboxResolver.Routing routing,
                                  @ExchangeProperty(ExchangeProperties.FOLDER) String folder,
                                  @ExchangeProperty(ExchangeProperties.RUN) ConnectorRun run,
                                  @ExchangeProperty(ExchangeProperties.RECOVERING) Boolean retry,
                                  @Header(Exchange.REDELIVERED) Boolean redelivered,
                                  @ExchangeProperty(OMITTED) Integer omittedAttachments, Exchange exchange)
            throws StoreException, MessagingException, ItemTooBigForStoreException, UnreadableSourceException {
        String key = idempotencyKey(item);
        boolean recovering = Boolean.TRUE.equals(redelivered) || Boolean.TRUE.equals(retry) || pending.wasPending(key);
        if (!Boolean.TRUE.equals(redelivered)) {
            pending.begin(key);
        }
        String target = routing.catchAll() ? catchAllFolder : folder;
        List<StoredCopy> copies = new ArrayList<>(routing.mailboxes().size());
        int omitted = omittedAttachments == null ? 0 : omittedAttachments;
        MimeMessage current = message;
        List<String> mailboxes = routing.mailboxes();
        Object[] outcomes = storeAll(mailboxes, target, current, recovering);
        StoreException failed = null;
        for (int i = 0; i < mailboxes.size(); i++) {
            Object outcome = outcomes[i];
            while (outcome instanceof ItemTooBigException refused) {
                // the server's own size limit (NO [TOOBIG]): build the item again without its largest attachments
                // and store that; a redelivery of this exchange stores the smaller email too
                ArchiveItemToMime.Built smaller = smaller(item, routing, omitted, refused, run);
                if (omitted == 0) {
                    run.itemPartial();
                }
                omitted = smaller.omitted().size();
                current = smaller.message();
                if (exchange != null) {
                    exchange.setProperty("ConduitMessage", current);
                    exchange.setProperty(OMITTED, omitted);
                }
                outcome = storeOne(mailboxes.get(i), target, current, recovering);
            }
            if (outcome instanceof StoreException e) {
                failed = failed == null ? e : failed;
            } else if (outcome instanceof RuntimeException e) {
                throw e;
            } else {
                copies.add((StoredCopy) outcome);
            }
        }
        if (failed != null) {
            throw failed; // the copies stored are found again by Message-ID on the redelivery, not doubled
        }
        message = current;
        connectorLog.archived(run.connectorId(), item.sourceRef(), item.itemId(), item.timestamp(),
                message.getMessageID(), copies, routing.unmapped(), item.sourceSha256());
        run.itemArchived(copies.size(), routing.catchAll(), item.timestamp());
        return copies;
    }

    /**
     * Stores one copy per mailbox, at once over different connections when there are several mailboxes and parallel
     * copies are on, and waits for every one: no write is still under way when this returns (a redelivery's
     * lookup by Message-ID must not race a write of the attempt before).
     *
     * @return per mailbox, in order: the {@link StoredCopy} (with its MIME digest), or the StoreException or
     *         RuntimeException its store threw
     */
    private Object[] storeAll(List<String> mailboxes, String folder, MimeMessage message, boolean recovering) {
        Object[] outcomes = new Object[mailboxes.size()];
        if (copyThreads == null || mailboxes.size() == 1) {
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = storeOne(mailboxes.get(i), folder, message, recovering);
            }
            return outcomes;
        }
        List<java.util.concurrent.Future<Object>> running = new ArrayList<>(mailboxes.size());
        for (String mailbox : mailboxes) {
            running.add(copyThreads.submit(() -> storeOne(mailbox, folder, message, recovering)));
        }
        for (int i = 0; i < outcomes.length; i++) {
            Object outcome = outcome(running.get(i));
            outcomes[i] = outcome instanceof Throwable t && !(t instanceof RuntimeException)
                    ? new IllegalStateException(t) : outcome;
        }
        return outcomes;
    }

    /**
     * Waits for a write and returns its value, or the Throwable it failed with; an interrupt does not end the wait
     * (it is set again afterwards): a copy still being written must not be left behind.
     */
    static Object outcome(java.util.concurrent.Future<?> write) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return write.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One copy: the StoredCopy with its digest, or the StoreException or RuntimeException it failed with. */
    private Object storeOne(String mailbox, String folder, MimeMessage message, boolean recovering) {
        try {
            StoredCopy copy = recovering ? store.appendIfAbsent(mailbox, folder, message)
                    : store.append(mailbox, folder, message);
            return withDigest(copy, message);
        } catch (StoreException | RuntimeException e) {
            return e;
        } catch (MessagingException e) {
            return new StoreException("cannot hash the copy for mailbox '" + mailbox + "': " + e.getMessage(), e);
        }
    }

    /** Stops the threads that store copies at once (a no-op when copies are stored one after another). */
    public void close() {
        if (copyThreads != null) {
            copyThreads.shutdown();
        }
    }

    /**
     * The item built again without more of its attachments than {@code omitted} (largest first) after the store
     * refused it as too big: within one byte less than the refused size, then within three quarters of that, and so
     * on, until one more attachment is left out.
     *
     * @throws ItemTooBigForStoreException when no attachment is left to leave out (the item goes to quarantine)
     */
    private ArchiveItemToMime.Built smaller(ArchiveItem item, MailboxResolver.Routing routing, int omitted,
                                            ItemTooBigException refused, ConnectorRun run)
            throws ItemTooBigForStoreException, MessagingException, UnreadableSourceException {
        if (omitted >= item.attachments().size()) {
            throw new ItemTooBigForStoreException(refused.getMessage()
                    + "; the item has no attachment left to leave out", refused);
        }
        long limit = refused.refusedBytes() > 1 ? refused.refusedBytes() - 1 : maxItemBytes() / 2;
        try {
            while (limit > 0) {
                ArchiveItemToMime.Built built = transformer.toMime(item, routing, limit);
                if (built.omitted().size() > omitted) {
                    LOG.warn("Item {} of connector {} was refused by the store as too big ({} bytes): archived without "
                                    + "{} attachment(s)", Text.clean(item.sourceRef()), Text.clean(run.connectorId()),
                            refused.refusedBytes(), built.omitted().size());
                    return built;
                }
                limit = limit * 3 / 4;
            }
        } catch (IOException e) {
            throw new UnreadableSourceException(item.sourceRef(), e);
        }
        throw new ItemTooBigForStoreException(refused.getMessage() + "; the item cannot be made smaller", refused);
    }

    /**
     * The copy with the MIME SHA-256 its store computed while writing it ({@link HashedMimeMessage#lastWrite()}), or,
     * for a copy found already stored (nothing written), of the message as it would be written.
     */
    private static StoredCopy withDigest(StoredCopy copy, MimeMessage message) throws MessagingException {
        if (copy.mimeSha256() != null || !(message instanceof HashedMimeMessage hashed)) {
            return copy;
        }
        try {
            MimeDigest.Result written = hashed.lastWrite();
            if (written == null) {
                written = hashed.digest();
            }
            return copy.withDigest(written.sha256(), written.size());
        } catch (IOException e) {
            throw new MessagingException("cannot hash message " + message.getMessageID(), e);
        }
    }
}

package io.conduit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import io.conduit.TestItems;
import io.conduit.mapping.MailboxResolver;
import io.conduit.mapping.UserMapping;
import io.conduit.mime.ArchiveItemToMime;
import io.conduit.model.ArchiveItem;
import io.conduit.state.ConnectorRun;
import io.conduit.state.journal.IntentJournal;
import io.conduit.state.log.ConnectorLog;
import io.conduit.store.MaildirStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches in flight on failure paths (issue 14's group commit): a batch whose intent journal fails part-way sends the
 * items it had handed to the store and the records it had not yet prepared through the per-item pipeline, all counted
 * for the input's checkpoint; a record that goes alone keeps its key in flight, so its repeat in the next batch (built
 * before the first is archived) goes alone after it instead of being stored beside it.
 */
class ArchiveBatchesJournalTest {

    @TempDir
    Path tmp;

    private MaildirStore store;
    private ConnectorLog log;

    /** The pipeline's steps over a Maildir, every item to the catch-all mailbox. */
    private ArchivePipeline pipeline(IntentJournal journal) {
        MailboxResolver resolver = new MailboxResolver(UserMapping.empty(), Set.of(), "compliance@example.com");
        store = new MaildirStore(tmp.resolve("archive"), false);
        log = new ConnectorLog(tmp.resolve("state"));
        return new ArchivePipeline(resolver, new ArchiveItemToMime(resolver), store, log, journal, "Conduit Catch-All",
                0);
    }

    /** A journal whose second write fails (a full disk after the batch's first part). */
    private static class FailingJournal implements IntentJournal {
        private int writes;

        @Override
        public boolean wasPending(String key) {
            return false;
        }

        @Override
        public int pendingCount() {
            return 0;
        }

        @Override
        public void begin(String key) {
            beginAll(List.of(key));
        }

        @Override
        public void beginAll(Collection<String> keys) {
            if (++writes == 2) {
                throw new UncheckedIOException(new java.io.IOException("No space left on device"));
            }
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    /** A Camel context whose per-item pipeline only collects what it is sent. */
    private static CamelContext perItemPipeline(List<Object> perItem) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(QuarantineHandler.ARCHIVE_URI).process(e -> perItem.add(e.getMessage().getBody()));
            }
        });
        camel.start();
        return camel;
    }

    /** An input's exchange, its records grouped into batches as the input route does. */
    private static Exchange input(CamelContext camel, ArchiveBatches batches, String connector,
                                  List<ArchiveItem> records) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeProperties.RUN, new ConnectorRun(connector, "chat.txt"));
        exchange.setProperty(ExchangeProperties.FOLDER, "WhatsApp Archiver");
        exchange.getMessage().setBody(records.iterator());
        batches.group(exchange);
        return exchange;
    }

    private static long copies(Path archive) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(archive)) {
            return files.filter(java.nio.file.Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().equals("new")).count();
        }
    }

    @Test
    void a_journal_failing_part_way_through_a_batch_sends_every_record_of_it_through_the_per_item_pipeline()
            throws Exception {
        IntentJournal journal = new FailingJournal();
        ArchivePipeline pipeline = pipeline(journal);
        MemoryIdempotentRepository archived = new MemoryIdempotentRepository();
        archived.start();
        ArchiveBatches batches = new ArchiveBatches(pipeline, store, journal, log, archived, "Conduit Catch-All", 100,
                2);
        List<Object> perItem = new ArrayList<>();
        CamelContext camel = perItemPipeline(perItem);
        try {
            List<ArchiveItem> records = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                records.add(TestItems.item("m" + i, TestItems.phone("Ana", "+447700900001"),
                        List.of(TestItems.phone("Ben", "+447700900002")), "message " + i));
            }
            Exchange exchange = input(camel, batches, "journal-test", records);
            Iterator<?> elements = exchange.getMessage().getBody(Iterator.class);
            Object batch = elements.next();
            assertThat(batch).isInstanceOf(ArchiveBatches.Batch.class);
            assertThat(elements.hasNext()).isFalse();

            exchange.getMessage().setBody(batch);
            batches.archive(exchange);
            assertThat(ArchiveBatches.accounted(exchange)).as("nothing counted while the batch is in flight").isZero();
            batches.flush(exchange);

            // the first part (25 items, journal written) went to the store before the failure
            assertThat(copies(tmp.resolve("archive"))).isEqualTo(25);
            // it and the second part (its journal write failed) are looked up and stored one by one; the ten records
            // never prepared follow them: all 60, none twice
            assertThat(perItem).hasSize(60).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(records);
            assertThat(ArchiveBatches.accounted(exchange)).isEqualTo(60);
        } finally {
            camel.close();
            batches.close();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void a_record_gone_alone_keeps_its_key_in_flight_so_its_repeat_in_the_next_batch_follows_it_alone(boolean linkage)
            throws Exception {
        IntentJournal journal = new FailingJournal() {
            @Override
            public void beginAll(Collection<String> keys) {
                // written every time
            }
        };
        ArchivePipeline pipeline = pipeline(journal);
        List<ArchiveItem> records = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            int id = i == 10 ? 3 : i; // row 10 (the second batch of 7) repeats row 3 (the first)
            records.add(TestItems.item("m" + id, TestItems.phone("Ana", "+447700900001"),
                    List.of(TestItems.phone("Ben", "+447700900002")), "message " + id));
        }
        String repeated = pipeline.idempotencyKey(pipeline.inZone(records.get(2), null));
        // the key store fails once for row 3 (a database busy for a moment, or a class that cannot load): that row
        // goes alone
        MemoryIdempotentRepository archived = new MemoryIdempotentRepository() {
            private boolean failed;

            @Override
            public boolean contains(String key) {
                if (key.equals(repeated) && !failed) {
                    failed = true;
                    if (linkage) { // a driver class that cannot load: the record goes alone all the same
                        throw new NoClassDefFoundError("org/sqlite/core/NativeDB");
                    }
                    throw new IllegalStateException("database is locked");
                }
                return super.contains(key);
            }
        };
        archived.start();
        ArchiveBatches batches = new ArchiveBatches(pipeline, store, journal, log, archived, "Conduit Catch-All", 7, 2);
        List<Object> perItem = new ArrayList<>();
        CamelContext camel = perItemPipeline(perItem);
        try {
            Exchange exchange = input(camel, batches, "repeat-test", records);
            Iterator<?> elements = exchange.getMessage().getBody(Iterator.class);
            int accounted = 0;
            while (elements.hasNext()) {
                exchange.getMessage().setBody(elements.next());
                batches.archive(exchange);
                accounted += ArchiveBatches.accounted(exchange);
            }
            batches.flush(exchange);
            accounted += ArchiveBatches.accounted(exchange);

            // row 3 and its repeat both take the per-item pipeline (which archives the first and finds the second a
            // duplicate), in input order; the batches stored the other twelve
            assertThat(perItem).containsExactly(records.get(2), records.get(9));
            assertThat(copies(tmp.resolve("archive"))).isEqualTo(12);
            assertThat(accounted).isEqualTo(14);
        } finally {
            camel.close();
            batches.close();
        }
    }
}

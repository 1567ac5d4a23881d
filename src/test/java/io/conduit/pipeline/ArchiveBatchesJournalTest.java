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
 * A batch whose intent journal fails part-way (issue 14's group commit): the items it had handed to the store and the
 * records it had not yet prepared all go through the per-item pipeline, and all of them are counted for the input's
 * checkpoint, none left out.
 */
class ArchiveBatchesJournalTest {

    @TempDir
    Path tmp;

    /** A journal whose second write fails (a full disk after the batch's first part). */
    private static final class FailingJournal implements IntentJournal {
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

    private static long copies(Path archive) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(archive)) {
            return files.filter(java.nio.file.Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().equals("new")).count();
        }
    }

    @Test
    void a_journal_failing_part_way_through_a_batch_sends_every_record_of_it_through_the_per_item_pipeline()
            throws Exception {
        MailboxResolver resolver = new MailboxResolver(UserMapping.empty(), Set.of(), "compliance@example.com");
        MaildirStore store = new MaildirStore(tmp.resolve("archive"), false);
        ConnectorLog log = new ConnectorLog(tmp.resolve("state"));
        IntentJournal journal = new FailingJournal();
        ArchivePipeline pipeline = new ArchivePipeline(resolver, new ArchiveItemToMime(resolver), store, log, journal,
                "Conduit Catch-All", 0);
        MemoryIdempotentRepository archived = new MemoryIdempotentRepository();
        archived.start();
        ArchiveBatches batches = new ArchiveBatches(pipeline, store, journal, log, archived, "Conduit Catch-All", 100, 2);
        List<Object> perItem = new ArrayList<>();
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(QuarantineHandler.ARCHIVE_URI).process(e -> perItem.add(e.getMessage().getBody()));
            }
        });
        camel.start();
        try {
            List<ArchiveItem> records = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                records.add(TestItems.item("m" + i, TestItems.phone("Ana", "+447700900001"),
                        List.of(TestItems.phone("Ben", "+447700900002")), "message " + i));
            }
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(ExchangeProperties.RUN, new ConnectorRun("journal-test", "chat.txt"));
            exchange.setProperty(ExchangeProperties.FOLDER, "WhatsApp Archiver");
            exchange.getMessage().setBody(records.iterator());
            batches.group(exchange);
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
}

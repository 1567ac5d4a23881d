package io.conduit.pipeline;

import io.conduit.model.Text;
import java.io.File;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.conduit.state.checkpoint.CheckpointStore;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of file inputs: {@code {file, size, modified, records, done}} per connector and input file (the
 * partition is the file's absolute path). The records count advances after each record has been archived, recognised
 * as a duplicate or quarantined (every {@value #SAVE_EVERY} records and at the end), so a run that stopped abruptly
 * resumes after the last counted record of the same, unchanged file instead of reading it again from the start.
 * A changed file (another size or time) starts from its first record; its items already archived are duplicates.
 */
public final class InputCheckpoints {

    /** Records between two saves of an input's checkpoint. */
    public static final int SAVE_EVERY = 100;
    private static final Logger LOG = LoggerFactory.getLogger(InputCheckpoints.class);
    private static final String PROGRESS = "ConduitInputProgress";
    /** Exchange property {@code "false"} for inputs that keep no checkpoint of their own (spooled polls). */
    public static final String INPUT_CHECKPOINT = "ConduitInputCheckpoint";
    /** Exchange property with the input {@link File} being read, set first by a source's input route. */
    public static final String INPUT_FILE = "ConduitInputFile";

    private final CheckpointStore store;

    public InputCheckpoints(CheckpointStore store) {
        this.store = store;
    }

    /** Progress through one input. */
    static final class Progress {
        final String connector;
        final String partition;
        final Map<String, String> identity;
        long records;

        Progress(String connector, String partition, Map<String, String> identity, long records) {
            this.connector = connector;
            this.partition = partition;
            this.identity = identity;
            this.records = records;
        }

        Map<String, String> checkpoint(boolean done) {
            Map<String, String> c = new LinkedHashMap<>(identity);
            c.put("records", Long.toString(records));
            c.put("done", Boolean.toString(done));
            return c;
        }
    }

    /**
     * Skips the records an earlier, unfinished run of the same unchanged input already accounted for. Body in and out:
     * the input's records iterator.
     *
     * @throws io.conduit.state.checkpoint.CheckpointException when the checkpoint is unreadable
     */
    public void resume(Exchange exchange) {
        File file = inputFile(exchange);
        Iterator<?> records = exchange.getMessage().getBody(Iterator.class);
        if (file == null || records == null
                || "false".equals(exchange.getProperty(INPUT_CHECKPOINT, String.class))) {
            return; // spool files of polled sources: their poll's checkpoint covers them, and they are deleted
        }
        String connector = exchange.getProperty(ExchangeProperties.CONNECTOR, "unknown", String.class);
        String partition = file.getAbsoluteFile().toPath().normalize().toString();
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("file", file.getName());
        identity.put("size", Long.toString(file.length()));
        identity.put("modified", Long.toString(file.lastModified()));
        Progress progress = new Progress(connector, partition, identity, 0);
        Optional<Map<String, String>> saved = store.load(connector, partition);
        if (saved.isPresent() && !"true".equals(saved.get().get("done"))
                && identity.entrySet().stream().allMatch(e -> e.getValue().equals(saved.get().get(e.getKey())))) {
            long done = Long.parseLong(saved.get().getOrDefault("records", "0"));
            while (progress.records < done && records.hasNext()) {
                records.next();
                progress.records++;
            }
            LOG.info("Connector {} resumes {} after record {} (checkpoint of an unfinished run)", Text.clean(connector),
                    Text.clean(file.getName()), progress.records);
        }
        exchange.setProperty(PROGRESS, progress);
    }

    /**
     * Counts the records accounted for (archived, duplicate or quarantined) since the last call
     * ({@link ArchiveBatches#accounted}: one record, a recorded batch's records, or none while a batch is still being
     * stored); saves every {@value #SAVE_EVERY} records and after each batch.
     */
    public void advance(Exchange exchange) {
        Progress progress = exchange.getProperty(PROGRESS, Progress.class);
        int records = ArchiveBatches.accounted(exchange);
        if (progress == null || records == 0) {
            return;
        }
        long before = progress.records;
        progress.records += records;
        if (records > 1 || before / SAVE_EVERY != progress.records / SAVE_EVERY) {
            try {
                store.save(progress.connector, progress.partition, progress.checkpoint(false));
            } catch (RuntimeException e) {
                // the record is archived already; a checkpoint only saves re-reading, so its failure must not fail it
                LOG.warn("Cannot save the checkpoint of {} for connector {}: {}", Text.clean(progress.partition),
                        Text.clean(progress.connector), Text.clean(e.getMessage()));
            }
        }
    }

    /** Saves the input's checkpoint as done: every record is accounted for. */
    public void complete(Exchange exchange) {
        Progress progress = exchange.getProperty(PROGRESS, Progress.class);
        io.conduit.state.ConnectorRun run = exchange.getProperty(ExchangeProperties.RUN, io.conduit.state.ConnectorRun.class);
        if (run != null && run.unread() > 0) {
            return; // the rest of the input was not read: its checkpoint stays where reading stopped, not done
        }
        if (progress != null) {
            store.save(progress.connector, progress.partition, progress.checkpoint(true));
        }
    }

    private static File inputFile(Exchange exchange) {
        return exchange.getProperty(INPUT_FILE, File.class);
    }

    /** Remembers the input file before the body becomes its records; called first by a source's input route. */
    public void input(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        File file = body instanceof GenericFile<?> gf && gf.getFile() instanceof File f ? f
                : body instanceof File f ? f : null;
        if (file != null) {
            exchange.setProperty(INPUT_FILE, file);
        }
    }
}

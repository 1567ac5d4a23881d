package io.conduit.source.support;

import io.conduit.source.SourceRecords;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.NoSuchElementException;

/**
 * The iterator half of a streaming source reader: {@link #step()} reads a little more input and queues the records it
 * made ({@link #emit}), or marks the input exhausted ({@link #finish}); {@code hasNext} and {@code next} read ahead by
 * at most one step. Not thread-safe, like the readers built on it.
 */
public abstract class QueuedSourceRecords implements SourceRecords {

    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    private final Closeable input;
    private boolean done;

    /** Records whose subclass closes its own input ({@link #close()} overridden). */
    protected QueuedSourceRecords() {
        this(null);
    }

    /** Records read from {@code input}, closed by {@link #close()}. */
    protected QueuedSourceRecords(Closeable input) {
        this.input = input;
    }

    /** Marks the input exhausted and closes it (the parser, reader or stream given to the constructor). */
    @Override
    public void close() throws IOException {
        finish();
        if (input != null) {
            input.close();
        }
    }

    /** Reads on until it has queued at least one record or finished; never throws for bad input (emit a rejected record). */
    protected abstract void step();

    /** Queues a record: an {@link io.conduit.model.ArchiveItem} or a {@link io.conduit.model.RejectedRecord}. */
    protected final void emit(Object record) {
        ready.add(record);
    }

    /** Queues several records, in order. */
    protected final void emitAll(Collection<?> records) {
        ready.addAll(records);
    }

    /** Marks the input exhausted (or closed): records already queued are still returned. */
    protected final void finish() {
        done = true;
    }

    /** True once the input is exhausted or closed. */
    protected final boolean finished() {
        return done;
    }

    /** True while records remain; reads ahead by at most one step. */
    @Override
    public final boolean hasNext() {
        while (ready.isEmpty() && !done) {
            step();
        }
        return !ready.isEmpty();
    }

    /**
     * The next record.
     *
     * @return an {@link io.conduit.model.ArchiveItem} or a {@link io.conduit.model.RejectedRecord}
     * @throws NoSuchElementException when no record remains
     */
    @Override
    public final Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }
}

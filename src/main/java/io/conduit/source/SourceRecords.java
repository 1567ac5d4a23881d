package io.conduit.source;

import java.io.Closeable;
import java.util.Iterator;

/**
 * The records a source reads from one input, streamed: each element is an {@link io.conduit.model.ArchiveItem} or a
 * {@link io.conduit.model.RejectedRecord} (a record that could not become an item, with its reason). A source route
 * splits them into the shared pipeline and closes them when the input is done.
 */
public interface SourceRecords extends Iterator<Object>, Closeable {

    /**
     * What the reader had to assume about this input, for the run's line in the connector log and the import output,
     * e.g. {@code owner inferred: ...}; read when the input is done. None by default.
     */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }
}

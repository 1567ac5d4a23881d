package io.conduit.pipeline;

import io.conduit.model.RejectedRecord;

/** A source record could not be read as an item; carries the source's reason naming file and line. */
public class RejectedRecordException extends Exception {

    public RejectedRecordException(RejectedRecord record) {
        super(record.reason() != null && record.reason().startsWith(String.valueOf(record.sourceRef()))
                ? record.reason() : record.sourceRef() + ": " + record.reason());
    }
}

package io.conduit.state.checkpoint;

/** A checkpoint cannot be read or written; the message names the connector, the partition and the store. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}

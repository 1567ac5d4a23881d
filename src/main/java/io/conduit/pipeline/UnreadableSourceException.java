package io.conduit.pipeline;

/**
 * An item's source content (an attachment in a corrupt ZIP entry, a file that vanished) cannot be read: a retry
 * cannot help, so the item goes to quarantine at once. Names the item's source reference.
 */
public class UnreadableSourceException extends Exception {

    public UnreadableSourceException(String sourceRef, Throwable cause) {
        super(sourceRef + ": source content cannot be read (" + cause.getMessage() + ")", cause);
    }
}

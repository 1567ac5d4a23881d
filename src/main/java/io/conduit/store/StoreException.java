package io.conduit.store;

/** A copy could not be stored; the message names the mailbox, the folder and the cause, never a secret. */
public class StoreException extends Exception {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}

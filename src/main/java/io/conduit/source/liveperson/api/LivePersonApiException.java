package io.conduit.source.liveperson.api;

import java.io.IOException;

/** A LivePerson API call that failed for good: the message names the call and the HTTP status, never a secret. */
public class LivePersonApiException extends IOException {

    private final int status;

    /**
     * @param message what failed, without credentials or tokens
     * @param status  the HTTP status, or -1 when there was no response
     */
    public LivePersonApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or -1 when there was no response. */
    public int status() {
        return status;
    }
}

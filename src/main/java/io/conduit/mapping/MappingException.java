package io.conduit.mapping;

/** The user mapping CSV is unreadable or has a bad row; the message names the file and line. */
public class MappingException extends Exception {

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}

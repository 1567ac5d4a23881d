package io.conduit.source;

/**
 * An input that cannot be read as an export of its source at all (not that format, empty, corrupt, unsafe); the
 * message names the file (and line when relevant) and what was wrong.
 */
public class MalformedExportException extends Exception {

    public MalformedExportException(String message) {
        super(message);
    }

    public MalformedExportException(String message, Throwable cause) {
        super(message, cause);
    }
}

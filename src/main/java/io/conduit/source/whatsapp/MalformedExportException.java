package io.conduit.source.whatsapp;

/**
 * A file that cannot be read as a WhatsApp export at all; the message names the file (and line when relevant) and
 * what was wrong.
 */
public class MalformedExportException extends Exception {

    public MalformedExportException(String message) {
        super(message);
    }

    public MalformedExportException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.conduit.pipeline;

import io.conduit.model.UnreadRest;

/** A source could not read the rest of its input; carries the source's reason naming file and line. */
public class UnreadRestException extends Exception {

    public UnreadRestException(UnreadRest rest) {
        super(rest.reason() != null && rest.reason().startsWith(String.valueOf(rest.sourceRef()))
                ? rest.reason() : rest.sourceRef() + ": " + rest.reason());
    }
}

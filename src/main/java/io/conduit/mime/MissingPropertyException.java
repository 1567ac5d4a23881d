package io.conduit.mime;

/**
 * An item lacks one of the mandatory properties FROM, TO, DATE or MESSAGECLASS and is refused; the message names the
 * property and the item's source reference.
 */
public class MissingPropertyException extends Exception {

    private final String property;

    public MissingPropertyException(String property, String sourceRef) {
        super("item " + sourceRef + " is missing mandatory property " + property);
        this.property = property;
    }

    /** {@code FROM}, {@code TO}, {@code DATE} or {@code MESSAGECLASS}. */
    public String property() {
        return property;
    }
}

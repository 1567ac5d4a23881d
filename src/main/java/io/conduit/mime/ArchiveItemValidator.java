package io.conduit.mime;

import io.conduit.model.ArchiveItem;

/** Checks the incumbents' contract: FROM, TO, DATE and MESSAGECLASS are mandatory. */
public final class ArchiveItemValidator {

    private ArchiveItemValidator() {
    }

    /**
     * @throws MissingPropertyException naming the first missing property: FROM (no sender), TO (no recipient), DATE
     *                                  (no timestamp) or MESSAGECLASS (no source or event)
     */
    public static void validate(ArchiveItem item) throws MissingPropertyException {
        String ref = item.sourceRef() == null ? String.valueOf(item.itemId()) : item.sourceRef();
        if (item.sender() == null) {
            throw new MissingPropertyException("FROM", ref);
        }
        if (item.recipients().isEmpty()) {
            throw new MissingPropertyException("TO", ref);
        }
        if (item.timestamp() == null) {
            throw new MissingPropertyException("DATE", ref);
        }
        if (item.messageClass() == null) {
            throw new MissingPropertyException("MESSAGECLASS", ref);
        }
    }
}

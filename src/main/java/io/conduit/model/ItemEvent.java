package io.conduit.model;

/** What happened to a message besides being sent; written out in the body, never dropped. */
public enum ItemEvent {
    /** The sender deleted the message; the export keeps only a marker. */
    DELETED,
    /** The message was edited after sending; the export keeps the last text. */
    EDITED,
    /** Media was not included in the export (for example {@code <Media omitted>}). */
    MEDIA_OMITTED
}

package io.conduit.model;

/**
 * A record a source read but could not turn into an {@link ArchiveItem}: it travels through the pipeline like an
 * item so that it is counted and quarantined with its reason, never dropped.
 *
 * @param source      source system, e.g. {@code WhatsApp}
 * @param connectorId connector that read it
 * @param sourceRef   where it is: {@code file:line}, a ZIP entry, or an API record id
 * @param reason      what was wrong, for a person to read
 * @param raw         the original record text (may be truncated for very long records), or {@code null}
 */
public record RejectedRecord(String source, String connectorId, String sourceRef, String reason, String raw) {
}

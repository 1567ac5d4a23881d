package io.conduit.model;

/**
 * The rest of an input that a source could not read: the format gave no way past a bad record (XML that stops being
 * well-formed, a JSON document whose structure is lost, a ZIP or stream that fails). It travels through the pipeline
 * like a record; the whole original input goes to quarantine, the run counts it as one {@code unread} entry and does
 * not balance, and the input's checkpoint is not marked done.
 *
 * @param source      source system, e.g. {@code SMS}
 * @param connectorId connector that read the input
 * @param sourceRef   where reading stopped: {@code file:line}, or a JSON path
 * @param reason      what was wrong and how many records were read before, for a person to read
 */
public record UnreadRest(String source, String connectorId, String sourceRef, String reason) {
}

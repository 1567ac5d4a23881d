package io.conduit.mime;

/** Names of the provenance headers Conduit writes on every archived email (see docs/email.md). */
public final class ConduitHeaders {

    /** {@code IPM.NOTE.<Source>.<Event>}, searchable like Purview's {@code itemclass:}. */
    public static final String MESSAGE_CLASS = "X-Conduit-Message-Class";
    /**
     * {@code urn:content-class:custom.<Source>.<Event>}: Exchange Online turns it into the message class
     * {@code IPM.Note.Custom.<Source>.<Event>} ([MS-OXCMAIL] 2.2.3.2.15).
     */
    public static final String CONTENT_CLASS = "Content-Class";
    /** Source system, e.g. {@code WhatsApp}. */
    public static final String SOURCE = "X-Conduit-Source";
    /** Connector instance id that read the item. */
    public static final String CONNECTOR = "X-Conduit-Connector";
    /** Conversation id within the connector. */
    public static final String CONVERSATION_ID = "X-Conduit-Conversation-Id";
    /** {@code direct}, {@code group} or {@code channel}. */
    public static final String CONVERSATION_TYPE = "X-Conduit-Conversation-Type";
    /** Item id within the conversation, stable across re-polls. */
    public static final String ITEM_ID = "X-Conduit-Item-Id";
    /** Each participant's source identifiers and resolved mailbox. */
    public static final String PARTICIPANTS = "X-Conduit-Participants";
    /** SHA-256 of the raw source record(s). */
    public static final String SOURCE_SHA256 = "X-Conduit-Source-SHA256";
    /** On catch-all copies: the identifiers that did not map to a custodian. */
    public static final String UNMAPPED = "X-Conduit-Unmapped";
    /** Where in the source the item was read: {@code file:line} or a record id. */
    public static final String SOURCE_REF = "X-Conduit-Source-Ref";

    /** On a new version of an email (a re-issued transcript): the {@code Message-ID} of the version it replaces. */
    public static final String SUPERSEDES = "X-Conduit-Supersedes";

    private ConduitHeaders() {
    }
}

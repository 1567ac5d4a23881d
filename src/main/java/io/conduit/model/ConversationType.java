package io.conduit.model;

/** Kind of conversation an item belongs to; written to {@code X-Conduit-Conversation-Type} in lower case. */
public enum ConversationType {
    /** Two parties. */
    DIRECT,
    /** Three or more parties in a named group. */
    GROUP,
    /** A broadcast or public channel. */
    CHANNEL
}

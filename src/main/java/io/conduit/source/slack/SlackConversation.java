package io.conduit.source.slack;

import java.util.List;

import io.conduit.model.ConversationType;

/**
 * One conversation of the export, from its index file.
 *
 * @param id      Slack conversation id ({@code C...} public channel, {@code G...} private channel or MPIM,
 *                {@code D...} DM), or the folder name when no index file lists the folder
 * @param name    channel or MPIM name as in the index file ({@code general}, {@code mpdm-alice--bob--carol-1}), the
 *                DM id for a DM
 * @param kind    which index file listed it
 * @param folder  the export folder holding its day files: the name for channels and MPIMs, the id for DMs
 * @param members user ids from {@code members}, in file order (empty when the index does not say)
 */
record SlackConversation(String id, String name, Kind kind, String folder, List<String> members) {

    /** Which index file lists a conversation, and what it is. */
    enum Kind {
        /** {@code channels.json}: a public channel. */
        PUBLIC_CHANNEL("channels.json", ConversationType.CHANNEL, "public channel"),
        /** {@code groups.json}: a private channel. */
        PRIVATE_CHANNEL("groups.json", ConversationType.CHANNEL, "private channel"),
        /** {@code mpims.json}: a group direct message (multi-person IM). */
        MPIM("mpims.json", ConversationType.GROUP, "group direct message"),
        /** {@code dms.json}: a direct message between two people. */
        DM("dms.json", ConversationType.DIRECT, "direct message"),
        /** A folder of day files that no index file lists. */
        UNLISTED(null, ConversationType.CHANNEL, "conversation not listed in the export's index files");

        final String indexFile;
        final ConversationType type;
        final String description;

        Kind(String indexFile, ConversationType type, String description) {
            this.indexFile = indexFile;
            this.type = type;
            this.description = description;
        }
    }

    SlackConversation {
        members = List.copyOf(members);
    }
}

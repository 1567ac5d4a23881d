package io.conduit.state.transcript;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import io.conduit.model.ArchiveItem;

/**
 * The transcript state: every item of a conversation day that a connector archives as a transcript, kept whole (with
 * its attachments) until the day's transcript is issued, and afterwards so that a late item re-issues the whole day;
 * and the versions issued so far. {@link FileTranscriptStore} keeps it in the state folder, {@link JdbcTranscriptStore}
 * in PostgreSQL (clustered, or with {@code conduit.jdbc.url}).
 *
 * <p>Items are only ever added. A day is <em>pending</em> while it holds more items than its last issued version
 * covers: its next transcript is due. Implementations are thread-safe and durable: a method that returns has written.
 */
public interface TranscriptStore extends AutoCloseable {

    /**
     * A conversation day of a connector.
     *
     * @param connectorId    connector id
     * @param conversationId conversation id within the connector
     * @param date           the day in the participants' zone
     */
    record Day(String connectorId, String conversationId, LocalDate date) {
    }

    /**
     * One issued transcript version.
     *
     * @param version   1, 2, ... per day
     * @param messageId its {@code Message-ID}
     * @param items     how many of the day's items (the first ones staged) it holds
     * @param status    {@code archived} or {@code quarantined}
     */
    record Issued(int version, String messageId, int items, String status) {
    }

    /**
     * Keeps an item of a day, with its attachments; an item whose idempotency key the day already holds is not kept
     * twice.
     *
     * @param folder custodian folder of the connector, used when the day's transcript is issued
     * @return true when the item was new to the day
     * @throws java.io.UncheckedIOException or {@link IllegalStateException} when the state cannot be written
     */
    boolean stage(Day day, String folder, ArchiveItem item);

    /** The days (of every connector) that hold items no issued version covers, oldest first. */
    List<Day> pending();

    /** The day's items in the order they were kept; attachments open from the store. */
    List<ArchiveItem> items(Day day);

    /** The folder the day's items were kept for (the last one given), or {@code null} when the day is unknown. */
    String folder(Day day);

    /** The last version issued for the day. */
    Optional<Issued> lastIssued(Day day);

    /** Records a version issued for the day. */
    void issued(Day day, Issued version);

    @Override
    default void close() {
    }
}

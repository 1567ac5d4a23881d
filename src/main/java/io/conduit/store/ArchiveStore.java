package io.conduit.store;

import jakarta.mail.internet.MimeMessage;

/**
 * Where archived copies go: an IMAP server ({@link ImapStore}) or a Maildir++ tree ({@link MaildirStore}).
 *
 * <p>Implementations are thread-safe, keep their connections open across items and create folders on demand.
 */
public interface ArchiveStore extends AutoCloseable {

    /**
     * Stores one copy of a message in a custodian's mailbox.
     *
     * @param mailbox custodian mailbox, e.g. {@code alice@example.com}
     * @param folder  folder inside it, e.g. {@code WhatsApp Archiver} or {@code Inbox}; hierarchy separator {@code /}
     * @param message the complete message; it is written once, streaming its parts
     * @return the stored copy with its correlation id (the IMAP {@code APPENDUID} or the Maildir file name)
     * @throws StoreException when the copy could not be stored; the message says which mailbox and folder and why,
     *                        and never contains a secret
     */
    StoredCopy append(String mailbox, String folder, MimeMessage message) throws StoreException;

    /**
     * Stores one copy of each message in one folder of a custodian's mailbox, in the order given: as few commands as
     * the store allows (IMAP {@code MULTIAPPEND}, RFC 3502, when the server offers it; Maildir: the files written and
     * forced to disk, then renamed, then the folder forced once). The default stores them one after another.
     *
     * <p>All or nothing is not promised: when this throws, some of the messages may be stored. The caller then stores
     * each of them again with {@link #appendIfAbsent}, which finds those by {@code Message-ID} rather than doubling them.
     *
     * @param messages the complete messages, each written once
     * @return one copy per message, in the same order
     * @throws StoreException when any copy could not be stored (a size refusal included); names mailbox and folder
     */
    default java.util.List<StoredCopy> appendAll(String mailbox, String folder, java.util.List<? extends MimeMessage> messages)
            throws StoreException {
        java.util.List<StoredCopy> copies = new java.util.ArrayList<>(messages.size());
        for (MimeMessage message : messages) {
            copies.add(append(mailbox, folder, message));
        }
        return copies;
    }

    /**
     * Stores one copy unless a copy with the same {@code Message-ID} is already in the folder, for an item that may
     * have been half-stored before (a crash between storing and recording it, a redelivery after a lost answer).
     * The default appends: right for stores whose {@link #append} is idempotent by itself, like the Maildir store.
     *
     * @return the copy found, or the copy stored
     * @throws StoreException as {@link #append}
     */
    default StoredCopy appendIfAbsent(String mailbox, String folder, MimeMessage message) throws StoreException {
        return append(mailbox, folder, message);
    }

    /**
     * Removes one copy this store wrote: only for {@code check-target}'s probe item, never for an archived item.
     *
     * @param copy a copy returned by {@link #append} of this store
     * @throws StoreException when the copy cannot be removed, or this store cannot remove copies
     */
    default void remove(StoredCopy copy) throws StoreException {
        throw new StoreException(describe() + " cannot remove copies");
    }

    /** Told of each stored copy that {@link #readAll} reads. */
    @FunctionalInterface
    interface CopyVisitor {
        /**
         * @param folder  the custodian's folder, e.g. {@code WhatsApp Archiver} ({@code Inbox} for the top)
         * @param message the copy, read in full
         */
        void visit(String folder, MimeMessage message) throws jakarta.mail.MessagingException, java.io.IOException;
    }

    /**
     * Reads every copy in every folder of a custodian's mailbox, for exports (RSMF). The default refuses: a store that
     * cannot be read back.
     *
     * @throws StoreException naming the mailbox and what failed (including an exception the visitor threw)
     */
    default void readAll(String mailbox, CopyVisitor visitor) throws StoreException {
        throw new StoreException(describe() + " cannot be read back");
    }

    /**
     * Reads every copy as {@link #readAll} does, but in the order the store lists them rather than sorted, so that
     * memory does not grow with the size of a folder: for checks that take each copy on its own
     * ({@code conduit verify}). The default is {@link #readAll}.
     *
     * @throws StoreException naming the mailbox and what failed (including an exception the visitor threw)
     */
    default void readAllUnsorted(String mailbox, CopyVisitor visitor) throws StoreException {
        readAll(mailbox, visitor);
    }

    /**
     * The largest message the store accepts, in bytes: the IMAP server's {@code APPENDLIMIT} (RFC 7889) once known, or
     * -1 when the store sets no limit or has not said yet.
     */
    default long appendLimit() {
        return -1;
    }

    /**
     * Checks that the store can take copies now, for the readiness check: an IMAP server is reachable and accepts the
     * login that stores into {@code mailbox}; a Maildir root exists (it is created when missing) and a file can be
     * written into it.
     *
     * @param mailbox a custodian mailbox the check logs in for (the catch-all mailbox: every store needs it)
     * @throws StoreException naming what failed (server, login, folder), never a secret
     */
    void check(String mailbox) throws StoreException;

    /** Where this store writes, for logs and summaries: a URI without credentials. */
    String describe();

    /** Releases connections; the store may be used again afterwards (it reconnects). */
    @Override
    void close();
}

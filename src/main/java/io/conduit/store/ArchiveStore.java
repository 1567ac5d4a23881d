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

    /** Where this store writes, for logs and summaries: a URI without credentials. */
    String describe();

    /** Releases connections; the store may be used again afterwards (it reconnects). */
    @Override
    void close();
}

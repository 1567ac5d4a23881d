package io.conduit.store;

/**
 * The store refused a copy for its size: an IMAP server's {@code NO [TOOBIG]} (RFC 7889, RFC 4469) or
 * {@code NO [LIMIT]} answer about the message's size (Dovecot: {@code Mail size is larger than the maximum size allowed
 * by server configuration}), or a Graph {@code 413}. The pipeline builds the item again without its largest
 * attachments (archived partially, each left-out file named with its size and SHA-256) and stores it once more.
 */
public class ItemTooBigException extends StoreException {

    private final long refusedBytes;

    /**
     * @param message      names the server, mailbox and folder and the server's answer, never a secret
     * @param refusedBytes size in bytes of the message the store refused, or -1 when unknown
     */
    public ItemTooBigException(String message, long refusedBytes, Throwable cause) {
        super(message, cause);
        this.refusedBytes = refusedBytes;
    }

    /** Size in bytes of the refused message, or -1 when unknown. */
    public long refusedBytes() {
        return refusedBytes;
    }
}

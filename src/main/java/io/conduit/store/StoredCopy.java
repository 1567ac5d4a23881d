package io.conduit.store;

/**
 * One copy of an item in one custodian's mailbox.
 *
 * @param mailbox       custodian mailbox
 * @param folder        folder the copy went into
 * @param correlationId the store's proof of the copy: for IMAP {@code imap://host/folder;UIDVALIDITY=v/;UID=u}
 *                      style from the {@code APPENDUID} response (RFC 4315, RFC 5092), for Maildir the path of the
 *                      file relative to the store root
 * @param mimeSha256    lower-case hex SHA-256 of the copy's MIME bytes with CRLF line endings
 *                      ({@link io.conduit.ledger.MimeDigest}), or {@code null} when not known
 * @param size          the copy's size in bytes with CRLF line endings, or -1 when not known
 */
public record StoredCopy(String mailbox, String folder, String correlationId, String mimeSha256, long size) {

    /** A copy whose hash is not known (yet). */
    public StoredCopy(String mailbox, String folder, String correlationId) {
        this(mailbox, folder, correlationId, null, -1);
    }

    /** This copy with its MIME SHA-256 and size. */
    public StoredCopy withDigest(String sha256, long bytes) {
        return new StoredCopy(mailbox, folder, correlationId, sha256, bytes);
    }
}

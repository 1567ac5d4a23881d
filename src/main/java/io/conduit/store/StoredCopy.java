package io.conduit.store;

/**
 * One copy of an item in one custodian's mailbox.
 *
 * @param mailbox       custodian mailbox
 * @param folder        folder the copy went into
 * @param correlationId the store's proof of the copy: for IMAP {@code imap://host/folder;UIDVALIDITY=v/;UID=u}
 *                      style from the {@code APPENDUID} response (RFC 4315, RFC 5092), for Maildir the path of the
 *                      file relative to the store root
 */
public record StoredCopy(String mailbox, String folder, String correlationId) {
}

package io.conduit.mime;

import java.io.IOException;
import java.io.OutputStream;

import io.conduit.ledger.MimeDigest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The message Conduit stores: a fixed {@code Message-ID}, and the MIME SHA-256 ({@link MimeDigest}) computed while a
 * store writes it (a digest stream around the store's own stream: no second pass, no buffer), read after the write
 * with {@link #lastWrite()}.
 */
public final class HashedMimeMessage extends MimeMessage {

    private final String messageId;
    private volatile MimeDigest.Result lastWrite;

    HashedMimeMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }

    /**
     * Writes the message once into memory and from then on writes those bytes, so that its copies into several
     * mailboxes are encoded and hashed once. For a small message that will not change any more (a batch's item); the
     * caller bounds the bytes.
     */
    public void freeze() throws IOException, MessagingException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(4096);
        writeTo(bytes, null);
        frozenSentDate = super.getSentDate();
        frozen = bytes.toByteArray();
        frozenDigest = lastWrite;
    }

    private volatile byte[] frozen;

    /** True once {@link #freeze} ran: every write from then on gives the same bytes. */
    public boolean isFrozen() {
        return frozen != null;
    }
    private volatile MimeDigest.Result frozenDigest;
    private java.util.Date frozenSentDate; // published by the volatile write of frozen

    /**
     * The {@code Date:} header's instant; once frozen, parsed at {@link #freeze} and not again (a store names each
     * copy's file by it).
     */
    @Override
    public java.util.Date getSentDate() throws MessagingException {
        if (frozen != null) {
            java.util.Date sent = frozenSentDate;
            return sent == null ? null : new java.util.Date(sent.getTime());
        }
        return super.getSentDate();
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
        byte[] bytes = frozen;
        if (bytes != null && ignoreList == null) {
            os.write(bytes);
            lastWrite = frozenDigest;
            return;
        }
        MimeDigest digest = new MimeDigest(os);
        super.writeTo(digest, ignoreList);
        digest.flush();
        String hex = digest.sha256Hex();
        lastWrite = new MimeDigest.Result(hex, digest.size());
    }

    /** The hash and size of the last complete write of this message, or {@code null} before the first one. */
    public MimeDigest.Result lastWrite() {
        return lastWrite;
    }

    /** The hash and size of this message as it would be written now, computed by writing it to nowhere. */
    public MimeDigest.Result digest() throws IOException, MessagingException {
        writeTo(OutputStream.nullOutputStream(), null);
        return lastWrite;
    }
}

package io.conduit.test;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/** Reads archived emails in assertions without checked exceptions. */
public final class Mails {

    private Mails() {
    }

    /** A header's first value, RFC 2047 decoded; empty when absent. */
    public static String header(MimeMessage m, String name) {
        try {
            String v = m.getHeader(name, null);
            return v == null ? "" : MimeUtility.decodeText(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The content: a {@code String} or a {@link MimeMultipart}. */
    public static Object content(MimeMessage m) {
        try {
            return m.getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text: the body, or the first part of a multipart. */
    public static String body(MimeMessage m) {
        try {
            Object c = m.getContent();
            return c instanceof MimeMultipart mp ? (String) mp.getBodyPart(0).getContent() : (String) c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole message as RFC 5322 text (headers and body as stored). */
    public static String text(MimeMessage m) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            m.writeTo(out);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

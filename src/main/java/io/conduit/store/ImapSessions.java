package io.conduit.store;

import jakarta.mail.Session;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the Jakarta Mail session for {@link ImapSettings}: protocol, TLS verification and timeouts. */
final class ImapSessions {

    private ImapSessions() {
    }

    /** The Jakarta Mail store protocol: {@code imaps} for IMAPS, else {@code imap}. */
    static String protocol(ImapSettings settings) {
        return settings.security() == ImapSettings.Security.IMAPS ? "imaps" : "imap";
    }

    /**
     * Creates a session with certificate and host-name verification on (unless {@code insecureTrustAll}),
     * STARTTLS required for {@link ImapSettings.Security#STARTTLS}, and the timeouts in milliseconds.
     *
     * @throws IllegalArgumentException when the truststore cannot be read (the message names the file, not the password)
     */
    static Session create(ImapSettings settings) {
        String p = "mail." + protocol(settings) + ".";
        Properties props = new Properties();
        props.put(p + "connectiontimeout", String.valueOf(settings.connectTimeoutMillis()));
        props.put(p + "timeout", String.valueOf(settings.timeoutMillis()));
        props.put(p + "writetimeout", String.valueOf(settings.timeoutMillis()));
        props.put(p + "connectionpoolsize", "1");
        props.put(p + "auth.mechanisms", settings.oauth() != null ? "XOAUTH2" : "PLAIN LOGIN");
        // messages above 1 MiB are not buffered for APPEND: Angus Mail writes them twice (once to count the literal's
        // length, once to send it), streaming their attachments from the source both times
        props.put(p + "appendbuffersize", String.valueOf(1024 * 1024));
        switch (settings.security()) {
            case IMAPS -> props.put(p + "ssl.enable", "true");
            case STARTTLS -> {
                props.put(p + "starttls.enable", "true");
                props.put(p + "starttls.required", "true");
            }
            case NONE -> {
                props.put(p + "starttls.enable", "false");
                props.put(p + "ssl.enable", "false");
            }
        }
        if (settings.security() != ImapSettings.Security.NONE) {
            if (settings.insecureTrustAll()) {
                props.put(p + "ssl.trust", "*");
                props.put(p + "ssl.checkserveridentity", "false");
            } else {
                props.put(p + "ssl.checkserveridentity", "true");
                if (settings.trustStore() != null) {
                    // Angus Mail reads the factory object from "ssl.socketFactory" (camel case)
                    props.put(p + "ssl.socketFactory", socketFactory(settings));
                }
            }
        }
        return Session.getInstance(props);
    }

    private static SSLSocketFactory socketFactory(ImapSettings settings) {
        char[] password = settings.trustStorePassword() == null ? null : settings.trustStorePassword().toCharArray();
        try {
            KeyStore trust = KeyStore.getInstance(settings.trustStore().toFile(), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot load IMAP truststore " + settings.trustStore()
                    + ": " + e.getClass().getSimpleName(), e);
        }
    }
}

package io.conduit.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed test certificates (via {@code openssl}) and PKCS12 truststores holding them. */
public final class TestTls {

    private TestTls() {
    }

    /**
     * Writes {@code cert.pem} and {@code key.pem} (RSA 2048, valid 2 days) into {@code dir} for a host name and IP.
     *
     * @throws IOException when openssl fails; the message has its output
     */
    public static void selfSigned(Path dir, String dnsName, String ip) throws IOException {
        Files.createDirectories(dir);
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "2", "-subj", "/CN=" + dnsName,
                "-addext", "subjectAltName=DNS:" + dnsName + ",IP:" + ip)
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = openssl.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IOException("openssl req failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating a certificate", e);
        }
    }

    /**
     * Writes a PKCS12 truststore holding one PEM certificate.
     *
     * @throws IOException when the certificate cannot be read or the store written
     */
    public static void trustStore(Path certPem, Path trustStore, String password) throws IOException {
        try (InputStream in = Files.newInputStream(certPem); OutputStream out = Files.newOutputStream(trustStore)) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("server", cert);
            store.store(out, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build truststore " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** An SSL socket factory trusting exactly the certificates of a PKCS12 truststore. */
    public static SSLSocketFactory socketFactory(Path trustStore, String password) {
        try {
            KeyStore store = KeyStore.getInstance(trustStore.toFile(), password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load truststore " + trustStore, e);
        }
    }
}

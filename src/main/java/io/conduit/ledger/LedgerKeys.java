package io.conduit.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The ledger's Ed25519 signing key (RFC 8032, the JDK's {@code Ed25519}): created on first start in
 * {@code <state>/ledger/}, the private key as PKCS #8 DER in {@code ed25519-private.der} (mode 0600, a secret like the
 * store passwords), the public key as a PEM {@code SubjectPublicKeyInfo} in {@code ed25519-public.pem} for auditors.
 */
public final class LedgerKeys {

    static final String PRIVATE_FILE = "ed25519-private.der";
    static final String PUBLIC_FILE = "ed25519-public.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private LedgerKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Loads the key pair of a ledger folder, creating it when the folder has none.
     *
     * @throws IOException when the files cannot be read or written, or hold no Ed25519 key
     */
    public static synchronized LedgerKeys loadOrCreate(Path dir) throws IOException {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            if (!Files.exists(priv)) {
                Files.createDirectories(dir);
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Path tmp = dir.resolve(PRIVATE_FILE + ".tmp");
                Files.deleteIfExists(tmp);
                try {
                    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(tmp);
                }
                Files.write(tmp, pair.getPrivate().getEncoded());
                Files.writeString(pub, pem(pair.getPublic()), StandardCharsets.US_ASCII);
                try {
                    Files.move(tmp, priv, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                }
            }
            PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)));
            PublicKey publicKey = readPublic(pub);
            return new LedgerKeys(privateKey, publicKey);
        } catch (GeneralSecurityException e) {
            throw new IOException("ledger key in " + dir + " is not an Ed25519 key: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Reads a PEM (or bare base64) Ed25519 public key, as {@link #publicKeyPem()} writes it. */
    public static PublicKey readPublic(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(pem + " is not an Ed25519 public key (PEM SubjectPublicKeyInfo)", e);
        }
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), for auditors. */
    public String publicKeyPem() {
        return pem(publicKey);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Ed25519 signature of {@code data}, base64. */
    public String sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the ledger key", e);
        }
    }

    /** Whether {@code signature} (base64) is {@code key}'s Ed25519 signature of {@code data}. */
    public static boolean verify(PublicKey key, byte[] data, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }
}

package distbuild.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material from PEM files: the CA that peers are checked against ({@code ca.pem}) and, for a
 * process that listens, its certificate chain and private key ({@code cert.pem}, {@code key.pem}).
 * Either half may be missing: a client needs only the CA, and without one the JDK's trusted
 * authorities are used.
 */
public final class Tls {
    public static final String CA_FILE = "ca.pem";
    public static final String CERT_FILE = "cert.pem";
    public static final String KEY_FILE = "key.pem";
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private final List<X509Certificate> authorities;
    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private Tls(List<X509Certificate> authorities, List<X509Certificate> chain, PrivateKey key) {
        this.authorities = authorities;
        this.chain = chain;
        this.key = key;
    }

    /** The TLS files in {@code dir}, if there are any; a certificate without its key (or the reverse) is an error. */
    public static Optional<Tls> load(Path dir) throws IOException {
        Path ca = dir.resolve(CA_FILE);
        Path cert = dir.resolve(CERT_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(cert) != Files.exists(keyFile)) {
            throw new IOException(dir + " has " + (Files.exists(cert) ? CERT_FILE + " but no " + KEY_FILE
                    : KEY_FILE + " but no " + CERT_FILE) + ": a server needs both to serve TLS");
        }
        if (!Files.exists(ca) && !Files.exists(cert)) {
            return Optional.empty();
        }
        List<X509Certificate> authorities = Files.exists(ca) ? certificates(ca) : List.of();
        List<X509Certificate> chain = Files.exists(cert) ? certificates(cert) : List.of();
        PrivateKey key = Files.exists(keyFile) ? privateKey(keyFile) : null;
        return Optional.of(new Tls(authorities, chain, key));
    }

    /** Whether this process can serve TLS: it has a certificate and its key. */
    public boolean canServe() {
        return key != null;
    }

    /** The context a server accepts TLS connections with. */
    public SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(serverKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use " + CERT_FILE + " and " + KEY_FILE + ": " + e.getMessage(), e);
        }
    }

    /** The server's certificate and key as key managers: what a server of another library (gRPC's) is given. */
    public KeyManager[] serverKeyManagers() {
        if (!canServe()) {
            throw new IllegalStateException("no " + CERT_FILE + " and " + KEY_FILE + " to serve TLS with");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("distbuild", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, IN_MEMORY_PASSWORD);
            return keys.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use " + CERT_FILE + " and " + KEY_FILE + ": " + e.getMessage(), e);
        }
    }

    /** The context a caller checks servers with: against {@code ca.pem} if there is one, else the JDK's authorities. */
    public SSLContext clientContext() {
        if (authorities.isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
            }
        }
        return trustingOnly(authorities);
    }

    /** A client context that trusts exactly these authorities; none means every TLS connection fails. */
    public static SSLContext trustingOnly(List<X509Certificate> authorities) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> found = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (found.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            return found;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 private key ({@code BEGIN PRIVATE KEY}), RSA, EC or EdDSA; other forms are named with the fix. */
    private static PrivateKey privateKey(Path file) throws IOException {
        Matcher block = PEM_BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!block.find()) {
            throw new IOException(file + " is not a PEM file");
        }
        if (!block.group(1).equals("PRIVATE KEY")) {
            throw new IOException(file + " holds a \"" + block.group(1) + "\"; distbuild reads unencrypted PKCS#8 keys"
                    + " (\"PRIVATE KEY\"): convert it with  openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException(file + " holds a private key of an algorithm distbuild cannot read (RSA, EC or EdDSA)");
    }
}

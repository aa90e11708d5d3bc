package distbuild.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A bearer secret that proves a {@link Role}. Compared through a SHA-256 digest in constant time,
 * so neither the time of a comparison nor the length of a guess tells an attacker anything.
 * Never printed: {@link #toString()} hides it.
 */
public final class Token {
    /** Shorter secrets are refused: 16 characters of base64 are 96 bits. */
    static final int MIN_LENGTH = 16;
    private static final int MAX_LENGTH = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String secret;
    private final byte[] digest;

    private Token(String secret) {
        this.secret = secret;
        this.digest = sha256(secret);
    }

    /** A fresh token of 256 random bits. */
    public static Token generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Token(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Reads a token file: one line, surrounding white space ignored. */
    public static Token read(Path file) throws IOException {
        if (Files.size(file) > MAX_LENGTH) {
            throw new IOException(file + " is not a token file: it is larger than " + MAX_LENGTH + " bytes");
        }
        String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (secret.length() < MIN_LENGTH || secret.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IOException(file + " is not a token file: it must hold one line of at least " + MIN_LENGTH
                    + " printable ASCII characters (create one with: distbuild credentials DIR)");
        }
        return new Token(secret);
    }

    /** Writes the token to a new file readable by its owner only. */
    public void writeNew(Path file) throws IOException {
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        PrivateFiles.restrict(file);
    }

    /** The value of an {@code Authorization} header that presents this token. */
    public String authorization() {
        return "Bearer " + secret;
    }

    /** Whether {@code presented} is this token, in time independent of where they differ. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Token[hidden]";
    }
}

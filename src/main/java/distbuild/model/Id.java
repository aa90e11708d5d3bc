package distbuild.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 20-byte identifier (the size of a SHA-1 digest) of a source file, a job or a build.
 * Written as 40 lowercase hex characters on the wire and everywhere a human sees it.
 */
public final class Id implements Comparable<Id> {
    public static final int BYTES = 20;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final int hash;

    private Id(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps 20 raw bytes. */
    public static Id of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("an ID is " + BYTES + " bytes, got " + bytes.length);
        }
        return new Id(bytes.clone());
    }

    /**
     * Parses the 40-character hex form.
     *
     * @throws InvalidIdException naming the offending text when it is not exactly 40 hex digits
     */
    public static Id parse(String text) {
        if (text == null) {
            throw new InvalidIdException("missing ID: expected 40 hex characters");
        }
        if (text.length() != 2 * BYTES) {
            throw new InvalidIdException("invalid ID \"" + abbreviate(text) + "\": expected 40 hex characters, got "
                    + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            // Not Character.digit: it also accepts non-ASCII digits ('٣', '３'), which parseHex rejects.
            if (!HexFormat.isHexDigit(text.charAt(i))) {
                throw new InvalidIdException("invalid ID \"" + abbreviate(text) + "\": '" + text.charAt(i)
                        + "' at position " + i + " is not a hex digit");
            }
        }
        return new Id(HEX.parseHex(text));
    }

    /** SHA-1 of the given content: the ID of a source file with that content. */
    public static Id ofContent(byte[] content) {
        MessageDigest sha1 = sha1();
        return new Id(sha1.digest(content));
    }

    /** SHA-1 of a file's content, read as a stream. */
    public static Id ofFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ofStream(in);
        }
    }

    /** SHA-1 of everything left in the stream. Does not close it. */
    public static Id ofStream(InputStream in) throws IOException {
        MessageDigest sha1 = sha1();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha1.update(buffer, 0, n);
        }
        return new Id(sha1.digest());
    }

    /** A new SHA-1 digest; wraps the checked exception that cannot happen on a compliant JVM. */
    public static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1", e);
        }
    }

    /** Wraps a finished SHA-1 digest. */
    public static Id ofDigest(MessageDigest finishedSha1) {
        return new Id(finishedSha1.digest());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The 40-character lowercase hex form. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** The first 8 hex characters, for messages meant for people. */
    public String shortHex() {
        return hex().substring(0, 8);
    }

    @Override
    public String toString() {
        return hex();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Id id && Arrays.equals(bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Id other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}

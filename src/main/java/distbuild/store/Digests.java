package distbuild.store;

import build.bazel.remote.execution.v2.Digest;
import com.google.protobuf.ByteString;
import distbuild.files.FileDigests;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The API's digests: SHA-256 in lowercase hex and a size, checked before anything is looked up by them. */
public final class Digests {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    public static final Digest EMPTY = of(ByteString.EMPTY);

    private Digests() {}

    public static Digest of(ByteString content) {
        var sha = FileDigests.newSha256();
        content.asReadOnlyByteBufferList().forEach(sha::update);
        return Digest.newBuilder().setHash(HexFormat.of().formatHex(sha.digest())).setSizeBytes(content.size()).build();
    }

    public static Digest of(String hash, long size) {
        return Digest.newBuilder().setHash(hash).setSizeBytes(size).build();
    }

    public static boolean isWellFormed(Digest digest) {
        return isSha256(digest.getHash()) && digest.getSizeBytes() >= 0;
    }

    /** Whether {@code hash} is a SHA-256 as the API writes it: 64 lowercase hex digits. */
    public static boolean isSha256(String hash) {
        return SHA256.matcher(hash).matches();
    }

    /**
     * The digest itself if well formed.
     *
     * @throws InvalidDigestException naming {@code what} and what is wrong with it
     */
    public static Digest check(Digest digest, String what) {
        if (!isSha256(digest.getHash())) {
            throw new InvalidDigestException(what + ": \"" + digest.getHash() + "\" is not a SHA-256 digest"
                    + " (64 lowercase hex digits); this server stores blobs by SHA-256 only");
        }
        if (digest.getSizeBytes() < 0) {
            throw new InvalidDigestException(what + ": a blob's size cannot be negative, got " + digest.getSizeBytes());
        }
        return digest;
    }

    /** How the API's resource names and error details write a digest: {@code HASH/SIZE}. */
    public static String text(Digest digest) {
        return digest.getHash() + "/" + digest.getSizeBytes();
    }

    /** A digest for people: its first hex digits and its size. */
    public static String describe(Digest digest) {
        return digest.getHash().substring(0, Math.min(12, digest.getHash().length())) + "…/" + digest.getSizeBytes();
    }

    /** A digest in a request that is malformed: answered as {@code INVALID_ARGUMENT}. */
    public static final class InvalidDigestException extends IllegalArgumentException {
        InvalidDigestException(String message) {
            super(message);
        }
    }
}

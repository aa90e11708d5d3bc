package distbuild.transfer;

import distbuild.model.Id;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Streams bytes into a file while hashing them, and checks the hash against the expected ID. */
final class VerifiedCopy {
    private static final int BUFFER = 64 * 1024;

    private VerifiedCopy() {}

    static void copy(InputStream in, Path target, Id expected) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            copy(in, out, expected);
        }
    }

    /** Reads {@code in} to its end only to check it: what is stored already must not be answered with a different body. */
    static void check(InputStream in, Id expected) throws IOException {
        copy(in, OutputStream.nullOutputStream(), expected);
    }

    private static void copy(InputStream in, OutputStream out, Id expected) throws IOException {
        MessageDigest sha1 = Id.sha1();
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha1.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        Id actual = Id.ofDigest(sha1);
        if (!actual.equals(expected)) {
            throw new ContentMismatchException(expected, actual);
        }
    }
}

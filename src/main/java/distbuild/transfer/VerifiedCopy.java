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
        MessageDigest sha1 = Id.sha1();
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha1.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        Id actual = Id.ofDigest(sha1);
        if (!actual.equals(expected)) {
            throw new ContentMismatchException(expected, actual);
        }
    }
}

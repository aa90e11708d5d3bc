package distbuild.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what a job printed back from the file its commands wrote to, keeping at most
 * {@code limit} bytes: a result travels whole inside a JSON message, so a job that prints
 * gigabytes must not take the worker and the coordinator down with it.
 */
final class OutputCapture {
    static final int DEFAULT_LIMIT = 4 * 1024 * 1024;

    private OutputCapture() {}

    static byte[] read(Path file, int limit) throws IOException {
        if (!Files.exists(file)) {
            return new byte[0];
        }
        long size = Files.size(file);
        if (size <= limit) {
            return Files.readAllBytes(file);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(limit + 100);
        try (InputStream in = Files.newInputStream(file)) {
            out.write(in.readNBytes(limit));
        }
        out.write(("\n[distbuild: " + (size - limit) + " more bytes of output were not kept]\n")
                .getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}

package distbuild.ninja;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A ninja file's bytes, followed in the same array by a 0 that ends the lexer's scanning loops
 * without a bounds check (so the sentinel costs no copy of a 100 MB file).
 *
 * @param size the file's length: {@code bytes[size] == 0}
 */
record SourceText(byte[] bytes, int size) {
    static SourceText read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("larger than 2 GB");
            }
            byte[] bytes = new byte[(int) size + 1];
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, (int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until full or at the end
            }
            int read = buffer.position();
            bytes[read] = 0;
            return new SourceText(bytes, read);
        }
    }

    /** Line {@code number} (1-based) without its line end; empty past the end. */
    String line(int number) {
        int start = 0;
        for (int line = 1; line < number && start < size; start++) {
            if (bytes[start] == '\n') {
                line++;
            }
        }
        int end = start;
        while (end < size && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
}

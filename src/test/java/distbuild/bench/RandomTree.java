package distbuild.bench;

import distbuild.model.Id;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Files of random bytes, every one different, for the transfer scenarios. */
final class RandomTree {
    private RandomTree() {}

    /** Writes {@code count} files of {@code size} random bytes each under {@code dir}; returns their IDs by relative path. */
    static Map<String, Id> write(Path dir, String prefix, int count, int size) throws IOException {
        SplittableRandom random = new SplittableRandom();
        Map<String, Id> files = new LinkedHashMap<>();
        byte[] content = new byte[size];
        for (int i = 0; i < count; i++) {
            fill(random, content);
            String path = String.format(Locale.ROOT, "%s/f%05d.bin", prefix, i);
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            files.put(path, Id.ofContent(content));
        }
        return files;
    }

    /** One file of {@code size} random bytes, written a block at a time. */
    static void writeFile(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom();
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                fill(random, block);
                out.write(block, 0, (int) Math.min(left, block.length));
            }
        }
    }

    private static void fill(SplittableRandom random, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.remaining() >= Long.BYTES) {
            buffer.putLong(random.nextLong());
        }
        while (buffer.hasRemaining()) {
            buffer.put((byte) random.nextInt());
        }
    }
}

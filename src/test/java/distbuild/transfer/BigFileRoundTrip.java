package distbuild.transfer;

import distbuild.testing.Trees;

import distbuild.cache.CachedFile;
import distbuild.cache.FileCache;
import distbuild.files.FileTrees;
import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.http.Routes;
import distbuild.model.Id;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A separate process for {@link BigFileStreamingTest}, meant to run with a small heap: writes a
 * file of the given size into the given directory, uploads it to a file server in this process,
 * downloads it into a second cache, and checks sizes and IDs on the way. Exits 0 if everything
 * matched, 1 with the reason on stdout if not. Deletes what it wrote either way.
 *
 * <p>Usage: {@code BigFileRoundTrip <work directory> <size in bytes>}
 */
public final class BigFileRoundTrip {
    private static final Logger LOG = LoggerFactory.getLogger(BigFileRoundTrip.class);
    private static final int CHUNK = 1 << 20;

    private BigFileRoundTrip() {}

    public static void main(String[] args) {
        Path work = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        int status;
        try {
            run(work, size);
            status = 0;
        } catch (Throwable failure) {
            System.out.println("FAILED: " + failure);
            failure.printStackTrace(System.out);
            status = 1;
        }
        try {
            FileTrees.deleteRecursively(work);
        } catch (IOException e) {
            System.out.println("could not delete " + work + ": " + e);
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    private static void run(Path work, long size) throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        say("max heap %d MiB, file %d MiB", maxHeap >> 20, size >> 20);
        check(maxHeap <= 64L << 20, "this check needs a heap of at most 64 MiB (-Xmx64m), got " + (maxHeap >> 20) + " MiB");
        Files.createDirectories(work);
        Path file = work.resolve("big.bin");

        long started = System.nanoTime();
        writePattern(file, size);
        Id id = Id.ofFile(file);
        say("wrote and hashed %s in %s", id.shortHex(), since(started));

        try (FileCache serverFiles = FileCache.open(work.resolve("server-files"));
                FileCache clientFiles = FileCache.open(work.resolve("client-files"));
                HttpClient http = HttpClients.create()) {
            Routes routes = new Routes(LOG);
            new FileTransferHandler(LOG, serverFiles, Long.MAX_VALUE).register(routes);
            try (LoopbackServer server = LoopbackServer.serve(LOG, "/coordinator", routes)) {
                FileTransferClient client = new FileTransferClient(LOG, http, server.base());

                started = System.nanoTime();
                client.upload(id, file);
                say("uploaded in %s", since(started));
                Files.delete(file); // from here on the only copies are the caches'
                checkStored(serverFiles, id, size, "uploaded");

                started = System.nanoTime();
                client.download(id, clientFiles);
                say("downloaded in %s", since(started));
                checkStored(clientFiles, id, size, "downloaded");
            }
        }
        say("OK");
    }

    /** Writes {@code size} bytes in 1 MiB chunks: a fixed pseudo-random block, stamped with the chunk number. */
    private static void writePattern(Path file, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        int state = 1;
        while (chunk.hasRemaining()) {
            state = state * 1_103_515_245 + 12_345;
            chunk.put((byte) (state >>> 24));
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0, number = 0; written < size; number++) {
                chunk.clear();
                chunk.putLong(0, number);
                chunk.limit((int) Math.min(CHUNK, size - written));
                while (chunk.hasRemaining()) {
                    written += out.write(chunk);
                }
            }
        }
    }

    private static void checkStored(FileCache cache, Id id, long size, String what) throws IOException {
        try (CachedFile stored = cache.get(id)) {
            long storedSize = Files.size(stored.path());
            check(storedSize == size, "the " + what + " file has " + storedSize + " bytes, expected " + size);
            Id storedId = Id.ofFile(stored.path());
            check(storedId.equals(id), "the " + what + " file hashes to " + storedId + ", expected " + id);
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    private static String since(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}

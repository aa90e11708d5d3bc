package distbuild.sandbox;

import distbuild.model.ByteSizes;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches how much a job has written into the directories it may write, and says when it goes
 * over its limit. RLIMIT_FSIZE bounds any one file; this bounds them together (a job writing many
 * files just under that size). It measures every so often rather than on every write, so a job
 * may pass its limit by what it writes in that time before it is stopped; the watch measures less
 * often when measuring is costly (a tree of many files), never more than a twentieth of the time.
 */
final class DiskWatch implements AutoCloseable {
    private static final long LEAST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final List<Path> roots;
    private final long limit;
    private final CompletableFuture<String> exceeded = new CompletableFuture<>();
    private final Thread thread;

    DiskWatch(List<Path> roots, long limit) {
        this.roots = List.copyOf(roots);
        this.limit = limit;
        this.thread = Thread.ofVirtual().name("disk-watch").start(this::watch);
    }

    /** Completes, with why, once the job has written more than it may. */
    CompletableFuture<String> exceeded() {
        return exceeded;
    }

    private void watch() {
        try {
            while (true) {
                long started = System.nanoTime();
                java.util.Optional<String> over = overLimit();
                if (over.isPresent()) {
                    exceeded.complete(over.get() + "; its processes were killed");
                    return;
                }
                long took = System.nanoTime() - started;
                TimeUnit.NANOSECONDS.sleep(Math.max(LEAST_INTERVAL_NANOS, 20 * took));
            }
        } catch (InterruptedException stopped) {
            // the job is over
        }
    }

    /** Why the job has written more than it may, if it has: also checked once it is done, as it may finish between two looks. */
    java.util.Optional<String> overLimit() {
        long written = measure();
        return written < limit ? java.util.Optional.empty() : java.util.Optional.of("it wrote " + ByteSizes.describe(written)
                + ", over its limit of " + ByteSizes.describe(limit) + " (--job-disk)");
    }

    /** The bytes of the files under the roots; what cannot be read (gone as the job deletes it) counts nothing. */
    long measure() {
        long[] total = {0};
        for (Path root : roots) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        total[0] += attributes.size();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // a root that vanished: nothing written there
            }
        }
        return total[0];
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

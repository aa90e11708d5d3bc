package distbuild.worker;

import distbuild.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Private directories for job runs, reused from one job to the next: a worker runs many small
 * jobs, and on common file systems creating and deleting a fresh tree for each costs more CPU
 * than the job. A directory comes back emptied, keeping only the source directory (empty) and
 * the output capture files, which the next run truncates.
 */
final class ScratchSpace {
    private static final Set<PosixFilePermission> SOURCE_DIR_PERMISSIONS = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Logger log;
    private final Path root;
    private final Deque<Path> free = new ArrayDeque<>();
    private int created;

    ScratchSpace(Logger log, Path root) {
        this.log = log;
        this.root = root;
    }

    synchronized Path take() throws IOException {
        Path dir = free.poll();
        return dir != null ? dir : Files.createDirectories(root.resolve(Integer.toString(created++)));
    }

    /** Empties a directory after its run and keeps it for the next one; one that cannot be emptied is dropped. */
    void giveBack(Path dir) {
        try {
            for (Path child : children(dir)) {
                if (!isReusable(child)) {
                    FileTrees.deleteRecursively(child);
                } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS) && Files.size(child) > 0) {
                    // What a job printed may be gigabytes: not kept on disk until the next run here.
                    try (var truncate = java.nio.channels.FileChannel.open(child, java.nio.file.StandardOpenOption.WRITE)) {
                        truncate.truncate(0);
                    }
                }
            }
            Path src = dir.resolve("src");
            if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(src, SOURCE_DIR_PERMISSIONS); // a job may have locked it
                for (Path child : children(src)) {
                    FileTrees.deleteRecursively(child);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not empty the scratch directory {}, dropping it: {}", dir, e.toString());
            try {
                FileTrees.deleteRecursively(dir);
            } catch (IOException again) {
                log.warn("could not remove the scratch directory {} either: {}", dir, again.toString());
            }
            return;
        }
        synchronized (this) {
            free.push(dir);
        }
    }

    /** Only what every run recreates, and only if a job left it of the kind it should be. */
    private static boolean isReusable(Path child) {
        return switch (child.getFileName().toString()) {
            case "src" -> Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            case "stdout", "stderr" -> Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS);
            default -> false;
        };
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.toList();
        }
    }
}

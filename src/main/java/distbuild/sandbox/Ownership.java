package distbuild.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Who owns a job's directories. A job of a worker running as root runs as a user of its own, so
 * its tree is handed to that user before it runs (it may write it, as it could anywhere it runs),
 * and its output is taken back after: owned by the worker, readable by everyone (the next job to
 * read it as a dep runs as another user), and with no mode bit but read, write and execute.
 *
 * <p>Symbolic links are never followed: a job may leave one pointing anywhere on the machine, and
 * a chown or chmod through it would change the host's file.
 */
final class Ownership {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> EXECUTABLE = DIRECTORY;
    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");

    private Ownership() {}

    /** Makes {@code owner} the owner of {@code root} and everything below it, links themselves included. */
    static void give(Path root, int owner) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                chown(dir, owner, owner);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                chown(file, owner, owner);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Gives {@code root} and everything below it back to {@code uid}:{@code gid}, with plain modes
     * (a set-user-ID bit a job left would otherwise run as the worker). Entries that are neither
     * files nor directories are left as they are, for the cache to refuse by name.
     */
    static void takeBack(Path root, int uid, int gid) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                chown(dir, uid, gid);
                chmod(dir, DIRECTORY); // before reading it: the job may have locked it
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    boolean executable = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .permissions().contains(PosixFilePermission.OWNER_EXECUTE);
                    chown(file, uid, gid);
                    chmod(file, executable ? EXECUTABLE : PLAIN);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Sets a file's mode through a descriptor opened without following links: never a link's target's. */
    private static void chmod(Path path, Set<PosixFilePermission> mode) throws IOException {
        Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(mode);
    }

    private static void chown(Path path, int uid, int gid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether any process of the machine runs as {@code uid}. */
    static boolean anyProcessOf(int uid) {
        try (var processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    if ((Integer) Files.getAttribute(process, "unix:uid") == uid) {
                        return true;
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended as we looked
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The user this process runs as (its effective one, which owns its /proc entry). */
    static int processUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    static int processGid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    }
}

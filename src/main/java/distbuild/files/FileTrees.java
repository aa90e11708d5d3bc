package distbuild.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Whole directory trees: deleting them, checking what they hold, sealing them. */
public final class FileTrees {
    private static final Set<PosixFilePermission> WRITE = EnumSet.of(
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OWNER_ALL = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private FileTrees() {}

    /**
     * Deletes {@code path} and, if it is a directory, everything below it. Does nothing if it does
     * not exist. Symbolic links are deleted, never followed.
     *
     * <p>Directories the owner cannot write are made writable first: a job may leave read-only
     * directories in its output, and they must not make a cache entry undeletable.
     */
    public static void deleteRecursively(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return;
        }
        if (attributes.isDirectory()) {
            allowOwnerEverything(path);
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    /**
     * Deletes what a failed operation left at {@code path}. A failure to delete is attached to
     * {@code cause} as suppressed rather than thrown, so the original error is the one reported.
     */
    public static void deleteAfterFailure(Path path, Throwable cause) {
        try {
            deleteRecursively(path);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Makes {@code content} the whole of {@code file} at once (its directory created if needed): a
     * reader sees the old content or the new, never part of it, and a crash leaves one or the other.
     * Safe for writers of the same file at the same time: the last one's content stays.
     */
    public static void replaceAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = file.resolveSibling(file.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            Files.write(written, content);
            Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    /** The bytes of the regular files at or under {@code path}: its size on disk, near enough. */
    public static long size(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return Files.size(path);
        }
        try (Stream<Path> tree = Files.walk(path)) {
            long bytes = 0;
            for (Path file : (Iterable<Path>) tree::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    bytes += Files.size(file);
                }
            }
            return bytes;
        }
    }

    /**
     * Takes write permission away from everything below {@code root}, which must hold only
     * regular files and directories — what a cache has committed must not change under its
     * readers ({@link #deleteRecursively} still deletes it) — and returns the bytes of its files.
     * One walk does both, since a worker seals every artifact it makes.
     *
     * @throws SpecialFileException naming the first entry that is neither a file nor a directory;
     *     the tree is then partly sealed
     */
    public static long seal(Path root) throws IOException {
        long bytes = 0;
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile()) {
                    bytes += attributes.size();
                } else if (!attributes.isDirectory()) {
                    throw new SpecialFileException(root.relativize(path));
                }
                Set<PosixFilePermission> permissions = attributes.permissions();
                if (permissions.removeAll(WRITE)) {
                    Files.setPosixFilePermissions(path, permissions);
                }
            }
        }
        return bytes;
    }

    /**
     * The SHA-256 of a tree as a job's output is compared (64 hex digits): every directory and
     * regular file by its path below {@code root}, each file with its executable bit and content;
     * times, owners and other permission bits do not count. Two trees have the same digest exactly
     * when a job reading either would see the same thing.
     */
    public static String digest(Path root) throws IOException {
        java.util.List<String> paths = new java.util.ArrayList<>();
        try (Stream<Path> tree = Files.walk(root)) {
            tree.filter(path -> !path.equals(root)).forEach(path -> paths.add(root.relativize(path).toString()));
        }
        java.util.Collections.sort(paths);
        java.security.MessageDigest listing = FileDigests.newSha256();
        for (String relative : paths) {
            Path path = root.resolve(relative);
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String line;
            if (attributes.isDirectory()) {
                line = "d " + relative;
            } else if (attributes.isRegularFile()) {
                boolean executable = attributes.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
                line = "f " + relative + (executable ? " x " : " - ") + FileDigests.sha256(path);
            } else {
                throw new SpecialFileException(root.relativize(path));
            }
            // A path may hold any byte but NUL, so lines end with one.
            listing.update((line + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return java.util.HexFormat.of().formatHex(listing.digest());
    }

    /**
     * Makes {@code to} a tree like {@code from} whose files are hard links to {@code from}'s (a
     * copy where a link cannot be made): for a sealed cache entry given to another entry, whose
     * files nobody writes.
     */
    public static void linkTree(Path from, Path to) throws IOException {
        replicate(from, to, (file, target) -> {
            try {
                Files.createLink(target, file);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException notHere) {
                Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        });
    }

    /**
     * Copies the files and directories below {@code from} to a new tree at {@code to}: files keep
     * their permission bits, directories are left writable so the copy can be filled (and deleted).
     * A copy is a job's own: whatever it does to it, the cache it came from stays as it was.
     */
    public static void copyTree(Path from, Path to) throws IOException {
        replicate(from, to, Files::copy);
    }

    /** How a regular file of a tree gets to its place in another. */
    @FunctionalInterface
    private interface FilePlacement {
        void place(Path file, Path target) throws IOException;
    }

    /** The directories below {@code from} made again below {@code to}, each regular file placed there; anything else refused. */
    private static void replicate(Path from, Path to, FilePlacement placement) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    placement.place(path, target);
                } else {
                    throw new SpecialFileException(from.relativize(path));
                }
            }
        }
    }

    private static void allowOwnerEverything(Path directory) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (!permissions.containsAll(OWNER_ALL)) {
            Set<PosixFilePermission> widened = EnumSet.copyOf(OWNER_ALL);
            widened.addAll(permissions);
            Files.setPosixFilePermissions(directory, widened);
        }
    }
}

package distbuild.tar;

import distbuild.files.FileTrees;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a directory tree to a stream as a tar archive, and extracts such a stream into a new
 * directory. Both stream: no file is ever held in memory, whatever its size.
 */
public final class TarStream {
    private static final int EXECUTABLE_MODE = 0755;
    private static final int PLAIN_MODE = 0644;
    private static final int ANY_EXECUTE_BIT = 0111;
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Keeps the staging directory's name within the usual 255-byte limit however long the target's is. */
    private static final int MAX_TARGET_NAME_IN_STAGING = 100;

    private TarStream() {}

    /**
     * Writes the tree under {@code directory} to {@code out} as a tar archive and finishes the
     * archive, leaving {@code out} open: the caller owns it.
     *
     * <p>Entries are named relative to {@code directory} (no {@code ./} prefix; directories end in
     * '/') and come in sorted order, so the same tree always gives the same sequence of entries.
     * Directories get mode 0755; files 0755 if their owner may execute them, otherwise 0644.
     *
     * @throws UnsupportedFileTypeException if the tree holds anything other than regular files and
     *     directories, such as a symbolic link; part of the archive may already have been written
     */
    public static void write(Path directory, OutputStream out) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        writeChildren(tar, directory, "");
        // finish(), not close(): close() would close the caller's stream too.
        tar.finish();
        tar.flush();
    }

    /**
     * Extracts the archive read from {@code in} into a new directory {@code target}, which must not
     * exist yet (its parent must). The archive is unpacked into a hidden staging directory next to
     * {@code target} and moved into place atomically only once it has been read to its end, so
     * {@code target} either appears complete or not at all. {@code in} is not closed.
     *
     * <p>Accepts what Go's {@code archive/tar} and GNU tar write: USTAR headers, PAX extended
     * headers for long names, names with or without a {@code ./} prefix. Files whose mode has any
     * execute bit become 0755, other files 0644, directories 0755.
     *
     * @throws UnsafeArchiveException for an entry with an absolute path or a '..' component, and for
     *     links, devices, FIFOs and any other entry that is not a regular file or a directory
     * @throws EOFException if the archive ends before its end-of-archive marker
     * @throws FileAlreadyExistsException if {@code target} exists
     */
    public static void extract(InputStream in, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "the directory to extract into must not exist yet");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(String.valueOf(parent), null, "the parent of the directory to extract into does not exist");
        }
        Path staging = createStagingDirectory(parent, target.getFileName().toString());
        try {
            extractEntries(in, staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (Throwable failure) {
            FileTrees.deleteAfterFailure(staging, failure);
            throw failure;
        }
    }

    private static void writeChildren(TarArchiveOutputStream tar, Path directory, String prefix) throws IOException {
        for (Path child : sortedChildren(directory)) {
            String name = prefix + child.getFileName();
            PosixFileAttributes attributes = Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                putEntry(tar, name + "/", EXECUTABLE_MODE, 0, attributes.lastModifiedTime());
                tar.closeArchiveEntry();
                writeChildren(tar, child, name + "/");
            } else if (attributes.isRegularFile()) {
                boolean executable = attributes.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
                putEntry(tar, name, executable ? EXECUTABLE_MODE : PLAIN_MODE, attributes.size(), attributes.lastModifiedTime());
                try (InputStream content = Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)) {
                    content.transferTo(tar);
                }
                tar.closeArchiveEntry();
            } else {
                throw new UnsupportedFileTypeException(name, describe(attributes));
            }
        }
    }

    private static List<Path> sortedChildren(Path directory) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(children::add);
        }
        children.sort(Comparator.comparing(child -> child.getFileName().toString()));
        return children;
    }

    private static void putEntry(TarArchiveOutputStream tar, String name, int mode, long size, FileTime modified)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(size);
        // Whole seconds: a sub-second time would cost every entry an extra PAX header.
        entry.setModTime(FileTime.from(modified.toInstant().truncatedTo(ChronoUnit.SECONDS)));
        // The writing machine's account names and numbers mean nothing where the archive is read.
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
    }

    private static String describe(PosixFileAttributes attributes) {
        return attributes.isSymbolicLink() ? "a symbolic link" : "a special file (a device, FIFO or socket)";
    }

    private static Path createStagingDirectory(Path parent, String targetName) throws IOException {
        String suffix = targetName.length() <= MAX_TARGET_NAME_IN_STAGING
                ? targetName
                : targetName.substring(0, MAX_TARGET_NAME_IN_STAGING);
        while (true) {
            Path staging = parent.resolve(".tmp-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + "-" + suffix);
            try {
                return Files.createDirectory(staging);
            } catch (FileAlreadyExistsException taken) {
                // Another extraction picked the same random name; draw again.
            }
        }
    }

    private static void extractEntries(InputStream in, Path staging) throws IOException {
        EndCheckingTarInputStream tar = new EndCheckingTarInputStream(in);
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
            SafeEntry safe = SafeEntry.of(entry);
            if (safe.isRoot()) {
                continue;
            }
            if (safe.isDirectory()) {
                createDirectories(staging, safe.path(), entry.getName());
            } else {
                // Archives need not list a file's directories before it; Go's tarstream does not.
                int slash = safe.path().lastIndexOf('/');
                if (slash >= 0) {
                    createDirectories(staging, safe.path().substring(0, slash), entry.getName());
                }
                extractFile(tar, staging.resolve(safe.path()), entry);
            }
        }
        if (!tar.sawEndOfArchive()) {
            throw new EOFException("the archive ended without its end-of-archive marker: it was probably cut off in transfer");
        }
    }

    /** Creates each missing directory on {@code relativePath}, with mode 0755 whatever the umask. */
    private static void createDirectories(Path staging, String relativePath, String entryName) throws IOException {
        Path directory = staging;
        for (String component : relativePath.split("/")) {
            directory = directory.resolve(component);
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeArchiveException(entryName, "\"" + staging.relativize(directory)
                        + "\" is a file in this archive, so it cannot also be a directory");
            }
            Files.createDirectory(directory);
            Files.setPosixFilePermissions(directory, EXECUTABLE);
        }
    }

    private static void extractFile(InputStream tar, Path path, TarArchiveEntry entry) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException(entry.getName(), "an earlier entry of this archive has the same path");
        }
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            tar.transferTo(out);
        }
        Files.setPosixFilePermissions(path, (entry.getMode() & ANY_EXECUTE_BIT) != 0 ? EXECUTABLE : PLAIN);
    }
}

package distbuild.cache;

import distbuild.files.FileTrees;
import distbuild.model.Id;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A file being written into the {@link FileCache}: write {@link #path()}, then {@link #commit()}
 * or {@link #abort()}. Closing without committing aborts, so try-with-resources never leaves a
 * writer behind. Meant for one thread at a time.
 */
public final class PendingFile implements AutoCloseable {
    /**
     * Workers hard-link cached files into job directories; read-only keeps a job that writes to
     * its input from changing the cached copy.
     */
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");

    private final Id id;
    private final CacheDirectory.Reservation reservation;
    private final Path path;

    PendingFile(Id id, CacheDirectory.Reservation reservation, Path path) {
        this.id = id;
        this.reservation = reservation;
        this.path = path;
    }

    public Id id() {
        return id;
    }

    /**
     * Where to write the content: a path in the cache's temporary area that does not exist yet,
     * so both {@code Files.copy(in, path())} and {@code Files.newOutputStream(path())} work.
     */
    public Path path() {
        return path;
    }

    /**
     * Makes the written file the cached file {@code id}, atomically and read-only. Committing
     * again does nothing.
     *
     * @throws IllegalStateException if the writer was aborted, or nothing was written to
     *     {@link #path()}
     */
    public void commit() throws IOException {
        if (reservation.isCommitted()) {
            return;
        }
        reservation.checkNotAborted();
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("nothing was written to " + path + "; write the content of file "
                    + id.shortHex() + "… before committing it");
        }
        Files.setPosixFilePermissions(path, READ_ONLY);
        reservation.commit(path);
    }

    /** Discards what was written and lets others create {@code id}. Does nothing after commit. */
    public void abort() throws IOException {
        if (reservation.abort()) {
            FileTrees.deleteRecursively(path);
        }
    }

    /** Aborts unless committed. */
    @Override
    public void close() throws IOException {
        abort();
    }
}

package distbuild.cache;

import distbuild.model.Id;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Source files by content ID, one regular file per ID, kept across restarts (SPEC §8). Used by the
 * coordinator for uploads and by workers for the inputs of their jobs. Thread-safe.
 *
 * <p>Layout: {@code root/<40-hex id>} for committed files (read-only), {@code root/tmp/} for
 * files being written or removed, {@code root/.lock} against a second process.
 */
public final class FileCache extends ContentCache {

    private FileCache(CacheDirectory directory) {
        super(directory);
    }

    /**
     * Opens the cache in {@code root}, creating the directory if needed. Files half-written when
     * the last owner stopped are discarded.
     *
     * @throws CacheInUseException if another process (or another open cache) uses {@code root}
     */
    public static FileCache open(Path root) throws IOException {
        return open(root, CacheLimit.NONE);
    }

    /** Like {@link #open(Path)}, keeping the cache within {@code limit} by evicting what was least recently used. */
    public static FileCache open(Path root, CacheLimit limit) throws IOException {
        return new FileCache(CacheDirectory.open(root, "file", limit));
    }

    /**
     * Starts writing the file {@code id}; the caller is its only writer until it commits or aborts.
     *
     * @throws EntryExistsException if the file is already in the cache
     * @throws EntryLockedException if another writer is writing it
     */
    public PendingFile create(Id id) throws CacheException {
        return new PendingFile(id, directory.reserve(id), directory.newTemporaryPath(id));
    }

    /**
     * Starts writing the file {@code id}, first waiting for any other writer of it to finish: how
     * concurrent uploads of the same content behave. Empty if the file is in the cache, whether it
     * already was or the other writer committed it; a writer if it is absent, including when the
     * other writer aborted.
     */
    public Optional<PendingFile> createOrWait(Id id) throws IOException, InterruptedException {
        return directory.reserveOrWait(id)
                .map(reservation -> new PendingFile(id, reservation, directory.newTemporaryPath(id)));
    }

    /**
     * Leases the committed file {@code id} for reading; it cannot be removed until the lease is
     * closed. A file still being written is not found.
     */
    public CachedFile get(Id id) throws EntryNotFoundException {
        return new CachedFile(directory.entryPath(id), directory.startReading(id));
    }
}

package distbuild.cache;

import distbuild.files.FileTrees;
import distbuild.model.Id;
import distbuild.model.JobResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Job outputs by job ID, kept across restarts (SPEC §8): one directory per job, together with
 * the job's stored result when the worker ran it itself. Used by workers. Thread-safe.
 *
 * <p>Layout: {@code root/<hex>/output/} is the artifact; {@code root/<hex>/result} the stored
 * result (present only if there is one); {@code root/tmp/} holds entries being written or
 * removed; {@code root/.lock} keeps out a second process.
 */
public final class ArtifactCache extends ContentCache {
    static final String OUTPUT = "output";

    /** Serializes {@link #attachResult}, so two attachments to one entry do not race. */
    private final ReentrantLock attaching = new ReentrantLock();

    private ArtifactCache(CacheDirectory directory) {
        super(directory);
    }

    /**
     * Opens the cache in {@code root}, creating the directory if needed. Artifacts half-written
     * when the last owner stopped are discarded.
     *
     * @throws CacheInUseException if another process (or another open cache) uses {@code root}
     */
    public static ArtifactCache open(Path root) throws IOException {
        return open(root, CacheLimit.NONE);
    }

    /** Like {@link #open(Path)}, keeping the cache within {@code limit} by evicting what was least recently used. */
    public static ArtifactCache open(Path root, CacheLimit limit) throws IOException {
        return new ArtifactCache(CacheDirectory.open(root, "artifact", limit));
    }

    /**
     * Starts writing the artifact {@code id}; the caller is its only writer until it commits or
     * aborts.
     *
     * @throws EntryExistsException if the artifact is already in the cache
     * @throws EntryLockedException if another writer is writing it
     */
    public PendingArtifact create(Id id) throws IOException {
        return stage(id, directory.reserve(id));
    }

    /**
     * Starts writing the artifact {@code id}, first waiting for any other writer of it to finish.
     * Empty if the artifact is in the cache, whether it already was or the other writer committed
     * it; a writer if it is absent, including when the other writer aborted.
     */
    public Optional<PendingArtifact> createOrWait(Id id) throws IOException, InterruptedException {
        Optional<CacheDirectory.Reservation> reservation = directory.reserveOrWait(id);
        return reservation.isEmpty() ? Optional.empty() : Optional.of(stage(id, reservation.get()));
    }

    /**
     * Leases the committed artifact {@code id} for reading; it cannot be removed until the lease
     * is closed. An artifact still being written is not found.
     */
    public CachedArtifact get(Id id) throws EntryNotFoundException {
        return new CachedArtifact(id, directory.entryPath(id), directory.startReading(id));
    }

    /**
     * Stores {@code result} with the committed artifact {@code id} if it has none yet (otherwise
     * does nothing): for a worker that re-ran a job whose output it had only fetched from a peer.
     *
     * @throws IllegalArgumentException unless {@code result} is a success of job {@code id}
     * @throws EntryNotFoundException if the artifact is not in the cache
     */
    public void attachResult(Id id, JobResult result) throws IOException {
        StoredResult.checkStorable(id, result);
        // The lease keeps the entry from being removed while the files move in.
        CacheDirectory.ReadLease lease = directory.startReading(id);
        attaching.lock();
        try {
            Path entry = directory.entryPath(id);
            if (StoredResult.isIn(entry)) {
                return;
            }
            Path staging = Files.createDirectory(directory.newTemporaryPath(id));
            try {
                StoredResult.write(staging, result);
                StoredResult.moveInto(staging, entry);
                directory.recount(id);
            } finally {
                FileTrees.deleteRecursively(staging);
            }
        } finally {
            attaching.unlock();
            lease.release();
        }
    }

    private PendingArtifact stage(Id id, CacheDirectory.Reservation reservation) throws IOException {
        Path staging = directory.newTemporaryPath(id);
        try {
            Files.createDirectory(staging);
        } catch (IOException | RuntimeException e) {
            reservation.abort();
            throw e;
        }
        return new PendingArtifact(id, reservation, staging);
    }
}

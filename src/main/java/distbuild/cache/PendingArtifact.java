package distbuild.cache;

import distbuild.files.FileTrees;
import distbuild.model.Id;
import distbuild.model.JobResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * An artifact being written into the {@link ArtifactCache}: fill {@link #outputDir()}, then
 * commit (with the job's result, or without one for an artifact fetched from a peer) or abort.
 * Closing without committing aborts. Meant for one thread at a time.
 */
public final class PendingArtifact implements AutoCloseable {
    private final Id id;
    private final CacheDirectory.Reservation reservation;
    /** The entry directory being assembled in the temporary area; renamed into place on commit. */
    private final Path staging;

    PendingArtifact(Id id, CacheDirectory.Reservation reservation, Path staging) {
        this.id = id;
        this.reservation = reservation;
        this.staging = staging;
    }

    public Id id() {
        return id;
    }

    /**
     * The artifact directory to fill. It does not exist yet (its parent does), so it can be
     * created with {@code Files.createDirectory} or by {@code TarStream.extract}.
     */
    public Path outputDir() {
        return staging.resolve(ArtifactCache.OUTPUT);
    }

    /**
     * Commits the artifact atomically together with the job's result. Committing again does
     * nothing. Creates an empty output directory if none was created.
     *
     * @throws IllegalArgumentException unless {@code result} is a success of job {@link #id()}
     * @throws IllegalStateException if the writer was aborted
     */
    public void commit(JobResult result) throws IOException {
        StoredResult.checkStorable(id, result);
        if (reservation.isCommitted()) {
            return;
        }
        reservation.checkNotAborted();
        StoredResult.write(staging, result);
        commitStaging();
    }

    /** Commits the artifact without a result: one fetched from a peer that sent none. */
    public void commitWithoutResult() throws IOException {
        if (reservation.isCommitted()) {
            return;
        }
        reservation.checkNotAborted();
        commitStaging();
    }

    /** Discards what was written and lets others create {@code id}. Does nothing after commit. */
    public void abort() throws IOException {
        if (reservation.abort()) {
            FileTrees.deleteRecursively(staging);
        }
    }

    /** Aborts unless committed. */
    @Override
    public void close() throws IOException {
        abort();
    }

    private void commitStaging() throws IOException {
        if (!Files.isDirectory(outputDir(), LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(outputDir());
        }
        // Jobs get deps as the cache's own directories: sealed, a job cannot corrupt them for everyone.
        long bytes = FileTrees.seal(outputDir());
        reservation.commit(staging, bytes + StoredResult.size(staging));
    }
}

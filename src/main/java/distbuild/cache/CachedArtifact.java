package distbuild.cache;

import distbuild.model.Id;
import distbuild.model.JobResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A read lease on an artifact in the {@link ArtifactCache}: while it is open the artifact stays
 * in the cache. Closing twice is harmless.
 */
public final class CachedArtifact implements AutoCloseable {
    private final Id id;
    private final Path entry;
    private final CacheDirectory.ReadLease lease;

    CachedArtifact(Id id, Path entry, CacheDirectory.ReadLease lease) {
        this.id = id;
        this.entry = entry;
        this.lease = lease;
    }

    public Id id() {
        return id;
    }

    /** The artifact directory; read it, but do not change it. */
    public Path outputDir() {
        return entry.resolve(ArtifactCache.OUTPUT);
    }

    /** The stored result of the job, if this worker ran it (or one was attached since). */
    public Optional<JobResult> result() throws IOException {
        return StoredResult.read(entry, id);
    }

    @Override
    public void close() {
        lease.release();
    }
}

package distbuild.cache;

import java.nio.file.Path;

/**
 * A read lease on a file in the {@link FileCache}: while it is open the file stays in the cache.
 * Closing twice is harmless.
 */
public final class CachedFile implements AutoCloseable {
    private final Path path;
    private final CacheDirectory.ReadLease lease;

    CachedFile(Path path, CacheDirectory.ReadLease lease) {
        this.path = path;
        this.lease = lease;
    }

    public distbuild.model.Id id() {
        return lease.id();
    }

    /** The cached file: read-only; read it, copy it or hard-link it, but do not change it. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        lease.release();
    }
}

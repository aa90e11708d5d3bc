package distbuild.cache;

import distbuild.model.Id;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What both caches offer beyond writing and reading an entry: the same machinery underneath. */
public abstract sealed class ContentCache implements AutoCloseable permits FileCache, ArtifactCache {
    final CacheDirectory directory;

    ContentCache(CacheDirectory directory) {
        this.directory = directory;
    }

    public boolean contains(Id id) {
        return directory.contains(id);
    }

    /** Every committed entry, in ID order. */
    public List<Id> list() throws IOException {
        return directory.list();
    }

    /**
     * Removes the entry {@code id} (for an artifact, with its stored result).
     *
     * @throws EntryNotFoundException if it is not in the cache
     * @throws EntryLockedException while it is being read or written
     */
    public void remove(Id id) throws IOException {
        directory.remove(id);
    }

    /** Bytes the cache's entries take, as its limit counts them; 0 for a cache without a limit. */
    public long size() {
        return directory.size();
    }

    public Path root() {
        return directory.root();
    }

    /** Releases the directory to other processes; finish or abort all writers and readers first. */
    @Override
    public void close() throws IOException {
        directory.close();
    }
}

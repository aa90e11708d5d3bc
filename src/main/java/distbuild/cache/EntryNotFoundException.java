package distbuild.cache;

import distbuild.model.Id;

/** The entry is not in the cache, or is still being written and so not visible yet. */
public final class EntryNotFoundException extends CacheException {
    private final Id id;

    /** @param entry the entry as people read it, such as "file 3f2a9c01…" */
    public EntryNotFoundException(String entry, Id id) {
        super(entry + " is not in the cache");
        this.id = id;
    }

    public Id id() {
        return id;
    }
}

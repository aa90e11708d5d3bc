package distbuild.cache;

import distbuild.model.Id;

/** A writer was asked for an entry that is already committed; its content cannot change. */
public final class EntryExistsException extends CacheException {
    private final Id id;

    /** @param entry the entry as people read it, such as "file 3f2a9c01…" */
    public EntryExistsException(String entry, Id id) {
        super(entry + " is already in the cache");
        this.id = id;
    }

    public Id id() {
        return id;
    }
}

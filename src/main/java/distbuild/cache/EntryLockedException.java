package distbuild.cache;

import distbuild.model.Id;

/** The entry is being written, or read when it was to be removed; the message says which. */
public final class EntryLockedException extends CacheException {
    private final Id id;

    public EntryLockedException(String message, Id id) {
        super(message);
        this.id = id;
    }

    public Id id() {
        return id;
    }
}

package distbuild.cache;

import java.nio.file.Path;

/**
 * Another process (or another open cache in this one) already uses the cache directory. Two
 * owners would clean each other's temporary area and race on commits, so the second is refused.
 */
public final class CacheInUseException extends CacheException {
    public CacheInUseException(Path root) {
        super("cache directory " + root + " is already in use by another process"
                + " (or by a cache opened earlier in this process and not closed yet)");
    }
}

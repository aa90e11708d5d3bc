package distbuild.cache;

import distbuild.model.Id;
import java.util.function.Consumer;

/**
 * How big a cache may grow, and who hears of what it evicts to stay that size.
 *
 * @param maxBytes the most the committed entries may take together
 * @param onEvicted told of each entry evicted, after it is gone (a worker tells its coordinator)
 */
public record CacheLimit(long maxBytes, Consumer<Id> onEvicted) {
    public static final CacheLimit NONE = new CacheLimit(Long.MAX_VALUE, id -> {});

    public CacheLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("a cache limit must be at least one byte, got " + maxBytes);
        }
    }

    public static CacheLimit of(long maxBytes) {
        return new CacheLimit(maxBytes, id -> {});
    }
}

package distbuild.cache;

import distbuild.model.Id;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The eviction policy a cache consults: it knows each entry's size and how recently it was used,
 * and names the least recently used entries to drop until the cache is within its limit — never
 * one in use, and never the newest, which was just made for somebody. Guarded by the cache's lock.
 */
final class LruEviction {
    private final long maxBytes;
    /** Entry sizes in order of use, least recent first. */
    private final LinkedHashMap<Id, Long> sizes = new LinkedHashMap<>(16, 0.75f, true);
    private long total;

    LruEviction(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void added(Id id, long bytes) {
        Long previous = sizes.put(id, bytes);
        total += bytes - (previous == null ? 0 : previous);
    }

    void used(Id id) {
        sizes.get(id);
    }

    void removed(Id id) {
        Long bytes = sizes.remove(id);
        if (bytes != null) {
            total -= bytes;
        }
    }

    long total() {
        return total;
    }

    /** The entries to evict, least recently used first, to get within the limit; they are forgotten here. */
    List<Id> overflow(Predicate<Id> inUse) {
        long excess = total - maxBytes;
        if (excess <= 0) {
            return List.of();
        }
        List<Id> victims = new ArrayList<>();
        Id newest = sizes.sequencedKeySet().getLast();
        for (Iterator<Map.Entry<Id, Long>> entries = sizes.entrySet().iterator(); excess > 0 && entries.hasNext(); ) {
            Map.Entry<Id, Long> entry = entries.next();
            if (entry.getKey().equals(newest) || inUse.test(entry.getKey())) {
                continue;
            }
            victims.add(entry.getKey());
            excess -= entry.getValue();
            total -= entry.getValue();
            entries.remove();
        }
        return victims;
    }
}

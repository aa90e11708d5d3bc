package distbuild.includes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every file's parsed directives, shared by all scans of a process: a header reached from 500
 * compiles, in any number of builds, is parsed once while its size and modification time stay
 * the same. Keyed by the file's identity (device and inode), so a file reached by two names is
 * one entry. Thread-safe.
 *
 * <p>A file modified within {@link #RACY_MILLIS} of being read may change again without its time
 * changing (timestamps are coarser than writes), so such an entry is parsed again by the next
 * scan session rather than trusted, as git does with its index.
 */
public final class DirectiveCache {
    static final long RACY_MILLIS = 2_000;
    private static final int DEFAULT_MAX_ENTRIES = 1 << 20;

    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder parses = new LongAdder();
    private final int maxEntries;

    private record Entry(long size, long modifiedNanos, boolean racy, FileDirectives directives) {}

    public DirectiveCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    /** A cache that forgets everything when it reaches {@code maxEntries}: a bound, not a policy. */
    public DirectiveCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The directives of the regular file {@code path}, whose attributes were just read. */
    FileDirectives directives(Path path, BasicFileAttributes attributes) throws IOException {
        Object key = attributes.fileKey() != null ? attributes.fileKey() : path.toAbsolutePath().normalize();
        long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Entry entry = entries.get(key);
        if (entry != null && !entry.racy() && entry.size() == attributes.size() && entry.modifiedNanos() == modified) {
            return entry.directives();
        }
        long readAt = System.currentTimeMillis();
        byte[] content = Files.readAllBytes(path);
        FileDirectives directives = DirectiveParser.parse(content);
        parses.increment();
        boolean racy = content.length != attributes.size()
                || TimeUnit.NANOSECONDS.toMillis(modified) >= readAt - RACY_MILLIS;
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry(attributes.size(), modified, racy, directives));
        return directives;
    }

    /** How many times a file was read and parsed: what the cache did not save. */
    public long parses() {
        return parses.sum();
    }

    public int size() {
        return entries.size();
    }
}

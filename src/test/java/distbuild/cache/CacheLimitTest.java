package distbuild.cache;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Id;
import distbuild.model.JobResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache opened with a limit stays within it, evicting what was least recently used and never what is in use. */
class CacheLimitTest {
    private static final int ENTRY = 1000;

    @TempDir
    Path temp;

    private final List<Id> evicted = new CopyOnWriteArrayList<>();

    @Test
    void theLeastRecentlyUsedArtifactsGoFirstAndTheCacheStaysWithinItsLimit() throws Exception {
        try (ArtifactCache cache = ArtifactCache.open(temp.resolve("artifacts"), new CacheLimit(3500, evicted::add))) {
            Id a = put(cache, "a");
            Id b = put(cache, "b");
            Id c = put(cache, "c");
            cache.get(a).close(); // a is used again: b is now the least recently used

            Id d = put(cache, "d");

            assertThat(evicted).containsExactly(b);
            assertThat(cache.list()).containsExactlyInAnyOrder(a, c, d);
            assertThat(cache.size()).isLessThanOrEqualTo(3500).isGreaterThan(3L * ENTRY);
        }
    }

    @Test
    void anArtifactInUseIsNeverEvicted() throws Exception {
        try (ArtifactCache cache = ArtifactCache.open(temp.resolve("artifacts"), new CacheLimit(2500, evicted::add))) {
            Id held = put(cache, "held");
            try (CachedArtifact reading = cache.get(held)) {
                Id other = put(cache, "other");
                Id third = put(cache, "third");

                assertThat(evicted).as("the oldest is being read: the next oldest goes").containsExactly(other);
                assertThat(cache.list()).contains(held, third);
            }
            put(cache, "fourth");
            assertThat(evicted).contains(held);
        }
    }

    @Test
    void aCacheOpenedWithALowerLimitEvictsTheOldestAtOnce() throws Exception {
        Path root = temp.resolve("files");
        Id first;
        try (FileCache cache = FileCache.open(root)) {
            first = putFile(cache, "first");
            putFile(cache, "second");
            putFile(cache, "third");
        }
        Files.setLastModifiedTime(root.resolve(first.hex()), java.nio.file.attribute.FileTime.fromMillis(0));

        try (FileCache cache = FileCache.open(root, new CacheLimit(2 * ENTRY, evicted::add))) {
            assertThat(evicted).containsExactly(first);
            assertThat(cache.list()).hasSize(2);
        }
    }

    private static Id put(ArtifactCache cache, String name) throws Exception {
        Id id = Id.ofContent(name.getBytes(StandardCharsets.UTF_8));
        try (PendingArtifact pending = cache.create(id)) {
            Files.createDirectories(pending.outputDir());
            Files.write(pending.outputDir().resolve("data"), new byte[ENTRY]);
            pending.commit(JobResult.success(id, new byte[0], new byte[0]));
        }
        return id;
    }

    private static Id putFile(FileCache cache, String name) throws Exception {
        byte[] content = (name + "-".repeat(ENTRY)).substring(0, ENTRY).getBytes(StandardCharsets.UTF_8);
        Id id = Id.ofContent(content);
        try (PendingFile pending = cache.create(id)) {
            Files.write(pending.path(), content);
            pending.commit();
        }
        return id;
    }
}

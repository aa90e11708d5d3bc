/**
 * The two content caches that survive restarts (SPEC §8): {@link distbuild.cache.FileCache}
 * (source files by content ID) and {@link distbuild.cache.ArtifactCache} (job output directories
 * and stored results by job ID).
 *
 * <p>Owns their on-disk layout and the rules for using an entry: one writer at a time per ID
 * ({@code create} → {@code commit} or {@code abort}), any number of readers holding a lease, no
 * removal while either is active, commit by atomic rename so nothing half-written is ever
 * visible, and one process per cache directory.
 *
 * <p>Knows nothing about HTTP, tar, scheduling or how jobs run; it does not check that content
 * matches its ID (whoever writes an entry does that). A cache opened with a {@link
 * distbuild.cache.CacheLimit} stays within it by evicting least recently used entries that nobody
 * is reading or writing ({@link distbuild.cache.LruEviction} decides which).
 */
package distbuild.cache;

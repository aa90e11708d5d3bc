package distbuild.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.model.Id;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCacheTest {
    private static final Id HELLO = Id.ofContent(bytes("hello"));
    private static final Id WORLD = Id.ofContent(bytes("world"));

    @TempDir
    Path temp;

    private Path root;
    private FileCache cache;

    @BeforeEach
    void open() throws IOException {
        root = temp.resolve("files");
        cache = FileCache.open(root);
    }

    @AfterEach
    void close() throws IOException {
        cache.close();
    }

    @Test
    void committedFileIsReadableReadOnlyAndListed() throws IOException {
        commit(HELLO, "hello");

        try (CachedFile file = cache.get(HELLO)) {
            assertThat(file.path()).hasContent("hello").isEqualTo(root.resolve(HELLO.hex()));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("r--r--r--");
        }
        assertThat(cache.contains(HELLO)).isTrue();
        assertThat(cache.list()).containsExactly(HELLO);
    }

    @Test
    void listHasEveryCommittedFileInIdOrder() throws IOException {
        commit(WORLD, "world");
        commit(HELLO, "hello");

        assertThat(cache.list()).containsExactlyElementsOf(List.of(HELLO, WORLD).stream().sorted().toList());
    }

    @Test
    void secondWriterIsRefusedWhileTheFirstWrites() throws IOException {
        PendingFile first = cache.create(HELLO);

        assertThatThrownBy(() -> cache.create(HELLO))
                .isInstanceOf(EntryLockedException.class)
                .hasMessageContaining("file " + HELLO.shortHex() + "…")
                .hasMessageContaining("being written");
        first.abort();
    }

    @Test
    void creatingACommittedFileIsRefused() throws IOException {
        commit(HELLO, "hello");

        assertThatThrownBy(() -> cache.create(HELLO))
                .isInstanceOf(EntryExistsException.class)
                .hasMessage("file " + HELLO.shortHex() + "… is already in the cache");
    }

    @Test
    void aFileBeingWrittenIsNotVisibleToReaders() throws IOException {
        try (PendingFile pending = cache.create(HELLO)) {
            Files.writeString(pending.path(), "hel");

            assertThatThrownBy(() -> cache.get(HELLO))
                    .isInstanceOf(EntryNotFoundException.class)
                    .hasMessage("file " + HELLO.shortHex() + "… is not in the cache");
            assertThat(cache.contains(HELLO)).isFalse();
            assertThat(cache.list()).isEmpty();
        }
    }

    @Test
    void removingAFileBeingWrittenIsRefused() throws IOException {
        PendingFile pending = cache.create(HELLO);

        assertThatThrownBy(() -> cache.remove(HELLO))
                .isInstanceOf(EntryLockedException.class)
                .hasMessageContaining("being written");
        pending.abort();
    }

    @Test
    void removingAFileBeingReadIsRefusedUntilEveryLeaseCloses() throws IOException {
        commit(HELLO, "hello");
        CachedFile first = cache.get(HELLO);
        CachedFile second = cache.get(HELLO);

        assertThatThrownBy(() -> cache.remove(HELLO))
                .isInstanceOf(EntryLockedException.class)
                .hasMessage("cannot remove file " + HELLO.shortHex() + "…: it is in use by 2 readers");
        first.close();
        first.close(); // a second close must not count as another reader leaving
        assertThatThrownBy(() -> cache.remove(HELLO)).hasMessageEndingWith("in use by 1 reader");
        second.close();

        cache.remove(HELLO);

        assertThat(cache.contains(HELLO)).isFalse();
        assertThat(root.resolve(HELLO.hex())).doesNotExist();
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void removingAnAbsentFileSaysItIsNotInTheCache() {
        assertThatThrownBy(() -> cache.remove(HELLO)).isInstanceOf(EntryNotFoundException.class);
    }

    @Test
    void abortedFileIsAbsentAndCanBeCreatedAgain() throws IOException {
        PendingFile aborted = cache.create(HELLO);
        Files.writeString(aborted.path(), "hel");
        aborted.abort();

        assertThat(aborted.path()).doesNotExist();
        assertThat(cache.contains(HELLO)).isFalse();
        assertThatThrownBy(aborted::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("aborted");
        commit(HELLO, "hello");
        assertThat(cache.contains(HELLO)).isTrue();
    }

    @Test
    void closingAWriterWithoutCommittingAbortsIt() throws IOException {
        Path written;
        try (PendingFile pending = cache.create(HELLO)) {
            written = pending.path();
            Files.writeString(written, "hel");
        }

        assertThat(written).doesNotExist();
        assertThat(cache.contains(HELLO)).isFalse();
        cache.create(HELLO).abort();
    }

    @Test
    void committingTwiceOrClosingAfterCommitKeepsTheFile() throws IOException {
        try (PendingFile pending = cache.create(HELLO)) {
            Files.writeString(pending.path(), "hello");
            pending.commit();
            pending.commit();
            pending.abort();
        }

        assertThat(cache.contains(HELLO)).isTrue();
    }

    @Test
    void committingWithoutWritingAnythingIsAMistake() throws IOException {
        try (PendingFile pending = cache.create(HELLO)) {
            assertThatThrownBy(pending::commit)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nothing was written");
        }
        assertThat(cache.contains(HELLO)).isFalse();
    }

    @Test
    void committedFilesSurviveARestartAndLeftoversAreDiscarded() throws IOException {
        commit(HELLO, "hello");
        PendingFile interrupted = cache.create(WORLD);
        Files.writeString(interrupted.path(), "wor");
        cache.close();
        // What a crash could leave behind, and names in the root that are not entries.
        Path tmp = root.resolve("tmp");
        Files.writeString(tmp.resolve("half-written"), "junk");
        Path readOnly = Files.createDirectories(tmp.resolve("removed/locked"));
        Files.writeString(readOnly.resolve("inside"), "junk");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.writeString(root.resolve("notes.txt"), "not an entry");
        Files.writeString(root.resolve(WORLD.hex().toUpperCase()), "not an entry either");

        cache = FileCache.open(root);

        assertThat(cache.list()).containsExactly(HELLO);
        assertThat(tmp).isEmptyDirectory();
        try (CachedFile file = cache.get(HELLO)) {
            assertThat(file.path()).hasContent("hello");
        }
        assertThat(cache.contains(WORLD)).isFalse();
    }

    @Test
    void createOrWaitReturnsNothingForACommittedFile() throws Exception {
        commit(HELLO, "hello");

        assertThat(cache.createOrWait(HELLO)).isEmpty();
    }

    @Test
    void createOrWaitWaitsForTheWriterAndReturnsNothingOnceItCommits() throws Exception {
        PendingFile first = cache.create(HELLO);
        BlockingCall<Optional<PendingFile>> second = BlockingCall.start(() -> cache.createOrWait(HELLO)).awaitBlocked();

        Files.writeString(first.path(), "hello");
        first.commit();

        assertThat(second.result()).isEmpty();
    }

    @Test
    void createOrWaitWaitsForTheWriterAndTakesOverWhenItAborts() throws Exception {
        PendingFile first = cache.create(HELLO);
        BlockingCall<Optional<PendingFile>> second = BlockingCall.start(() -> cache.createOrWait(HELLO)).awaitBlocked();

        first.abort();

        try (PendingFile takenOver = second.result().orElseThrow()) {
            Files.writeString(takenOver.path(), "hello");
            takenOver.commit();
        }
        assertThat(cache.contains(HELLO)).isTrue();
    }

    @Test
    void createOrWaitCanBeInterrupted() throws Exception {
        PendingFile first = cache.create(HELLO);
        BlockingCall<Optional<PendingFile>> second = BlockingCall.start(() -> cache.createOrWait(HELLO)).awaitBlocked();

        second.interrupt();

        assertThatThrownBy(second::result).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        first.abort();
    }

    @Test
    void concurrentUploadsOfTheSameContentWriteItOnce() throws Exception {
        int uploaders = 8;
        AtomicInteger writes = new AtomicInteger();
        CompletableFuture<Void> start = new CompletableFuture<>();
        List<Future<?>> uploads = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < uploaders; i++) {
                uploads.add(threads.submit(() -> {
                    start.join();
                    Optional<PendingFile> writer = cache.createOrWait(HELLO);
                    if (writer.isPresent()) {
                        try (PendingFile pending = writer.get()) {
                            writes.incrementAndGet();
                            Files.writeString(pending.path(), "hello");
                            pending.commit();
                        }
                    }
                    return null;
                }));
            }
            start.complete(null);
            for (Future<?> upload : uploads) {
                upload.get(10, TimeUnit.SECONDS);
            }
        }

        assertThat(writes).as("uploads that wrote the file").hasValue(1);
        assertThat(cache.list()).containsExactly(HELLO);
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefusedUntilTheFirstCloses() throws IOException {
        assertThatThrownBy(() -> FileCache.open(root))
                .isInstanceOf(CacheInUseException.class)
                .hasMessageContaining("cache directory " + root + " is already in use by another process");

        cache.close();
        cache = FileCache.open(root);
        assertThat(cache.list()).isEmpty();
    }

    @Test
    void aClosedCacheSaysSo() throws IOException {
        cache.close();

        assertThatThrownBy(() -> cache.create(HELLO)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private void commit(Id id, String content) throws IOException {
        try (PendingFile pending = cache.create(id)) {
            Files.writeString(pending.path(), content);
            pending.commit();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

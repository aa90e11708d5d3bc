package distbuild.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.tar.TarStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {
    private static final Id COMPILE = Id.ofContent(bytes("job: compile"));
    private static final Id LINK = Id.ofContent(bytes("job: link"));

    @TempDir
    Path temp;

    private Path root;
    private ArtifactCache cache;

    @BeforeEach
    void open() throws IOException {
        root = temp.resolve("artifacts");
        cache = ArtifactCache.open(root);
    }

    @AfterEach
    void close() throws IOException {
        cache.close();
    }

    @Test
    void committedArtifactKeepsItsOutputAndResult() throws IOException {
        JobResult result = JobResult.success(COMPILE, bytes("compiled 3 files\n"), bytes("warning: unused\n"));
        try (PendingArtifact pending = cache.create(COMPILE)) {
            assertThat(pending.outputDir()).doesNotExist();
            assertThat(pending.outputDir().getParent()).isDirectory();
            Files.createDirectory(pending.outputDir());
            Files.writeString(pending.outputDir().resolve("main.o"), "object code");
            pending.commit(result);
        }

        try (CachedArtifact artifact = cache.get(COMPILE)) {
            assertThat(artifact.outputDir()).isEqualTo(root.resolve(COMPILE.hex()).resolve("output"));
            assertThat(artifact.outputDir().resolve("main.o")).hasContent("object code");
            assertThat(artifact.result()).contains(result);
        }
        assertThat(root.resolve(COMPILE.hex()).resolve("result")).as("the result is one file beside the output")
                .isRegularFile();
        assertThat(cache.list()).containsExactly(COMPILE);
    }

    @Test
    void aCommittedArtifactIsReadOnlySoNoJobCanChangeItForOthers() throws IOException {
        try (PendingArtifact pending = cache.create(COMPILE)) {
            Files.createDirectories(pending.outputDir().resolve("lib"));
            Files.writeString(pending.outputDir().resolve("lib/lib.a"), "archive");
            pending.commit(JobResult.success(COMPILE, null, null));
        }

        Path output = root.resolve(COMPILE.hex()).resolve("output");
        for (Path path : List.of(output, output.resolve("lib"), output.resolve("lib/lib.a"))) {
            assertThat(Files.getPosixFilePermissions(path)).as(path.toString())
                    .doesNotContain(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE);
        }
        cache.remove(COMPILE);
        assertThat(root.resolve(COMPILE.hex())).as("read-only is still removable").doesNotExist();
    }

    @Test
    void theOutputsDigestIsKeptWithTheResultAndAResultStoredWithoutOneIsStillRead() throws IOException {
        String digest = "d".repeat(64);
        JobResult result = JobResult.success(COMPILE, bytes("out"), bytes("err")).withOutputDigest(digest);
        try (PendingArtifact pending = cache.create(COMPILE)) {
            pending.commit(result);
        }
        try (CachedArtifact artifact = cache.get(COMPILE)) {
            assertThat(artifact.result().orElseThrow().outputDigest()).isEqualTo(digest);
        }

        // As a worker of the last version stored it: no digest, and nothing else lost.
        java.io.ByteArrayOutputStream older = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(older)) {
            out.writeInt(1);
            out.writeInt(3);
            out.write(bytes("out"));
            out.writeInt(3);
            out.write(bytes("err"));
        }
        try (PendingArtifact pending = cache.create(LINK)) {
            pending.commit(JobResult.success(LINK, null, null));
        }
        Files.write(root.resolve(LINK.hex()).resolve("result"), older.toByteArray());
        try (CachedArtifact artifact = cache.get(LINK)) {
            JobResult read = artifact.result().orElseThrow();
            assertThat(read.outputDigest()).isNull();
            assertThat(read.stdout()).isEqualTo(bytes("out"));
            assertThat(read.stderr()).isEqualTo(bytes("err"));
        }
    }

    @Test
    void aStoredResultCutShortIsReportedNotMisread() throws IOException {
        JobResult result = JobResult.success(COMPILE, bytes("compiled 3 files\n"), bytes("warning: unused\n"));
        try (PendingArtifact pending = cache.create(COMPILE)) {
            pending.commit(result);
        }
        Path stored = root.resolve(COMPILE.hex()).resolve("result");
        byte[] whole = Files.readAllBytes(stored);
        Files.write(stored, java.util.Arrays.copyOf(whole, whole.length - 5));

        try (CachedArtifact artifact = cache.get(COMPILE)) {
            assertThatThrownBy(artifact::result).isInstanceOf(IOException.class).hasMessageContaining("cut short");
        }
    }

    @Test
    void anArtifactCanBeExtractedStraightIntoItsOutputDirectory() throws IOException {
        Path tree = Files.createDirectories(temp.resolve("peer/output/lib"));
        Files.writeString(tree.resolve("lib.a"), "archive");
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        TarStream.write(tree.getParent(), archive);

        try (PendingArtifact pending = cache.create(COMPILE)) {
            TarStream.extract(new ByteArrayInputStream(archive.toByteArray()), pending.outputDir());
            pending.commitWithoutResult();
        }

        try (CachedArtifact artifact = cache.get(COMPILE)) {
            assertThat(artifact.outputDir().resolve("lib/lib.a")).hasContent("archive");
            assertThat(artifact.result()).isEmpty();
        }
    }

    @Test
    void commitCreatesAnEmptyOutputDirectoryIfTheJobWroteNothing() throws IOException {
        try (PendingArtifact pending = cache.create(COMPILE)) {
            pending.commit(JobResult.success(COMPILE, null, null));
        }

        try (CachedArtifact artifact = cache.get(COMPILE)) {
            assertThat(artifact.outputDir()).isEmptyDirectory();
            assertThat(artifact.result()).contains(JobResult.success(COMPILE, new byte[0], new byte[0]));
        }
    }

    @Test
    void aFailedResultIsNotStored() throws IOException {
        try (PendingArtifact pending = cache.create(COMPILE)) {
            assertThatThrownBy(() -> pending.commit(new JobResult(COMPILE, null, bytes("error: x"), 1, null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("failed: exit code 1");
            assertThatThrownBy(() -> pending.commit(JobResult.success(LINK, null, null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(LINK.shortHex());
        }
        assertThat(cache.contains(COMPILE)).isFalse();
    }

    @Test
    void aResultCanBeAttachedToAnArtifactFetchedWithoutOne() throws IOException {
        try (PendingArtifact pending = cache.create(COMPILE)) {
            pending.commitWithoutResult();
        }
        JobResult rerun = JobResult.success(COMPILE, bytes("ran again\n"), bytes(""));

        cache.attachResult(COMPILE, rerun);
        cache.attachResult(COMPILE, JobResult.success(COMPILE, bytes("a later run\n"), bytes("")));

        try (CachedArtifact artifact = cache.get(COMPILE)) {
            assertThat(artifact.result()).as("the first attached result is kept").contains(rerun);
        }
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void attachingAResultToAnAbsentArtifactSaysItIsNotInTheCache() {
        assertThatThrownBy(() -> cache.attachResult(COMPILE, JobResult.success(COMPILE, null, null)))
                .isInstanceOf(EntryNotFoundException.class)
                .hasMessage("artifact " + COMPILE.shortHex() + "… is not in the cache");
    }

    @Test
    void secondWriterIsRefusedWhileTheFirstWrites() throws IOException {
        PendingArtifact first = cache.create(COMPILE);

        assertThatThrownBy(() -> cache.create(COMPILE))
                .isInstanceOf(EntryLockedException.class)
                .hasMessageContaining("artifact " + COMPILE.shortHex() + "… is being written");
        first.abort();
    }

    @Test
    void creatingACommittedArtifactIsRefused() throws IOException {
        commitEmpty(COMPILE);

        assertThatThrownBy(() -> cache.create(COMPILE))
                .isInstanceOf(EntryExistsException.class)
                .hasMessage("artifact " + COMPILE.shortHex() + "… is already in the cache");
    }

    @Test
    void anArtifactBeingWrittenCanBeNeitherReadNorRemoved() throws IOException {
        PendingArtifact pending = cache.create(COMPILE);

        assertThatThrownBy(() -> cache.get(COMPILE)).isInstanceOf(EntryNotFoundException.class);
        assertThatThrownBy(() -> cache.remove(COMPILE))
                .isInstanceOf(EntryLockedException.class)
                .hasMessageContaining("being written");
        assertThat(cache.list()).isEmpty();
        pending.abort();
    }

    @Test
    void removingAnArtifactBeingReadWaitsForTheLeaseToClose() throws IOException {
        commitEmpty(COMPILE);
        CachedArtifact reader = cache.get(COMPILE);

        assertThatThrownBy(() -> cache.remove(COMPILE))
                .isInstanceOf(EntryLockedException.class)
                .hasMessage("cannot remove artifact " + COMPILE.shortHex() + "…: it is in use by 1 reader");
        reader.close();
        cache.remove(COMPILE);

        assertThat(cache.contains(COMPILE)).isFalse();
        assertThat(root.resolve(COMPILE.hex())).doesNotExist();
    }

    @Test
    void removingDeletesOutputThatTheJobMadeReadOnly() throws IOException {
        try (PendingArtifact pending = cache.create(COMPILE)) {
            Path locked = Files.createDirectories(pending.outputDir().resolve("locked"));
            Files.writeString(locked.resolve("file"), "x");
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
            pending.commitWithoutResult();
        }

        cache.remove(COMPILE);

        assertThat(cache.contains(COMPILE)).isFalse();
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void abortedArtifactLeavesNothingAndCanBeCreatedAgain() throws IOException {
        PendingArtifact aborted = cache.create(COMPILE);
        Files.createDirectory(aborted.outputDir());
        Files.writeString(aborted.outputDir().resolve("partial.o"), "half");
        aborted.abort();

        assertThat(root.resolve("tmp")).isEmptyDirectory();
        assertThat(cache.contains(COMPILE)).isFalse();
        assertThatThrownBy(aborted::commitWithoutResult).isInstanceOf(IllegalStateException.class);
        commitEmpty(COMPILE);
        assertThat(cache.contains(COMPILE)).isTrue();
    }

    @Test
    void artifactsAndResultsSurviveARestartAndLeftoversAreDiscarded() throws IOException {
        JobResult result = JobResult.success(COMPILE, bytes("out"), bytes("err"));
        try (PendingArtifact pending = cache.create(COMPILE)) {
            Files.createDirectory(pending.outputDir());
            Files.writeString(pending.outputDir().resolve("main.o"), "object code");
            pending.commit(result);
        }
        commitEmpty(LINK);
        PendingArtifact interrupted = cache.create(Id.ofContent(bytes("job: test")));
        Files.createDirectory(interrupted.outputDir());
        cache.close();
        Files.writeString(root.resolve("tmp").resolve("stray"), "junk");

        cache = ArtifactCache.open(root);

        assertThat(cache.list()).containsExactlyInAnyOrder(COMPILE, LINK);
        assertThat(root.resolve("tmp")).isEmptyDirectory();
        try (CachedArtifact artifact = cache.get(COMPILE)) {
            assertThat(artifact.outputDir().resolve("main.o")).hasContent("object code");
            assertThat(artifact.result()).contains(result);
        }
        try (CachedArtifact artifact = cache.get(LINK)) {
            assertThat(artifact.result()).isEmpty();
        }
    }

    @Test
    void createOrWaitWaitsForTheWriterAndReturnsNothingOnceItCommits() throws Exception {
        PendingArtifact first = cache.create(COMPILE);
        BlockingCall<Optional<PendingArtifact>> second = BlockingCall.start(() -> cache.createOrWait(COMPILE)).awaitBlocked();

        first.commitWithoutResult();

        assertThat(second.result()).isEmpty();
    }

    @Test
    void createOrWaitWaitsForTheWriterAndTakesOverWhenItAborts() throws Exception {
        PendingArtifact first = cache.create(COMPILE);
        BlockingCall<Optional<PendingArtifact>> second = BlockingCall.start(() -> cache.createOrWait(COMPILE)).awaitBlocked();

        first.abort();

        try (PendingArtifact takenOver = second.result().orElseThrow()) {
            assertThat(takenOver.outputDir()).doesNotExist();
            takenOver.commit(JobResult.success(COMPILE, bytes("second try"), null));
        }
        try (CachedArtifact artifact = cache.get(COMPILE)) {
            assertThat(artifact.result().orElseThrow().stdout()).asString(StandardCharsets.UTF_8).isEqualTo("second try");
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> ArtifactCache.open(root))
                .isInstanceOf(CacheInUseException.class)
                .hasMessageContaining("is already in use by another process");
    }

    private void commitEmpty(Id id) throws IOException {
        try (PendingArtifact pending = cache.create(id)) {
            pending.commitWithoutResult();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

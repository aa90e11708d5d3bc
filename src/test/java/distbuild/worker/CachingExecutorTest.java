package distbuild.worker;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cache.ArtifactCache;
import distbuild.cache.CachedArtifact;
import distbuild.cache.PendingArtifact;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.protocol.JobSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The caching link of a worker's executor chain, around a stand-in for the rest of the chain. */
class CachingExecutorTest {
    @TempDir
    Path temp;

    private ArtifactCache cache;
    private final AtomicInteger runs = new AtomicInteger();
    private final List<Id> announced = new CopyOnWriteArrayList<>();
    private JobResult nextResult;

    @BeforeEach
    void open() throws Exception {
        cache = ArtifactCache.open(temp.resolve("artifacts"));
    }

    @AfterEach
    void close() throws Exception {
        cache.close();
    }

    private final JobExecutor inner = run -> {
        runs.incrementAndGet();
        Files.writeString(run.outputDir().resolve("out.txt"), "built");
        return nextResult;
    };

    private CachingExecutor executor() {
        return new CachingExecutor(LoggerFactory.getLogger("test"), cache, announced::add, inner);
    }

    @Test
    void successIsCommittedWithItsResultAnnouncedAndThenReplayedWithoutRunning() throws Exception {
        Job job = job("a");
        nextResult = JobResult.success(job.id(), bytes("hello\n"), bytes("warn\n"));

        JobResult first = executor().execute(run(job));
        JobResult second = executor().execute(run(job));

        assertThat(runs).hasValue(1);
        assertThat(first).isEqualTo(nextResult);
        assertThat(second).isEqualTo(nextResult);
        assertThat(announced).containsExactly(job.id());
        try (CachedArtifact cached = cache.get(job.id())) {
            assertThat(cached.outputDir().resolve("out.txt")).hasContent("built");
        }
    }

    @Test
    void failureIsNotCached() throws Exception {
        Job job = job("b");
        nextResult = new JobResult(job.id(), null, bytes("boom"), 1, null);

        executor().execute(run(job));
        executor().execute(run(job));

        assertThat(runs).hasValue(2);
        assertThat(cache.contains(job.id())).isFalse();
        assertThat(announced).isEmpty();
    }

    @Test
    void artifactFetchedWithoutAResultIsRunOnceMoreToLearnItsOutputThenReplayed() throws Exception {
        Job job = job("c");
        try (PendingArtifact pending = cache.create(job.id())) {
            Files.createDirectories(pending.outputDir());
            Files.writeString(pending.outputDir().resolve("out.txt"), "from a peer");
            pending.commitWithoutResult();
        }
        nextResult = JobResult.success(job.id(), bytes("the output\n"), null);

        JobResult recovered = executor().execute(run(job));
        JobResult replayed = executor().execute(run(job));

        assertThat(runs).hasValue(1);
        assertThat(recovered.stdout()).isEqualTo(bytes("the output\n"));
        assertThat(replayed.stdout()).isEqualTo(bytes("the output\n"));
        try (CachedArtifact cached = cache.get(job.id())) {
            assertThat(cached.outputDir().resolve("out.txt")).as("the cached artifact is kept").hasContent("from a peer");
        }
    }

    private JobRun run(Job job) throws Exception {
        return JobRun.start(new JobSpec(job, Map.of(), Map.of()), Files.createTempDirectory(temp, "run"));
    }

    private static Job job(String name) {
        return new Job(Id.ofContent(bytes(name)), name, List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

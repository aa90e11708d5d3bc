package distbuild.worker;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cache.ArtifactCache;
import distbuild.cache.CachedArtifact;
import distbuild.cache.PendingArtifact;
import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.WorkerId;
import distbuild.protocol.JobSpec;
import distbuild.transfer.ArtifactTransferClient;
import distbuild.transfer.ArtifactTransferHandler;
import java.net.http.HttpClient;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The caching link of a worker's executor chain, around a stand-in for the rest of the chain. */
class CachingExecutorTest {
    private static final Logger LOG = LoggerFactory.getLogger("test");

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

    private final HttpClient http = HttpClients.create();

    @AfterEach
    void close() throws Exception {
        cache.close();
        http.close();
    }

    private final JobExecutor inner = run -> {
        runs.incrementAndGet();
        Files.writeString(run.outputDir().resolve("out.txt"), "built");
        return nextResult;
    };

    private CachingExecutor executor() {
        return new CachingExecutor(LOG, cache, announced::add, new ArtifactTransferClient(LOG, http), inner);
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
    void aJobCutOffTakesTheEarlierJobsOutputAndResultWithoutRunning() throws Exception {
        Job earlier = job("link, before");
        nextResult = JobResult.success(earlier.id(), bytes("linked\n"), null);
        JobResult ran = executor().execute(run(earlier));
        assertThat(ran.outputDigest()).as("the output's digest is reported with the result").matches("[0-9a-f]{64}");

        Job again = job("link, after a comment in a source");
        JobResult cutOff = executor().execute(run(new JobSpec(again, Map.of(), Map.of(), null, earlier.id())));

        assertThat(runs).hasValue(1);
        assertThat(cutOff.jobId()).isEqualTo(again.id());
        assertThat(cutOff.stdout()).isEqualTo(bytes("linked\n"));
        assertThat(cutOff.outputDigest()).isEqualTo(ran.outputDigest());
        assertThat(cutOff.provenance().origin()).isEqualTo(distbuild.model.Provenance.Origin.CUT_OFF);
        assertThat(announced).containsExactly(earlier.id(), again.id());
        try (CachedArtifact cached = cache.get(again.id())) {
            assertThat(cached.outputDir().resolve("out.txt")).hasContent("built");
            assertThat(cached.result().orElseThrow().outputDigest()).isEqualTo(ran.outputDigest());
        }

        // An earlier job this worker does not hold, and no peer named: the job runs, as it would have.
        Job third = job("link, earlier output gone");
        nextResult = JobResult.success(third.id(), null, null);
        JobResult runInstead = executor().execute(run(new JobSpec(third, Map.of(), Map.of(), null, job("never ran").id())));
        assertThat(runs).hasValue(2);
        assertThat(runInstead.provenance().origin()).isEqualTo(distbuild.model.Provenance.Origin.RAN);
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

    @Test
    void aJobAPeerHoldsIsFetchedFromItAndReplayedInsteadOfRun() throws Exception {
        Job job = job("d");
        try (ArtifactCache peerCache = ArtifactCache.open(temp.resolve("peer"));
                LoopbackServer peer = LoopbackServer.serve(LOG, routes -> new ArtifactTransferHandler(LOG, peerCache)
                        .register(routes))) {
            try (PendingArtifact pending = peerCache.create(job.id())) {
                Files.createDirectories(pending.outputDir());
                Files.writeString(pending.outputDir().resolve("out.txt"), "made on the peer");
                pending.commit(JobResult.success(job.id(), bytes("peer output\n"), null));
            }

            JobResult result = executor().execute(run(new JobSpec(job, Map.of(), Map.of(), new WorkerId(peer.base().toString()))));

            assertThat(runs).hasValue(0);
            assertThat(result.stdout()).isEqualTo(bytes("peer output\n"));
            assertThat(result.provenance().origin()).isEqualTo(Provenance.Origin.CACHED);
            assertThat(announced).containsExactly(job.id());
        }
    }

    @Test
    void aPeerThatCannotGiveTheArtifactMeansRunningTheJob() throws Exception {
        Job job = job("e");
        nextResult = JobResult.success(job.id(), null, null);

        executor().execute(run(new JobSpec(job, Map.of(), Map.of(), new WorkerId(LoopbackServer.nothingListening().toString()))));

        assertThat(runs).hasValue(1);
    }

    @Test
    void aFullDiskFailsTheJobSayingSoAndLeavesTheCacheAsItWas() throws Exception {
        Job job = job("big");
        JobExecutor fillsTheDisk = run -> {
            Files.writeString(run.outputDir().resolve("part"), "half");
            throw new java.io.IOException(run.outputDir().resolve("rest") + ": No space left on device");
        };
        CachingExecutor executor = new CachingExecutor(LOG, cache, announced::add, new ArtifactTransferClient(LOG, http),
                fillsTheDisk);

        JobResult result = executor.execute(run(job));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("the worker's disk is full", "No space left on device");
        assertThat(cache.contains(job.id())).isFalse();
        assertThat(cache.list()).isEmpty();
        try (var leftovers = Files.list(cache.root().resolve("tmp"))) {
            assertThat(leftovers).as("nothing half-written stays behind").isEmpty();
        }
    }

    private JobRun run(Job job) throws Exception {
        return run(new JobSpec(job, Map.of(), Map.of()));
    }

    private JobRun run(JobSpec spec) throws Exception {
        return JobRun.start(spec, Files.createTempDirectory(temp, "run"));
    }

    private static Job job(String name) {
        return new Job(Id.ofContent(bytes(name)), name, List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package distbuild.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cache.FileCache;
import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.BuildStarted;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.StatusUpdate;
import distbuild.protocol.StatusWriter;
import distbuild.scheduler.JobTicket;
import distbuild.scheduler.LostDepsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** One build's run on the coordinator, with jobs done by a stand-in instead of workers. */
class BuildRunTest {
    @TempDir
    Path temp;

    private FileCache files;
    private final RecordingWriter out = new RecordingWriter();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void open() throws Exception {
        files = FileCache.open(temp.resolve("files"));
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        files.close();
    }

    @Test
    void longChainOfJobsReplayedAtOnceFinishesInDependencyOrder() throws Exception {
        List<Job> chain = chain(20_000);
        JobStarter replaying = (job, sources, priority) -> new ReplayedJob(JobResult.success(job.id(), null, null));

        run(new Graph(Map.of(), chain), replaying);

        List<Id> reported = out.updates.stream().filter(u -> u.jobFinished() != null)
                .map(u -> u.jobFinished().jobId()).toList();
        assertThat(reported).containsExactlyElementsOf(chain.stream().map(Job::id).toList());
        assertThat(out.updates.getLast().buildFinished()).isTrue();
    }

    @Test
    void jobStartsAreReportedOnlyToClientsThatAskForThem() throws Exception {
        WorkerId worker = new WorkerId("http://127.0.0.1:7001");
        JobStarter startingOnWorker = (job, sources, priority) -> new JobTicket() {
            @Override
            public Id jobId() {
                return job.id();
            }

            @Override
            public CompletableFuture<JobResult> result() {
                return CompletableFuture.completedFuture(JobResult.success(job.id(), null, null));
            }

            @Override
            public void onStart(Consumer<WorkerId> listener) {
                listener.accept(worker);
            }

            @Override
            public void cancel() {}
        };
        List<Job> chain = chain(2);

        run(new Graph(Map.of(), chain), startingOnWorker, true);

        assertThat(out.updates).extracting(update -> update.jobStarted() != null ? "started " + update.jobStarted().jobId()
                        : update.jobFinished() != null ? "finished " + update.jobFinished().jobId() : "end")
                .containsExactly("started " + chain.get(0).id(), "finished " + chain.get(0).id(),
                        "started " + chain.get(1).id(), "finished " + chain.get(1).id(), "end");
        assertThat(out.updates.getFirst().jobStarted().worker()).isEqualTo(worker);

        out.updates.clear();
        run(new Graph(Map.of(), chain), startingOnWorker, false);
        assertThat(out.updates).noneMatch(update -> update.jobStarted() != null).hasSize(3);
    }

    @Test
    void aJobWhoseDepsArtifactIsLostGetsItsDepRunAgainThenRuns() throws Exception {
        List<Job> chain = chain(3);
        List<String> started = new CopyOnWriteArrayList<>();
        JobStarter losingOnce = (job, sources, priority) -> {
            started.add(job.name());
            if (job.equals(chain.get(2)) && started.stream().filter("job-2"::equals).count() == 1) {
                return new ReplayedJob(job.id(), CompletableFuture.failedFuture(
                        new LostDepsException(job.id(), Set.of(chain.get(1).id()))));
            }
            return new ReplayedJob(JobResult.success(job.id(), null, null));
        };

        run(new Graph(Map.of(), chain), losingOnce);

        assertThat(started).containsExactly("job-0", "job-1", "job-2", "job-1", "job-2");
        assertThat(out.updates.getLast().buildFinished()).isTrue();
    }

    @Test
    void aDepLostOnceRunsAgainOnceHoweverManyOfItsDependantsFoundItGone() throws Exception {
        List<Job> chain = chain(1);
        Job dep = chain.getFirst();
        List<Job> dependants = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Cmd> cmds = List.of(new Cmd.Exec(List.of("true", "dependant", Integer.toString(i))));
            dependants.add(new Job(Job.contentId(cmds, Map.of(), List.of(dep.id())), "d" + i, List.of(), List.of(dep.id()), cmds));
        }
        List<String> started = new CopyOnWriteArrayList<>();
        JobStarter losingOnce = (job, sources, priority) -> {
            started.add(job.name());
            boolean firstTry = started.stream().filter(job.name()::equals).count() == 1;
            if (!job.equals(dep) && firstTry) {
                return new ReplayedJob(job.id(), CompletableFuture.failedFuture(new LostDepsException(job.id(), Set.of(dep.id()))));
            }
            return new ReplayedJob(JobResult.success(job.id(), null, null));
        };
        List<Job> all = new ArrayList<>(chain);
        all.addAll(dependants);

        run(new Graph(Map.of(), all), losingOnce);

        assertThat(out.updates.getLast().buildFinished()).as(out.updates.getLast().toString()).isTrue();
        assertThat(started).filteredOn(dep.name()::equals).hasSize(2);
    }

    @Test
    void aDepLostAgainAndAgainFailsTheBuildSayingSo() throws Exception {
        List<Job> chain = chain(2);
        JobStarter alwaysLosing = (job, sources, priority) -> job.equals(chain.get(1))
                ? new ReplayedJob(job.id(), CompletableFuture.failedFuture(new LostDepsException(job.id(), Set.of(chain.get(0).id()))))
                : new ReplayedJob(JobResult.success(job.id(), null, null));

        run(new Graph(Map.of(), chain), alwaysLosing);

        assertThat(out.updates.getLast().buildFailed()).contains("'job-1'", "the artifact of its dep 'job-0'",
                "was lost " + BuildRun.MAX_RERUNS + " times");
    }

    @Test
    void jobThatCannotBeStartedFailsTheBuildWithTheReason() throws Exception {
        List<Job> chain = chain(3);
        JobStarter broken = (job, sources, priority) -> {
            if (job.equals(chain.get(1))) {
                throw new IllegalStateException("the scheduler is shut down");
            }
            return new ReplayedJob(JobResult.success(job.id(), null, null));
        };

        run(new Graph(Map.of(), chain), broken);

        assertThat(out.updates.getLast().buildFailed()).contains("'job-1'", "could not run", "the scheduler is shut down");
    }

    @Test
    void uploadDoneWhileFilesAreStillMissingFailsTheBuildNamingThem() throws Exception {
        Id file = Id.ofContent("never uploaded".getBytes(StandardCharsets.UTF_8));
        Job job = new Job(Id.ofContent("reader".getBytes(StandardCharsets.UTF_8)), "reader", List.of("src/main.c"),
                List.of(), List.of(new Cmd.Exec(List.of("cat", "src/main.c"))));

        run(new Graph(Map.of(file, "src/main.c"), List.of(job)), (j, s, p) -> {
            throw new AssertionError("no job may start");
        });

        assertThat(out.started.missingFiles()).containsExactly(file);
        assertThat(out.updates).hasSize(1);
        assertThat(out.updates.getFirst().buildFailed())
                .contains("source files still missing after UploadDone", "\"src/main.c\"", file.shortHex());
    }

    @Test
    void endingTheBuildWithdrawsFromEveryJobStillUnfinished() throws Exception {
        List<JobTicket> handedOut = new CopyOnWriteArrayList<>();
        JobStarter neverFinishing = (job, sources, priority) -> {
            JobTicket ticket = new PendingTicket(job.id());
            handedOut.add(ticket);
            return ticket;
        };
        BuildRun build = new BuildRun(LoggerFactory.getLogger("test"), Id.ofContent(new byte[] {1}),
                new Graph(Map.of(), chain(1)), false, "alice@laptop", distbuild.scheduler.Share.COMMON, out,
                new BuildContext(neverFinishing, files, Duration.ofMillis(20), new DurationHistory(LoggerFactory.getLogger("test"), temp),
                        new ClusterTotals()));
        Future<?> running = threads.submit(() -> {
            build.run();
            return null;
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.started != null);
        build.signal(SignalRequest.UPLOAD_DONE);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handedOut.size() == 1);

        out.clientGone = true; // the next keep-alive fails, as it does when the client hangs up

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(running::isDone);
        assertThat(((PendingTicket) handedOut.getFirst()).cancelled).isTrue();
        assertThat(build.journal().summary()).extracting(b -> b.state(), b -> b.submitter())
                .containsExactly("abandoned", "alice@laptop");
        assertThat(build.journal().details(100).jobs()).extracting(row -> row.state()).containsExactly("cancelled");
    }

    private void run(Graph graph, JobStarter starter) throws Exception {
        run(graph, starter, false);
    }

    private void run(Graph graph, JobStarter starter, boolean reportJobStarts) throws Exception {
        BuildRun build = new BuildRun(LoggerFactory.getLogger("test"), Id.ofContent(new byte[] {1}), graph,
                reportJobStarts, null, distbuild.scheduler.Share.COMMON, out, new BuildContext(starter, files, Duration.ofSeconds(1),
                        new DurationHistory(LoggerFactory.getLogger("test"), temp), new ClusterTotals()));
        Future<?> running = threads.submit(() -> {
            build.run();
            return null;
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.started != null);
        build.signal(SignalRequest.UPLOAD_DONE);
        running.get(60, TimeUnit.SECONDS);
    }

    private static List<Job> chain(int length) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            List<Cmd> cmds = List.of(new Cmd.Exec(List.of("true", Integer.toString(i))));
            List<Id> deps = i == 0 ? List.of() : List.of(jobs.get(i - 1).id());
            jobs.add(new Job(Job.contentId(cmds, Map.of(), deps), "job-" + i, List.of(), deps, cmds));
        }
        return jobs;
    }

    /** Collects what the build writes; can play a client that went away. */
    private static final class RecordingWriter implements StatusWriter {
        volatile BuildStarted started;
        final List<StatusUpdate> updates = new CopyOnWriteArrayList<>();
        volatile boolean clientGone;

        @Override
        public void started(BuildStarted started) {
            this.started = started;
        }

        @Override
        public void update(StatusUpdate update) {
            updates.add(update);
        }

        @Override
        public void keepAlive() throws IOException {
            if (clientGone) {
                throw new IOException("Broken pipe");
            }
        }
    }

    /** A job that never finishes, remembering whether its build withdrew. */
    private static final class PendingTicket implements JobTicket {
        private final Id id;
        private final CompletableFuture<JobResult> result = new CompletableFuture<>();
        volatile boolean cancelled;

        PendingTicket(Id id) {
            this.id = id;
        }

        @Override
        public Id jobId() {
            return id;
        }

        @Override
        public CompletableFuture<JobResult> result() {
            return result;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}

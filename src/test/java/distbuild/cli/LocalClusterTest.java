package distbuild.cli;

import static distbuild.testing.TestGraph.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.client.BuildListener;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.coordinator.Coordinator;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.scheduler.Clock;
import distbuild.http.HttpClients;
import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Job;
import distbuild.model.WorkerId;
import distbuild.testing.RecordingListener;
import distbuild.testing.TestGraph;
import distbuild.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whole builds on a real coordinator and real workers talking HTTP on loopback, running real processes. */
class LocalClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.cluster");
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    @Test
    void echoJobPrintsItsOutput() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.job("echo", List.of(), List.of(new Cmd.Exec(List.of("echo", "hello", "world"))));

        RecordingListener listener = new RecordingListener();
        BuildOutcome outcome = build(cluster, graph, listener);

        assertThat(outcome.succeeded()).as(outcome.failure()).isTrue();
        assertThat(listener.stdout("echo")).isEqualTo("hello world\n");
        assertThat(listener.finished).containsExactly("echo");
    }

    @Test
    void jobReadsSourceFilesIncludingOneInASubdirectory() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.file("top.txt", "from the top\n").file("dir/nested/deep.txt", "from below\n");
        graph.job("cat", List.of("top.txt", "dir/nested/deep.txt"), List.of(
                new Cmd.Exec(List.of("cat", "top.txt")),
                new Cmd.Exec(List.of("sh", "-c", "cat dir/nested/deep.txt >&2"))));

        RecordingListener listener = new RecordingListener();
        BuildOutcome outcome = build(cluster, graph, listener);

        assertThat(outcome.succeeded()).as(outcome.failure()).isTrue();
        assertThat(listener.stdout("cat")).isEqualTo("from the top\n");
        assertThat(listener.stderr("cat")).isEqualTo("from below\n");
    }

    @Test
    void jobReadsTheOutputOfItsDepThroughTheDepsTemplate() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        TestGraph graph = new TestGraph(temp.resolve("src"));
        Job a = graph.job("a", List.of(), List.of(new Cmd.Cat("made by a\n", "{{.OutputDir}}/a.txt")));
        graph.shell("b", "cat " + dep(a) + "/a.txt", List.of(), a);

        RecordingListener listener = new RecordingListener();
        BuildOutcome outcome = build(cluster, graph, listener);

        assertThat(outcome.succeeded()).as(outcome.failure()).isTrue();
        assertThat(listener.stdout("b")).isEqualTo("made by a\n");
        assertThat(listener.finished).containsExactly("a", "b");
    }

    @Test
    void concurrentBuildsShareTheirCommonJobWhichRunsOnce() throws Exception {
        LocalCluster cluster = cluster(3, 1);
        Path runs = temp.resolve("a-runs");
        Files.createFile(runs);
        List<Graph> graphs = new ArrayList<>();
        Job shared = null;
        for (int i = 0; i < 3; i++) {
            TestGraph graph = new TestGraph(temp.resolve("src" + i));
            shared = graph.shell("a", "echo ran >> " + runs + " && echo shared > {{.OutputDir}}/a.txt", List.of());
            graph.shell("b" + i, "cat " + dep(shared) + "/a.txt && echo b" + i + " && sleep 1", List.of(), shared);
            graphs.add(graph.graph());
        }

        List<Future<RecordingListener>> builds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Graph graph = graphs.get(i);
            Path src = temp.resolve("src" + i);
            builds.add(threads.submit(() -> {
                RecordingListener listener = new RecordingListener();
                try (Client client = new Client(LOG, cluster.coordinatorUri())) {
                    BuildOutcome outcome = client.build(graph, src, listener);
                    assertThat(outcome.succeeded()).as(outcome.failure()).isTrue();
                }
                return listener;
            }));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(builds.get(i).get(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS).stdout("b" + i))
                    .isEqualTo("shared\nb" + i + "\n");
        }

        assertThat(Files.readAllLines(runs)).as("job a must run exactly once").containsExactly("ran");
        for (Worker worker : cluster.workers()) {
            assertThat(artifactStatus(worker.id(), shared)).as("artifact of a on " + worker.id()).isEqualTo(200);
        }
    }

    @Test
    void secondBuildOfTheSameGraphRunsNothingAndStillReportsOutput() throws Exception {
        LocalCluster cluster = cluster(2, 2);
        Path sideEffect = temp.resolve("side-effect");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        Job a = graph.shell("a", "echo ran >> " + sideEffect + " && echo output of a && echo x > {{.OutputDir}}/x", List.of());
        graph.shell("b", "echo ran >> " + sideEffect + " && cat " + dep(a) + "/x", List.of(), a);

        assertThat(build(cluster, graph, BuildListener.NONE).succeeded()).isTrue();
        assertThat(Files.readAllLines(sideEffect)).hasSize(2);

        RecordingListener listener = new RecordingListener();
        assertThat(build(cluster, graph, listener).succeeded()).isTrue();
        assertThat(Files.readAllLines(sideEffect)).as("no command may run again").hasSize(2);
        assertThat(listener.stdout("a")).isEqualTo("output of a\n");
        assertThat(listener.stdout("b")).isEqualTo("x\n");
    }

    @Test
    void restartedClusterReplaysEverythingFromTheWorkersCaches() throws Exception {
        Path data = temp.resolve("data");
        Path sideEffect = temp.resolve("side-effect");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        Job a = graph.shell("a", "echo ran >> " + sideEffect + " && echo out a && echo x > {{.OutputDir}}/x", List.of());
        Job b = graph.shell("b", "echo ran >> " + sideEffect + " && echo out b && echo y > {{.OutputDir}}/y", List.of());
        graph.shell("c", "echo ran >> " + sideEffect + " && cat " + dep(a) + "/x " + dep(b) + "/y", List.of(), a, b);
        try (LocalCluster first = LocalCluster.start(LOG, data, 2, 1)) {
            first.awaitWorkers(Duration.ofSeconds(10));
            assertThat(build(first, graph, BuildListener.NONE).succeeded()).isTrue();
        }

        try (Coordinator standalone = Coordinator.open(LOG, new CoordinatorConfig(data.resolve("coordinator")), Clock.system())) {
            assertThat(standalone.awaitingWorkersFromBefore())
                    .as("a coordinator on its own, started again, waits for the workers it knew").isTrue();
        }
        LocalCluster second = LocalCluster.start(LOG, data, 2, 1);
        toClose.add(second);
        assertThat(second.coordinator().awaitingWorkersFromBefore())
                .as("a local cluster's workers stopped with it: nobody to wait for").isFalse();
        second.awaitWorkers(Duration.ofSeconds(10));
        RecordingListener listener = new RecordingListener();
        assertThat(build(second, graph, listener).succeeded()).isTrue();

        assertThat(Files.readAllLines(sideEffect)).as("nothing runs again after a restart").hasSize(3);
        assertThat(listener.stdout("a")).isEqualTo("out a\n");
        assertThat(listener.stdout("b")).isEqualTo("out b\n");
        assertThat(listener.stdout("c")).isEqualTo("x\ny\n");
    }

    @Test
    void aDataDirectoryGivenRelativeStillGivesJobsTheirDeps() throws Exception {
        // Relative to the working directory, as `--data cache` on the command line is; jobs run elsewhere.
        Path relative = Path.of("target", "relative-data-" + System.nanoTime());
        assertThat(relative.isAbsolute()).isFalse();
        try {
            LocalCluster cluster = LocalCluster.start(LOG, relative, 1, 1);
            toClose.add(cluster);
            cluster.awaitWorkers(Duration.ofSeconds(10));
            TestGraph graph = new TestGraph(temp.resolve("src"));
            Job a = graph.shell("a", "echo made > {{.OutputDir}}/x", List.of());
            graph.shell("b", "cat " + dep(a) + "/x", List.of(), a);
            RecordingListener listener = new RecordingListener();
            BuildOutcome outcome = build(cluster, graph, listener);
            assertThat(outcome.failure()).isNull();
            assertThat(listener.stdout("b")).isEqualTo("made\n");
        } finally {
            toClose.reversed().forEach(closeable -> {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            toClose.clear();
            distbuild.files.FileTrees.deleteRecursively(relative);
        }
    }

    @Test
    void failingJobFailsTheBuildAndItsDependantsNeverStart() throws Exception {
        LocalCluster cluster = cluster(1, 2);
        Path marker = temp.resolve("dependant-ran");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        Job broken = graph.shell("broken step", "echo about to fail >&2; exit 3", List.of());
        graph.shell("after", "touch " + marker, List.of(), broken);

        RecordingListener listener = new RecordingListener();
        BuildOutcome outcome = build(cluster, graph, listener);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).contains("'broken step'", broken.id().shortHex(), "exit code 3");
        assertThat(listener.stderr("broken step")).isEqualTo("about to fail\n");
        assertThat(listener.failed).containsExactly("broken step: exit code 3");
        assertThat(marker).doesNotExist();

        TestGraph next = new TestGraph(temp.resolve("src2"));
        next.job("still alive", List.of(), List.of(new Cmd.Exec(List.of("echo", "yes"))));
        RecordingListener again = new RecordingListener();
        assertThat(build(cluster, next, again).succeeded()).isTrue();
        assertThat(again.stdout("still alive")).isEqualTo("yes\n");
    }

    @Test
    void jobThatCannotStartFailsWithAClearError() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.job("typo", List.of(), List.of(new Cmd.Exec(List.of("no-such-program-xyz", "arg"))));

        BuildOutcome outcome = build(cluster, graph, BuildListener.NONE);

        assertThat(outcome.failure()).contains("'typo'", "cannot start \"no-such-program-xyz\"", "No such file");
    }

    @Test
    void badGraphsAreRefusedWith400NamingTheProblemAndTheCoordinatorKeepsServing() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        String a = "a".repeat(40);
        String b = "b".repeat(40);
        String file = "c".repeat(40);
        String cmd = "{\"Exec\":[\"true\"]}";
        assertRefused(cluster, "{\"Graph\":{\"Jobs\":[{\"ID\":\"" + a + "\",\"Name\":\"x\",\"Deps\":[\"" + b + "\"],\"Cmds\":[" + cmd
                + "]},{\"ID\":\"" + b + "\",\"Name\":\"y\",\"Deps\":[\"" + a + "\"],\"Cmds\":[" + cmd + "]}]}}",
                "dependency cycle", "'x'", "'y'");
        assertRefused(cluster, "{\"Graph\":{\"Jobs\":[{\"ID\":\"" + a + "\",\"Name\":\"x\",\"Deps\":[\"" + b + "\"],\"Cmds\":[" + cmd + "]}]}}",
                "depends on unknown job " + b);
        assertRefused(cluster, "{\"Graph\":{\"Jobs\":[{\"ID\":\"" + a + "\",\"Name\":\"x\",\"Inputs\":[\"missing.c\"],\"Cmds\":[" + cmd + "]}]}}",
                "input \"missing.c\" is not in SourceFiles");
        assertRefused(cluster, "{\"Graph\":{\"Jobs\":[{\"ID\":\"not-an-id\",\"Name\":\"x\",\"Cmds\":[" + cmd + "]}]}}",
                "Graph.Jobs[0].ID", "not-an-id");
        assertRefused(cluster, "{\"Graph\":{\"SourceFiles\":{\"" + file + "\":\"../outside.c\"},\"Jobs\":[]}}",
                "\"../outside.c\"", "'..'");
        assertRefused(cluster, "{\"Graph\":", "not valid JSON");

        TestGraph good = new TestGraph(temp.resolve("src"));
        good.job("fine", List.of(), List.of(new Cmd.Exec(List.of("true"))));
        assertThat(build(cluster, good, BuildListener.NONE).succeeded()).isTrue();
    }

    @Test
    void cancelledBuildStopsItsRunningProcess() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        Path pidFile = temp.resolve("pid");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.shell("sleeper", "echo $$ > " + pidFile + ".tmp && mv " + pidFile + ".tmp " + pidFile + " && exec sleep 600",
                List.of());
        Future<BuildOutcome> running = threads.submit(() -> build(cluster, graph, BuildListener.NONE));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

        long cancelledAt = System.nanoTime();
        running.cancel(true); // interrupts the client: the build is cancelled

        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        LOG.info("the job's process was gone {} ms after the client cancelled",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt));
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.coordinator().pendingJobs() == 0);
    }

    @Test
    void buildStartedAgainRightAfterACancelledOneRunsTheJobAgain() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        Path firstRun = temp.resolve("first-run");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        // The first run ignores SIGTERM, so it dies only after the grace period; the second run is quick.
        graph.shell("stubborn", "trap '' TERM; if [ -e " + firstRun + " ]; then echo second run; exit 0; fi; touch "
                + firstRun + "; exec sleep 600", List.of());
        Future<BuildOutcome> first = threads.submit(() -> build(cluster, graph, BuildListener.NONE));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(firstRun));
        first.cancel(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.coordinator().pendingJobs() == 0);

        RecordingListener listener = new RecordingListener();
        Future<BuildOutcome> second = threads.submit(() -> build(cluster, graph, listener));

        BuildOutcome outcome = second.get(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(outcome.succeeded()).as(outcome.failure()).isTrue();
        assertThat(listener.stdout("stubborn")).isEqualTo("second run\n");
    }

    @Test
    void outputHoldingASymbolicLinkFailsTheJobNamingIt() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.shell("linker", "mkdir {{.OutputDir}}/lib && ln -s /etc/hostname {{.OutputDir}}/lib/host", List.of());

        BuildOutcome outcome = build(cluster, graph, BuildListener.NONE);

        assertThat(outcome.failure()).contains("'linker'", "\"lib/host\"", "not a regular file or a directory");
    }

    @Test
    void signalForABuildThatIsNotRunningIs404() throws Exception {
        LocalCluster cluster = cluster(1, 1);
        try (HttpClient http = HttpClients.create()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(cluster.coordinatorUri() + "/signal?build_id=" + "ab".repeat(20)))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"UploadDone\":{}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("unknown build " + "ab".repeat(20));
        }
    }

    private LocalCluster cluster(int workers, int slots) throws Exception {
        LocalCluster cluster = LocalCluster.start(LOG, temp.resolve("data"), workers, slots);
        toClose.add(cluster);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        return cluster;
    }

    private static BuildOutcome build(LocalCluster cluster, TestGraph graph, BuildListener listener) throws Exception {
        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            return client.build(graph.graph(), graph.sourceDir(), listener);
        }
    }

    private static int artifactStatus(WorkerId worker, Job job) throws Exception {
        try (HttpClient http = HttpClients.create()) {
            return http.send(HttpRequest.newBuilder(URI.create(worker.url() + "/artifact?id=" + job.id().hex())).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static void assertRefused(LocalCluster cluster, String body, String... expected) throws Exception {
        try (HttpClient http = HttpClients.create()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(cluster.coordinatorUri() + "/build"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains(expected);
        }
    }
}

package distbuild.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.cli.LocalCluster;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatClient;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import distbuild.tar.TarStream;
import distbuild.testing.RecordingListener;
import distbuild.testing.TestGraph;
import distbuild.worker.Worker;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stranger speaking the worker protocol over real HTTP cannot make a build take its output: a
 * result counts only from the worker the coordinator handed the job to.
 */
class ForgedResultsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.forged");
    private static final byte[] FORGED = "forged\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    private LocalCluster cluster;
    private Client client;
    private HttpClient http;
    private HeartbeatClient stranger;
    private final ExecutorService builds = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void startCluster() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 2);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        client = new Client(LOG, cluster.coordinatorUri());
        http = HttpClients.create();
        stranger = new HeartbeatClient(LOG, http, cluster.coordinatorUri());
    }

    @AfterEach
    void stop() throws Exception {
        builds.shutdownNow();
        builds.awaitTermination(10, TimeUnit.SECONDS);
        client.close();
        http.close();
        cluster.close();
    }

    @Test
    void aForgedResultForAJobRunningElsewhereIsRefused() throws Exception {
        Path gate = temp.resolve("gate");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        Job slow = graph.shell("slow", "while [ ! -e " + gate + " ]; do sleep 0.02; done; echo real", List.of());
        RecordingListener listener = new RecordingListener();
        Future<BuildOutcome> build = builds.submit(() -> client.build(graph.graph(), graph.sourceDir(), listener));
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.started.contains("slow"));

        // Reports the running job finished, with its own output, and claims to hold the artifact.
        stranger.heartbeat(new HeartbeatRequest(new WorkerId("http://127.0.0.1:9/stranger"), List.of(), 0,
                List.of(JobResult.success(slow.id(), FORGED, new byte[0])), List.of(slow.id())));
        Files.createFile(gate);

        assertThat(build.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(listener.stdout("slow")).isEqualTo("real\n");
    }

    @Test
    void aJobCannotBeTakenBySayingItRunsNorFinishedByOneNeverHandedIt() throws Exception {
        Path gate = temp.resolve("gate");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        String waitForGate = "while [ ! -e " + gate + " ]; do sleep 0.02; done";
        graph.shell("busy 1", waitForGate, List.of());
        graph.shell("busy 2", waitForGate + "; true", List.of());
        Job queued = graph.shell("queued", "echo real", List.of());
        RecordingListener listener = new RecordingListener();
        Future<BuildOutcome> build = builds.submit(() -> client.build(graph.graph(), graph.sourceDir(), listener));
        // The only worker's 2 slots are taken: "queued" waits in the queue.
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.started.containsAll(List.of("busy 1", "busy 2")));
        WorkerId strangerId = new WorkerId("http://127.0.0.1:9/stranger");

        HeartbeatResponse told = stranger.heartbeat(new HeartbeatRequest(strangerId, List.of(queued.id()), 0, List.of(),
                List.of()));
        stranger.heartbeat(new HeartbeatRequest(strangerId, List.of(), 0,
                List.of(JobResult.success(queued.id(), FORGED, new byte[0])), List.of(queued.id())));
        // Another build of the same job, before the real result exists: had the forged one been
        // remembered, it would be replayed to this build at once.
        TestGraph alone = new TestGraph(temp.resolve("src"));
        alone.shell("queued", "echo real", List.of());
        RecordingListener again = new RecordingListener();
        Future<BuildOutcome> second = builds.submit(() -> client.build(alone.graph(), alone.sourceDir(), again));
        Files.createFile(gate);

        assertThat(told.jobsToCancel()).as("told to stop what it was never given").contains(queued.id());
        assertThat(build.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(listener.stdout("queued")).isEqualTo("real\n");
        assertThat(second.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(again.stdout("queued")).isEqualTo("real\n");
    }

    @Test
    void aStrangerClaimingToHoldAnArtifactIsNeverNamedAsItsHolder() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("src"));
        Job made = graph.shell("made", "echo real > {{.OutputDir}}/a", List.of());
        graph.shell("user", "cat " + TestGraph.dep(made) + "/a", List.of(), made);
        // The coordinator remembers the first build's results; then the only worker that held them is gone.
        TestGraph first = new TestGraph(temp.resolve("src"));
        first.shell("made", "echo real > {{.OutputDir}}/a", List.of());
        assertThat(client.build(first.graph(), first.sourceDir(), new RecordingListener()).succeeded()).isTrue();
        Worker gone = cluster.workers().getFirst();
        gone.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> !cluster.coordinator().liveWorkers().contains(gone.id()));
        cluster.addWorker(temp.resolve("data/worker-new"), 2);

        // A stranger serving a forged artifact says it holds the job's output, and keeps heartbeating.
        Path forgedDir = Files.createDirectories(temp.resolve("forged"));
        Files.write(forgedDir.resolve("a"), FORGED);
        try (LoopbackServer forger = LoopbackServer.serve(LOG, routes -> routes.get("/artifact", exchange -> {
            try (var out = exchange.streamResponse(200, "application/x-tar")) {
                TarStream.write(forgedDir, out);
            }
        }))) {
            WorkerId strangerId = new WorkerId(forger.base().toString());
            stranger.heartbeat(new HeartbeatRequest(strangerId, List.of(), 0, List.of(), List.of(made.id())));
            Future<?> alive = builds.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    stranger.heartbeat(new HeartbeatRequest(strangerId, List.of(), 0, List.of(), List.of()));
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.coordinator().liveWorkers().contains(strangerId));

            RecordingListener listener = new RecordingListener();
            BuildOutcome outcome = client.build(graph.graph(), graph.sourceDir(), listener);
            alive.cancel(true);

            // Believed, the claim would replay "made" from the stranger and feed its artifact to "user".
            assertThat(outcome.succeeded()).as(String.valueOf(outcome.failure())).isTrue();
            assertThat(listener.stdout("user")).isEqualTo("real\n");
            assertThat(listener.started).as("run again, since nobody else holds it").contains("made");
        }
    }
}

package distbuild.cli;

import static distbuild.testing.TestGraph.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.model.Job;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.WireFormat;
import distbuild.testing.JavaProcess;
import distbuild.testing.RecordingListener;
import distbuild.testing.TestGraph;
import java.io.ByteArrayInputStream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code distbuild status}, as a user runs it against a cluster mid-build: the worker, the build's
 * progress, each waiting job with why it waits, and the totals, in words and as JSON.
 */
class StatusCommandTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.status");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private final ExecutorService builds = Executors.newVirtualThreadPerTaskExecutor();
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        builds.shutdownNow();
        builds.awaitTermination(10, TimeUnit.SECONDS);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void statusShowsTheWorkerTheBuildAndWhyEachJobWaitsThenTheTotals() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 1);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        Path gate = temp.resolve("gate");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        Job slow = graph.shell("slow", "while [ ! -e " + gate + " ]; do sleep 0.02; done; echo slow > {{.OutputDir}}/s",
                List.of());
        graph.file("input.txt", "some input\n");
        graph.shell("queued", "cat input.txt", List.of("input.txt"));
        graph.shell("after", "cat " + dep(slow) + "/s", List.of(), slow);
        RecordingListener listener = new RecordingListener();
        Future<BuildOutcome> build = builds.submit(() -> {
            try (Client client = new Client(LOG, cluster.coordinatorUri())) {
                return client.build(graph.graph(), graph.sourceDir(), listener);
            }
        });
        // The only slot is taken: "queued" waits for it, "after" for its dep.
        await().atMost(TIMEOUT).until(() -> listener.started.contains("slow")
                && cluster.coordinator().status(10).waitingTotal() == 2);

        JavaProcess plain = status();
        assertThat(plain.awaitExit(TIMEOUT)).as(plain.output()).isZero();
        assertThat(plain.stdout()).contains("1 of 1 worker up · 1 build running · 2 jobs waiting · coordinator "
                + distbuild.protocol.PeerVersion.OURS.describe(), "workers:", "builds:", "waiting:");
        assertThat(plain.stdout()).anyMatch(line -> line.contains(cluster.workers().getFirst().id().url())
                && line.contains("alive") && line.contains("1 running") && line.contains("0 free")
                && line.contains("running 'slow' ("));
        assertThat(plain.stdout()).anyMatch(line -> line.matches("  [0-9a-f]{8}  0/3 done  2 queued or running  1 waiting on deps .*"));
        assertThat(plain.stdout()).anyMatch(line -> line.startsWith("  queued ") && line.endsWith("no free slot on any live worker"));
        assertThat(plain.stdout()).anyMatch(line -> line.startsWith("  after (build ")
                && line.endsWith("waiting for its deps to finish: " + slow.describe()));

        JavaProcess json = status("--json");
        assertThat(json.awaitExit(TIMEOUT)).as(json.output()).isZero();
        ClusterStatus parsed = WireFormat.decodeClusterStatus(new ByteArrayInputStream(
                String.join("\n", json.stdout()).getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed.workers()).singleElement().satisfies(worker -> {
            assertThat(worker.state()).isEqualTo("alive");
            assertThat(worker.runningJobs()).isEqualTo(1);
            assertThat(worker.running()).singleElement().asString().startsWith("'slow' (");
        });
        assertThat(parsed.builds()).singleElement().satisfies(progress -> assertThat(progress.jobs()).isEqualTo(3));
        assertThat(parsed.waiting()).extracting(ClusterStatus.Waiting::name).containsExactly("queued", "after");

        Files.createFile(gate);
        assertThat(build.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).succeeded()).isTrue();
        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            assertThat(client.build(graph.graph(), graph.sourceDir(), new RecordingListener()).succeeded()).isTrue();
        }
        // The client has its outcome a moment before the coordinator has cleaned the build up.
        await().atMost(TIMEOUT).until(() -> cluster.coordinator().status(0).builds().stream()
                .noneMatch(ClusterStatus.Build::stillRunning));
        JavaProcess after = status();
        assertThat(after.awaitExit(TIMEOUT)).as(after.output()).isZero();
        assertThat(after.stdout()).contains("1 of 1 worker up · 0 builds running · 0 jobs waiting · coordinator "
                + distbuild.protocol.PeerVersion.OURS.describe(), "ended:");
        assertThat(after.stdout()).filteredOn(line -> line.matches("  [0-9a-f]{8}  succeeded  3/3 done  .*")).hasSize(2);
        // input.txt's 11 bytes, uploaded by the client and then fetched by the worker; nothing else moved.
        assertThat(after.stdout()).contains("since start: 2 builds (2 succeeded, 0 failed); 3 jobs ran, 3 cache hits (50 %),"
                + " 0 shared between builds; 22 B moved");
    }

    @Test
    void aCoordinatorThatCannotBeReachedIsACleanError() throws Exception {
        JavaProcess refused = JavaProcess.start("status", List.of("-Xmx128m"), Main.class,
                List.of("status", "--coordinator", distbuild.http.LoopbackServer.nothingListening().toString()), temp);
        assertThat(refused.awaitExit(TIMEOUT)).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("cannot connect");
    }

    private JavaProcess status(String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("status", "--coordinator", cluster.coordinatorUri().toString()));
        args.addAll(List.of(options));
        return JavaProcess.start("status", List.of("-Xmx128m"), Main.class, args, temp);
    }
}

package distbuild.client;

import static distbuild.testing.TestGraph.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import distbuild.cli.LocalCluster;
import distbuild.http.RemoteCallException;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.BuildStream;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.StatusUpdate;
import distbuild.testing.RecordingListener;
import distbuild.testing.TestGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds of a client in the coordinator's process, on a real local cluster: as over HTTP, without it. */
class InProcessBuildsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.in-process-builds");

    @TempDir
    Path temp;

    private LocalCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 2);
        cluster.awaitWorkers(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Client client() {
        return Client.beside(LOG, cluster.coordinatorUri(), cluster.coordinator());
    }

    @Test
    void aBuildRunsWithItsDepsAndItsOutputReachesTheListener() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("src")).file("in.txt", "from a file\n");
        Job a = graph.shell("a", "cat in.txt > {{.OutputDir}}/x && echo a ran", List.of("in.txt"));
        graph.shell("b", "cat " + dep(a) + "/x", List.of(), a);
        RecordingListener listener = new RecordingListener();
        try (Client client = client()) {
            BuildOutcome outcome = client.build(graph.graph(), graph.sourceDir(), listener);
            assertThat(outcome.failure()).isNull();
        }
        assertThat(listener.stdout("a")).isEqualTo("a ran\n");
        assertThat(listener.stdout("b")).isEqualTo("from a file\n");
        assertThat(listener.started).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aFailingJobFailsTheBuildWithItsReason() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.shell("broken", "echo no >&2; exit 7", List.of());
        RecordingListener listener = new RecordingListener();
        try (Client client = client()) {
            BuildOutcome outcome = client.build(graph.graph(), graph.sourceDir(), listener);
            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.failure()).contains("'broken'", "exit code 7");
        }
        assertThat(listener.stderr("broken")).isEqualTo("no\n");
    }

    @Test
    void aRefusalBeforeTheBuildStartsCarriesTheStatusAnHttpAnswerWould() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.shell("a", "true", List.of());
        InProcessBuilds builds = new InProcessBuilds(cluster.coordinator());
        assertThatThrownBy(() -> builds.startBuild(new BuildRequest(graph.graph(), true, "me", 3)))
                .isInstanceOfSatisfying(RemoteCallException.class, refused -> assertThat(refused.status()).isEqualTo(400))
                .hasMessageContaining("priority 3 is above what this coordinator allows");
        assertThatThrownBy(() -> builds.signalBuild(Id.parse("ab".repeat(20)), SignalRequest.UPLOAD_DONE))
                .isInstanceOfSatisfying(RemoteCallException.class, refused -> assertThat(refused.isNotFound()).isTrue())
                .hasMessageContaining("unknown build");
    }

    @Test
    void closingTheStreamBeforeTheEndCancelsTheBuildAndItsJob() throws Exception {
        Path started = temp.resolve("started");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.shell("long", "touch " + started + " && sleep 60", List.of());
        InProcessBuilds builds = new InProcessBuilds(cluster.coordinator());
        BuildStream stream = builds.startBuild(new BuildRequest(graph.graph(), true, "me", 0));
        builds.signalBuild(stream.started().id(), SignalRequest.UPLOAD_DONE);
        StatusUpdate first = stream.next();
        assertThat(first.jobStarted()).as("the job's start is the first update").isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(started));

        stream.close();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ClusterStatus status = cluster.coordinator().status(0);
            assertThat(status.builds()).isNotEmpty()
                    .allSatisfy(build -> assertThat(build.state()).isNotEqualTo(ClusterStatus.Build.RUNNING));
            assertThat(status.workers()).allSatisfy(worker -> assertThat(worker.runningJobs()).isZero());
        });
    }
}

package distbuild.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.cli.LocalCluster;
import distbuild.coordinator.Coordinator;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.model.WorkerId;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import distbuild.protocol.PeerVersion;
import distbuild.scheduler.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Heartbeats of a worker in the coordinator's own process, against a real coordinator. */
class InProcessHeartbeatsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.in-process-heartbeats");
    private static final WorkerId SELF = new WorkerId("http://127.0.0.1:1/worker/0");

    @TempDir
    Path temp;

    private Coordinator coordinator() throws IOException {
        return Coordinator.open(LOG, new CoordinatorConfig(temp.resolve("coordinator")).withoutRestartRecovery(), Clock.system());
    }

    private static HeartbeatRequest asking(int slots) {
        return new HeartbeatRequest(SELF, List.of(), slots, List.of(), List.of(), List.of(), true);
    }

    @Test
    void aHeldAnswerIsGivenUpAfterTheTimeoutAndTheHeldCallEnds() throws Exception {
        try (Coordinator coordinator = coordinator()) {
            coordinator.adopt(SELF);
            InProcessHeartbeats heartbeats = new InProcessHeartbeats(SELF, coordinator);

            long start = System.nanoTime();
            assertThatThrownBy(() -> heartbeats.heartbeat(asking(1), Duration.ofMillis(200)))
                    .isInstanceOf(IOException.class).hasMessageContaining("did not answer within 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("given up long before the coordinator's poll timeout").isLessThan(Duration.ofSeconds(10));

            // The next poll is held as usual and answered with nothing once the caller gives up on it.
            CompletableFuture<HeartbeatResponse> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return heartbeats.heartbeat(asking(1), Duration.ofMillis(300));
                } catch (IOException e) {
                    return null;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(next.get(20, TimeUnit.SECONDS)).as("held, then given up").isNull();
        }
    }

    @Test
    void interruptingTheCallerEndsAHeldPoll() throws Exception {
        try (Coordinator coordinator = coordinator()) {
            coordinator.adopt(SELF);
            InProcessHeartbeats heartbeats = new InProcessHeartbeats(SELF, coordinator);
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            Thread poller = Thread.ofVirtual().start(() -> {
                try {
                    heartbeats.heartbeat(asking(1));
                    ended.complete(null);
                } catch (Throwable e) {
                    ended.complete(e);
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> poller.getState() == Thread.State.WAITING || poller.getState() == Thread.State.TIMED_WAITING);
            poller.interrupt();
            assertThat(ended.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void aLocalClustersWorkersAreShownSpeakingOurVersion() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(LOG, temp.resolve("data"), 2, 1)) {
            cluster.awaitWorkers(Duration.ofSeconds(10));
            ClusterStatus status = cluster.coordinator().status(10);
            assertThat(status.workers()).hasSize(2)
                    .allSatisfy(worker -> assertThat(worker.version()).isEqualTo(PeerVersion.OURS.describe()));
        }
    }
}

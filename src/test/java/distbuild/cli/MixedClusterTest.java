package distbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.client.BuildListener;
import distbuild.client.Client;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.model.Cmd;
import distbuild.model.WorkerId;
import distbuild.scheduler.SchedulerConfig;
import distbuild.testing.ReferenceStyleWorker;
import distbuild.testing.TestGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Our coordinator with a worker of ours and one written to the reference design: as fast as the workers allow. */
class MixedClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.mixed");
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void aReferenceStyleWorkerIsNeverHeldBackWhileItsJobsRun() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("src"));
        for (int i = 0; i < 25; i++) {
            graph.job("sleep " + i, List.of(), List.of(new Cmd.Exec(List.of("sleep", "0.1" + String.format("%02d", i)))));
        }
        // A held heartbeat would cost the reference worker a whole poll timeout per job: make that
        // long, so the difference cannot be a matter of how loaded the machine is.
        CoordinatorConfig longPolls = new CoordinatorConfig(temp.resolve("data/coordinator"), SchedulerConfig.DEFAULTS,
                POLL_TIMEOUT, CoordinatorConfig.DEFAULT_KEEP_ALIVE);
        try (LocalCluster cluster = LocalCluster.start(LOG, longPolls, temp.resolve("data"), 1, 1);
                ReferenceStyleWorker reference = new ReferenceStyleWorker(LOG, cluster.coordinatorUri(),
                        new WorkerId("http://127.0.0.1:9/reference"), Files.createDirectories(temp.resolve("reference")));
                Client client = new Client(LOG, cluster.coordinatorUri())) {
            cluster.awaitWorkers(Duration.ofSeconds(10));
            long started = System.nanoTime();

            assertThat(client.build(graph.graph(), graph.sourceDir(), BuildListener.NONE).succeeded()).isTrue();

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("25 jobs of 0.1 s on one worker of ours and one of the reference design: %d ms (ideal 1250 ms)%n",
                    took.toMillis());
            assertThat(reference.ran()).as("the reference-style worker took its share").isGreaterThan(3);
            assertThat(took).as("not one poll timeout spent holding its news").isLessThan(POLL_TIMEOUT);
        }
    }
}

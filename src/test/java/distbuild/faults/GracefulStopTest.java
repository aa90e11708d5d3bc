package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A worker asked to stop (SIGTERM) takes no more jobs, finishes or hands back the running ones, and exits 0. */
class GracefulStopTest extends ClusterTestBase {
    @Test
    void aStoppingWorkerFinishesWhatItRunsThenExitsZero() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 1, 2);
        Path started = temp.resolve("started");
        JavaProcess client = build("""
                jobs:
                  - name: slow
                    run: touch %s && sleep 2 && echo done > out.txt
                    outputs: out.txt
                """.formatted(started));
        Awaitility.await().atMost(TIMEOUT).until(() -> Files.exists(started));

        cluster.worker(0).terminate();

        assertThat(cluster.worker(0).awaitExit(TIMEOUT)).as(cluster.worker(0).output()).isZero();
        assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
        assertThat(client.stdout()).filteredOn(line -> line.contains("] start  slow")).hasSize(1);
    }

    @Test
    void aJobThatOutlastsTheGraceIsHandedBackAndRunsElsewhere() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 0, 1);
        int leaving = cluster.addWorker(1, "--drain-timeout", "1s");
        JavaProcess client = build("""
                jobs:
                  - name: long
                    run: sleep 3 && echo done > out.txt
                    outputs: out.txt
                """);
        client.awaitLine(Pattern.compile("\\] start  long on "), TIMEOUT);
        int staying = cluster.addWorker(1);

        cluster.worker(leaving).terminate();

        assertThat(cluster.worker(leaving).awaitExit(TIMEOUT)).as(cluster.worker(leaving).output()).isZero();
        assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
        assertThat(client.stdout()).anyMatch(line -> line.contains("] start  long on " + cluster.workerName(staying)));
    }

    private JavaProcess build(String yaml) throws Exception {
        Path project = project("project", yaml);
        return cluster.client(project, "--progress", "plain");
    }
}

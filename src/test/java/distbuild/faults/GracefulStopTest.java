package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.protocol.ClusterStatus;
import distbuild.protocol.WireFormat;
import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A worker asked to stop (SIGTERM) takes no more jobs, finishes or hands back the running ones, and exits 0. */
class GracefulStopTest extends ClusterTestBase {
    @Test
    void aStoppingWorkerFinishesWhatItRunsThenExitsZero() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 1, 2);
        Path started = temp.resolve("started");
        Path release = temp.resolve("release");
        JavaProcess client = build("""
                jobs:
                  - name: slow
                    run: touch %s && until [ -e %s ]; do sleep 0.05; done; echo done > out.txt
                    outputs: out.txt
                """.formatted(started, release));
        Awaitility.await().atMost(TIMEOUT).until(() -> Files.exists(started));

        cluster.worker(0).terminate();

        // The coordinator's status pages say so while it finishes its job.
        Awaitility.await().atMost(TIMEOUT).until(() -> workerStates().equals(List.of("draining")));
        Files.writeString(release, "go\n");

        assertThat(cluster.worker(0).awaitExit(TIMEOUT)).as(cluster.worker(0).output()).isZero();
        assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
        assertThat(client.stdout()).filteredOn(line -> line.contains("] start  slow")).hasSize(1);
    }

    @Test
    void aJobThatOutlastsTheGraceIsHandedBackAndRunsElsewhere() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 0, 1);
        int leaving = cluster.addWorker(1, "--drain-timeout", "1s");
        // The job runs until released, so it outlasts the grace however slowly the machine goes.
        Path release = temp.resolve("release-long");
        JavaProcess client = build("""
                jobs:
                  - name: long
                    run: until [ -e %s ]; do sleep 0.05; done; echo done > out.txt
                    outputs: out.txt
                """.formatted(release));
        client.awaitLine(Pattern.compile("\\] start  long on "), TIMEOUT);
        int staying = cluster.addWorker(1);

        cluster.worker(leaving).terminate();

        assertThat(cluster.worker(leaving).awaitExit(TIMEOUT)).as(cluster.worker(leaving).output()).isZero();
        client.awaitLine(Pattern.compile("\\] start  long on " + Pattern.quote(cluster.workerName(staying))), TIMEOUT);
        Files.writeString(release, "go\n");
        assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
        assertThat(client.stdout()).anyMatch(line -> line.contains("] start  long on " + cluster.workerName(staying)));
    }

    /** The states of the cluster's workers, in the order they started, as {@code /status} says them. */
    private List<String> workerStates() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(cluster.coordinatorUrl() + "/status"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            ClusterStatus status = WireFormat.decodeClusterStatus(new ByteArrayInputStream(answer.body()));
            return cluster.workerUrls().stream().map(url -> status.workers().stream()
                    .filter(worker -> worker.id().equals(url)).map(ClusterStatus.Worker::state).findFirst().orElse("unknown"))
                    .toList();
        }
    }

    private JavaProcess build(String yaml) throws Exception {
        Path project = project("project", yaml);
        return cluster.client(project, "--progress", "plain");
    }
}

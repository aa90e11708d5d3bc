package distbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.client.Client;
import distbuild.http.LoopbackServer;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatRequest;
import distbuild.testing.RecordingListener;
import distbuild.testing.TestGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /artifact} on the coordinator: a client gets a job's outputs from whichever live worker can send them. */
class ArtifactRelayTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.relay");

    @TempDir
    Path temp;

    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aHolderThatCannotSendIsPassedOverForOneThatCan() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 1);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        TestGraph graph = new TestGraph(temp.resolve("src"));
        Job job = graph.job("make", List.of(), List.of(new Cmd.Exec(List.of("sh", "-c",
                "mkdir -p {{.OutputDir}}/bin && echo built > {{.OutputDir}}/bin/tool && chmod +x {{.OutputDir}}/bin/tool"))));
        // A worker that says it holds the artifact, at an address where nothing answers, is asked first.
        WorkerId gone = new WorkerId(LoopbackServer.nothingListening().toString());
        cluster.coordinator().heartbeat(new HeartbeatRequest(gone, List.of(), 0, List.of(), List.of(job.id())));

        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            assertThat(client.build(graph.graph(), graph.sourceDir(), new RecordingListener()).succeeded()).isTrue();
            Path out = temp.resolve("out");
            assertThat(client.fetchArtifact(job.id(), out)).isEqualTo(1);
            assertThat(Files.readString(out.resolve("bin/tool"))).isEqualTo("built\n");
            assertThat(out.resolve("bin/tool")).isExecutable();

            // Fetching again replaces what is there.
            Files.writeString(out.resolve("bin/tool"), "stale");
            client.fetchArtifact(job.id(), out);
            assertThat(Files.readString(out.resolve("bin/tool"))).isEqualTo("built\n");
        }
    }

    @Test
    void anArtifactNoLiveWorkerHoldsIsRefusedAndNothingIsWritten() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 1);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        Id unknown = Id.ofContent("never built".getBytes());
        Path out = temp.resolve("out");

        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            assertThatThrownBy(() -> client.fetchArtifact(unknown, out))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no live worker holds artifact " + unknown.hex());
        }
        assertThat(out).satisfiesAnyOf(dir -> assertThat(dir).doesNotExist(), dir -> assertThat(dir).isEmptyDirectory());
    }
}

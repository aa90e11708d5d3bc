package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Graph;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.WireFormat;
import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's priority through the command line: within the coordinator's limit it runs, above it it is refused, saying so. */
class BuildPriorityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void aBuildMayYieldOrAskForMoreWithinWhatTheCoordinatorAllows() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("distbuild.yaml"), "jobs:\n  - name: one\n    run: echo one > one.txt\n    outputs: [one.txt]\n");
        try (ProcessCluster cluster = ProcessCluster.start(temp.resolve("cluster"), 1, 1, "--highest-build-priority", "1")) {
            JavaProcess yielding = cluster.client(project, "--priority", "-2");
            assertThat(yielding.awaitExit(TIMEOUT)).as(yielding.output()).isZero();
            JavaProcess allowed = cluster.client(project, "--priority", "1");
            assertThat(allowed.awaitExit(TIMEOUT)).as(allowed.output()).isZero();

            JavaProcess greedy = cluster.client(project, "--priority", "3");
            assertThat(greedy.awaitExit(TIMEOUT)).as(greedy.output()).isEqualTo(2);
            assertThat(greedy.output()).contains("priority 3 is above what this coordinator allows (1");
            JavaProcess nonsense = cluster.client(project, "--priority", "9");
            assertThat(nonsense.awaitExit(TIMEOUT)).as(nonsense.output()).isEqualTo(2);
            assertThat(nonsense.output()).contains("--priority is from -3 to 3, got 9");
        }
    }

    @Test
    void thePriorityTravelsOnlyWhenAskedForSoAGoCoordinatorSeesTheRequestItKnows() throws Exception {
        Graph graph = new Graph(Map.of(), List.of());
        assertThat(WireFormat.parse(WireFormat.encode(new BuildRequest(graph, true, "ann@box"))).has("Priority")).isFalse();
        byte[] asking = WireFormat.encode(new BuildRequest(graph, true, "ann@box", -2));
        assertThat(WireFormat.decodeBuildRequest(new ByteArrayInputStream(asking)).priority()).isEqualTo(-2);
        assertThat(WireFormat.decodeBuildRequest(new ByteArrayInputStream(asking)).user()).isEqualTo("ann");
        assertThat(new BuildRequest(graph, true, "10.0.0.5:53121").user()).as("a client that does not say: its address")
                .isEqualTo("10.0.0.5");
        byte[] tooHigh = "{\"Graph\": {\"SourceFiles\": {}, \"Jobs\": []}, \"Priority\": 7}".getBytes();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WireFormat.decodeBuildRequest(new ByteArrayInputStream(tooHigh)))
                .hasMessageContaining("priority is from -3 to 3");
    }
}

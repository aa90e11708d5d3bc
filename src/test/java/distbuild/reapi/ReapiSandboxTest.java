package distbuild.reapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import build.bazel.remote.execution.v2.Command;
import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.DirectoryNode;
import build.bazel.remote.execution.v2.ExecuteResponse;
import distbuild.cli.LocalCluster;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.security.Credentials;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An action on workers started with {@code --sandbox}: laid out, run and collected inside bubblewrap, as its own user. */
class ReapiSandboxTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.reapi.sandbox");

    @TempDir
    Path temp;

    @Test
    void anActionRunsInTheSandboxAndItsOutputsComeBack() throws Exception {
        assumeThat(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "bwrap")))).as("needs bubblewrap").isTrue();
        try (LocalCluster cluster = LocalCluster.start(LOG, new CoordinatorConfig(temp.resolve("data/coordinator")),
                temp.resolve("data"), 1, 1, true);
             ReapiServer server = ReapiServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                     ReapiBackend.of(cluster.coordinator()), Credentials.NONE);
             ReapiClient client = new ReapiClient(server.port())) {
            cluster.awaitWorkers(Duration.ofSeconds(30));
            Digest input = client.put("sandboxed input\n");
            Directory sub = Directory.newBuilder().addFiles(ReapiClient.file("in.txt", input, true)).build();
            Directory root = Directory.newBuilder()
                    .addDirectories(DirectoryNode.newBuilder().setName("sub").setDigest(client.put(sub))).build();
            Command command = Command.newBuilder().addAllArguments(List.of("sh", "-c",
                            "test -x sub/in.txt && { cat sub/in.txt; id -u; } > gen/out.txt && touch "
                                    + temp.resolve("escaped") + " 2>/dev/null; true"))
                    .addOutputFiles("gen/out.txt").build();
            ExecuteResponse response = client.execute(client.action(command, root), false);
            assertThat(response.getStatus().getCode()).as(response.getStatus().getMessage()).isZero();
            String out = client.read(response.getResult().getOutputFiles(0).getDigest()).toStringUtf8();
            assertThat(out).startsWith("sandboxed input\n");
            assertThat(out.lines().toList().get(1)).as("the job's user").isNotEqualTo("0");
            assertThat(temp.resolve("escaped")).as("a file outside the job's tree").doesNotExist();
        }
    }
}

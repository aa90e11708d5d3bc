package distbuild.reapi;

import static org.assertj.core.api.Assertions.assertThat;

import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.ExecuteResponse;
import build.bazel.remote.execution.v2.GetCapabilitiesRequest;
import distbuild.cli.Main;
import distbuild.testing.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distbuild coordinator --reapi-listen} as a user starts it: a coordinator and a worker,
 * each its own OS process, and a gRPC client that executes an action on them.
 */
class ReapiCommandLineTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void aCoordinatorStartedWithReapiListenExecutesActionsOnItsWorkers() throws Exception {
        try (JavaProcess coordinator = JavaProcess.start("coordinator", List.of("-Xmx256m"), Main.class,
                List.of("coordinator", "--listen", "127.0.0.1:0", "--reapi-listen", "127.0.0.1:0", "--data",
                        temp.resolve("coordinator").toString()), temp)) {
            String url = coordinator.awaitLine(Pattern.compile("coordinator ready at (\\S+)"), START_TIMEOUT).group(1);
            int port = Integer.parseInt(coordinator.awaitLine(Pattern.compile("Remote Execution API at grpc://127\\.0\\.0\\.1:(\\d+)"),
                    START_TIMEOUT).group(1));
            // With native access, as the launcher runs it: the worker starts the action with posix_spawn.
            try (JavaProcess worker = JavaProcess.start("worker", List.of("-Xmx256m", "--enable-native-access=ALL-UNNAMED"),
                    Main.class, List.of("worker", "--coordinator", url, "--listen", "127.0.0.1:0", "--data",
                            temp.resolve("worker").toString(), "--slots", "1"), temp);
                 ReapiClient client = new ReapiClient(port)) {
                worker.awaitLine(Pattern.compile("worker \\S+ ready, .*; jobs start with posix_spawn$"), START_TIMEOUT);
                assertThat(client.capabilities.getCapabilities(GetCapabilitiesRequest.getDefaultInstance())
                        .getExecutionCapabilities().getExecEnabled()).isTrue();

                Digest action = client.action(ReapiClient.command("printf 'from the worker process %s' \"$$\" > out.txt",
                        "out.txt"), Directory.getDefaultInstance());
                ExecuteResponse response = client.execute(action, false);

                assertThat(response.getStatus().getCode()).as(response.toString()).isZero();
                assertThat(response.getResult().getExitCode()).isZero();
                String written = client.read(response.getResult().getOutputFiles(0).getDigest()).toStringUtf8();
                assertThat(written).startsWith("from the worker process ");
                long pid = Long.parseLong(written.substring("from the worker process ".length()));
                assertThat(pid).isNotIn(ProcessHandle.current().pid(), coordinator.pid(), worker.pid());
                assertThat(client.execute(action, false).getCachedResult()).isTrue();
            }
        }
    }
}

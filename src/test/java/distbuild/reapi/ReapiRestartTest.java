package distbuild.reapi;

import static org.assertj.core.api.Assertions.assertThat;

import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.ExecuteRequest;
import build.bazel.remote.execution.v2.ExecuteResponse;
import build.bazel.remote.execution.v2.WaitExecutionRequest;
import com.google.longrunning.Operation;
import distbuild.cli.LocalCluster;
import distbuild.security.Credentials;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An operation outlives the coordinator: after a restart on the same data, its client waits on it by name and gets its result. */
class ReapiRestartTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.reapi.restart");

    @TempDir
    Path temp;

    @Test
    void aClientWaitingOnAnOperationGetsItsResultAfterTheCoordinatorRestarted() throws Exception {
        Path data = temp.resolve("data");
        Path go = temp.resolve("go");
        String operationName;
        Digest action;
        try (LocalCluster cluster = LocalCluster.start(LOG, data, 1, 1);
             ReapiServer server = ReapiServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                     ReapiBackend.of(cluster.coordinator()), Credentials.NONE);
             ReapiClient client = new ReapiClient(server.port())) {
            cluster.awaitWorkers(Duration.ofSeconds(10));
            action = client.action(ReapiClient.command("while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo after > out.txt",
                    "out.txt"), Directory.getDefaultInstance());
            Iterator<Operation> stream = client.execution.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .execute(ExecuteRequest.newBuilder().setActionDigest(action).build());
            Operation first = stream.next();
            assertThat(first.getDone()).isFalse();
            operationName = first.getName();
        } // the coordinator stops with the action still running

        Files.writeString(go, "");
        try (LocalCluster cluster = LocalCluster.start(LOG, data, 1, 1);
             ReapiServer server = ReapiServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                     ReapiBackend.of(cluster.coordinator()), Credentials.NONE);
             ReapiClient client = new ReapiClient(server.port())) {
            cluster.awaitWorkers(Duration.ofSeconds(10));
            Iterator<Operation> resumed = client.execution.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .waitExecution(WaitExecutionRequest.newBuilder().setName(operationName).build());
            Operation last = null;
            while (resumed.hasNext()) {
                last = resumed.next();
                assertThat(last.getName()).isEqualTo(operationName);
            }
            assertThat(last).isNotNull();
            assertThat(last.getDone()).isTrue();
            ExecuteResponse response = last.getResponse().unpack(ExecuteResponse.class);
            assertThat(response.getStatus().getCode()).isZero();
            assertThat(client.read(response.getResult().getOutputFiles(0).getDigest()).toStringUtf8()).isEqualTo("after\n");
            // The action's blobs, kept in the coordinator's file cache, survived the restart too.
            assertThat(client.read(action).isEmpty()).isFalse();
        }
    }
}

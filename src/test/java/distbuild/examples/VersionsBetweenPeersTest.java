package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.protocol.PeerVersion;
import distbuild.testing.ProcessCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions between real processes: a worker says which distbuild it is, the status shows it
 * beside the coordinator's, and a worker too new for the coordinator is refused before its
 * heartbeat is read, with both versions named.
 */
class VersionsBetweenPeersTest {
    @TempDir
    Path temp;

    @Test
    void workersSayTheirVersionAndOneTheCoordinatorCannotWorkWithIsRefusedNamingBoth() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(temp.resolve("cluster"), 1, 1)) {
            String worker = cluster.workerName(0);
            CommandLineRun status = CommandLineRun.of(temp, "status", "--coordinator", cluster.coordinatorUrl());
            assertThat(status.output()).contains("coordinator " + PeerVersion.OURS.describe(),
                    worker + ": " + PeerVersion.OURS.describe() + " · linux/");

            HttpRequest fromTheFuture = HttpRequest.newBuilder(URI.create(cluster.coordinatorUrl() + "/heartbeat"))
                    .header(PeerVersion.HEADER, "9.0.0; protocol=90; oldest=80")
                    .POST(HttpRequest.BodyPublishers.ofString("not even JSON of ours"))
                    .build();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> refused = http.send(fromTheFuture, HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(409);
                assertThat(refused.body()).contains("the worker (distbuild 9.0.0, protocol 90) no longer works with this"
                        + " coordinator of " + PeerVersion.OURS.describe() + ": upgrade the coordinator");
                assertThat(refused.headers().firstValue(PeerVersion.HEADER)).contains(PeerVersion.OURS.header());
            }
        }
    }
}

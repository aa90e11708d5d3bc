package distbuild.security;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cli.Main;
import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster secured as an operator would secure it, through the command line: credentials made
 * with {@code distbuild credentials}, a coordinator and two workers over TLS with tokens, each its
 * own OS process, and clients with the right, the wrong and no credentials.
 */
class CredentialsClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path temp;

    @Test
    void aTlsClusterWithTokensBuildsEndToEndAndRefusesEveryoneElse() throws Exception {
        Path credentials = temp.resolve("credentials");
        assertThat(Main.run("credentials", credentials.toString(), "--tls-host", "127.0.0.1")).isZero();
        Path project = writeProject(temp.resolve("project"));

        try (ProcessCluster cluster = ProcessCluster.start(temp.resolve("data"), 2, 1,
                List.of("--credentials", credentials.resolve("coordinator").toString()),
                List.of("--credentials", credentials.resolve("worker").toString()))) {
            assertThat(cluster.coordinatorUrl()).startsWith("https://127.0.0.1:");
            assertThat(cluster.workerUrls()).allMatch(url -> url.startsWith("https://127.0.0.1:"));

            // Two independent jobs keep both one-slot workers busy; the join fetches one of them from the
            // other worker, and the client's outputs come through the coordinator's relay: every link is TLS.
            JavaProcess client = cluster.client(project, "--credentials", credentials.resolve("client").toString(),
                    "--output", temp.resolve("out").toString());
            assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
            assertThat(Files.readString(temp.resolve("out/joined.txt"))).isEqualTo("left\nright\n");

            JavaProcess anonymous = cluster.client(project);
            assertThat(anonymous.awaitExit(TIMEOUT)).as(anonymous.output()).isEqualTo(2);
            assertThat(anonymous.output()).contains("TLS connection failed", "ca.pem");

            JavaProcess asWorker = cluster.client(project, "--credentials", credentials.resolve("worker").toString());
            assertThat(asWorker.awaitExit(TIMEOUT)).as(asWorker.output()).isEqualTo(2);
            assertThat(asWorker.output()).contains("no client.token");

            Path stolen = Files.createDirectories(temp.resolve("stolen"));
            Files.copy(credentials.resolve("client/ca.pem"), stolen.resolve("ca.pem"));
            Files.copy(credentials.resolve("worker/worker.token"), stolen.resolve("client.token"));
            JavaProcess wrongRole = cluster.client(project, "--credentials", stolen.toString());
            assertThat(wrongRole.awaitExit(TIMEOUT)).as(wrongRole.output()).isEqualTo(2);
            assertThat(wrongRole.output()).contains("a worker credential may not do this");
        }
    }

    @Test
    void aServerReachableFromOtherMachinesRefusesToStartWithoutCredentials() throws Exception {
        JavaProcess refused = JavaProcess.start("coordinator", List.of("-Xmx128m"), Main.class,
                List.of("coordinator", "--listen", "0.0.0.0:0", "--data", temp.resolve("c").toString()), temp);
        assertThat(refused.awaitExit(TIMEOUT)).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("needs credentials", "--credentials DIR", "--insecure");

        JavaProcess worker = JavaProcess.start("worker", List.of("-Xmx128m"), Main.class,
                List.of("worker", "--coordinator", "http://127.0.0.1:9/coordinator", "--listen", "0.0.0.0:0",
                        "--data", temp.resolve("w").toString()), temp);
        assertThat(worker.awaitExit(TIMEOUT)).as(worker.output()).isEqualTo(2);
        assertThat(worker.output()).contains("needs credentials");

        try (JavaProcess insecure = JavaProcess.start("coordinator", List.of("-Xmx128m"), Main.class,
                List.of("coordinator", "--listen", "0.0.0.0:0", "--data", temp.resolve("c").toString(), "--insecure"),
                temp)) {
            insecure.awaitLine(Pattern.compile("coordinator ready at"), TIMEOUT);
            assertThat(insecure.output()).contains("with no credentials (--insecure)");
        }
    }

    /** The left, right and join project: two independent jobs and one that reads both (across workers). */
    static Path writeProject(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("distbuild.yaml"), """
                jobs:
                  - name: left
                    run: sleep 0.5 && echo left > left.txt
                    outputs: left.txt
                  - name: right
                    run: sleep 0.5 && echo right > right.txt
                    outputs: right.txt
                  - name: join
                    deps: [left, right]
                    run: cat left.txt right.txt > joined.txt
                    outputs: joined.txt
                """);
        return dir;
    }
}

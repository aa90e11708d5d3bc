package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Jobs that hang are killed at their timeout, the coordinator's or a shorter one of their own, with every process they started. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HangingJobsTest {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path temp;

    private ProcessCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 1, 2, "--job-timeout", "3s");
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aJobOverItsOwnTimeoutIsKilledWithItsWholeProcessTree() throws Exception {
        JavaProcess client = build("own", """
                jobs:
                  - name: hangs
                    timeout: 2s
                    run: echo started; sleep 600 & sleep 601; wait
                """);

        assertThat(client.awaitExit(BUILD_TIMEOUT)).as(client.output()).isEqualTo(1);
        assertThat(client.stdout()).anyMatch(line -> line.contains("FAILED hangs: timed out after 2s"))
                .contains("[hangs] started");
        awaitGone("sleep 600", "sleep 601");
    }

    @Test
    void aJobWithoutATimeoutGetsTheCoordinators() throws Exception {
        JavaProcess client = build("default", """
                jobs:
                  - name: hangs too
                    run: sleep 615
                """);

        assertThat(client.awaitExit(BUILD_TIMEOUT)).as(client.output()).isEqualTo(1);
        assertThat(client.stdout()).anyMatch(line -> line.contains("FAILED hangs too: timed out after 3s"));
        awaitGone("sleep 615");
    }

    private JavaProcess build(String name, String yaml) throws Exception {
        Path project = Files.createDirectories(temp.resolve(name));
        Files.writeString(project.resolve("distbuild.yaml"), yaml);
        return cluster.client(project, "--progress", "plain");
    }

    /** No process on this machine runs any of these command lines (the kill is SIGTERM, then SIGKILL 2 s later). */
    private static void awaitGone(String... commandLines) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(line -> List.of(commandLines).stream().anyMatch(line::endsWith)))
                .as("processes left behind").isEmpty());
    }
}

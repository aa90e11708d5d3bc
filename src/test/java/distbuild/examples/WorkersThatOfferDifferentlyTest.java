package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Machines that differ: a worker given {@code --label big-mem} and one without, as real
 * processes. Jobs whose build file requires the label run only on the first; a job requiring an
 * architecture no worker has waits, saying why, and fails after the coordinator's deadline,
 * naming what each worker lacks.
 */
class WorkersThatOfferDifferentlyTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void jobsGoOnlyWhereTheirRequirementsAreMetAndFailNamingWhatIsMissing() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("distbuild.yaml"), """
                jobs:
                  - name: plain
                    run: echo plain > plain.txt
                    outputs: [plain.txt]
                  - name: big-1
                    requires: {label: big-mem}
                    run: echo one > big-1.txt
                    outputs: [big-1.txt]
                  - name: big-2
                    requires: {label: big-mem, os: linux, cpus: 1}
                    run: echo two > big-2.txt
                    outputs: [big-2.txt]
                """);
        try (ProcessCluster cluster = ProcessCluster.start(temp.resolve("cluster"), 1, 2, "--requirements-timeout", "2s")) {
            int big = cluster.addWorker(2, "--label", "big-mem");
            String bigName = cluster.workerName(big);
            String plainName = cluster.workerName(0);

            JavaProcess build = cluster.client(project, "--progress", "plain");
            assertThat(build.awaitExit(START)).as(build.output()).isZero();
            List<String> started = build.output().lines().filter(line -> line.contains(" start ")).toList();
            assertThat(started).filteredOn(line -> line.contains("big-")).hasSize(2)
                    .allMatch(line -> line.contains("on " + bigName), "runs on the labelled worker");

            Files.writeString(project.resolve("distbuild.yaml"), """
                    jobs:
                      - name: elsewhere
                        requires: {arch: riscv128}
                        run: echo never > never.txt
                        outputs: [never.txt]
                    """);
            JavaProcess unmet = cluster.client(project, "--progress", "plain");
            assertThat(unmet.awaitExit(START)).as(unmet.output()).isEqualTo(1);
            assertThat(unmet.output()).contains("no worker met its requirements (arch: riscv128)", "lacks arch riscv128 (it has ",
                    plainName, bigName);

            // Each worker lists the compilers its machine has, once read, and the status says so.
            if (distbuild.files.Compilers.onSearchPath("cc").isPresent()) {
                org.awaitility.Awaitility.await().atMost(START).until(() -> CommandLineRun.of(temp, "status",
                        "--coordinator", cluster.coordinatorUrl()).output().lines()
                        .filter(line -> line.contains("compiler programs")).count() >= 2);
            }
        }
    }

    @Test
    void aRequirementThatCannotBeMetIsRefusedWithItsLine() throws Exception {
        Path project = Files.createDirectories(temp.resolve("bad"));
        Files.writeString(project.resolve("distbuild.yaml"), """
                jobs:
                  - name: odd
                    requires: {colour: blue}
                    run: "true"
                """);
        CommandLineRun run = CommandLineRun.of(project, "local", "--data", temp.resolve("data").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("distbuild.yaml:3", "unknown requirement \"colour\"");
    }
}

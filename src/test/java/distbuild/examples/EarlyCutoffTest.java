package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early cutoff through the command line, on a coordinator and two workers as real processes: a
 * comment added to a source makes its first job run again, and that job makes what it made
 * before, so the two jobs after it are not run again but replayed, and the summary names them.
 * A change that does change the first job's output runs everything after it; and the cutoff
 * still works after the coordinator is restarted.
 */
class EarlyCutoffTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    @Test
    void jobsAfterOneThatMadeTheSameOutputAreCutOffAndStayCutOffAcrossARestart() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("distbuild.yaml"), """
                default: [report]
                jobs:
                  - name: strip
                    inputs: [notes.txt]
                    run: grep -v '^#' notes.txt > stripped.txt
                    outputs: [stripped.txt]
                  - name: count
                    deps: [strip]
                    run: wc -l < stripped.txt > count.txt
                    outputs: [count.txt]
                  - name: report
                    deps: [count]
                    run: echo "lines $(cat count.txt)" > report.txt
                    outputs: [report.txt]
                """);
        Files.writeString(project.resolve("notes.txt"), "one\ntwo\n");
        try (ProcessCluster cluster = ProcessCluster.start(temp.resolve("cluster"), 2, 1)) {
            String first = build(cluster, project);
            assertThat(first).contains("3 ran, 0 cached", "done   report");
            assertThat(report()).isEqualTo("lines 2\n");

            Files.writeString(project.resolve("notes.txt"), "# a comment\none\ntwo\n");
            String commented = build(cluster, project);
            assertThat(commented).as("only the job that reads the file runs").contains("1 ran, 0 cached, 2 cut off",
                    "done   strip", "cut off count", "cut off report", "cut off, their deps having come out as before: count, report");
            assertThat(report()).isEqualTo("lines 2\n");

            Files.writeString(project.resolve("notes.txt"), "# a comment\none\ntwo\nthree\n");
            String changed = build(cluster, project);
            assertThat(changed).as("a changed output runs what reads it").contains("3 ran, 0 cached");
            assertThat(report()).isEqualTo("lines 3\n");

            cluster.restartCoordinator();
            Files.writeString(project.resolve("notes.txt"), "# another comment\none\ntwo\nthree\n");
            String afterRestart = build(cluster, project);
            assertThat(afterRestart).as("remembered across the restart").contains("1 ran, 0 cached, 2 cut off");
            assertThat(report()).isEqualTo("lines 3\n");
        }
    }

    private String build(ProcessCluster cluster, Path project) throws Exception {
        JavaProcess build = cluster.client(project, "--progress", "plain", "--output", temp.resolve("out").toString());
        assertThat(build.awaitExit(TIMEOUT)).as(build.output()).isZero();
        return build.output();
    }

    private String report() throws Exception {
        return Files.readString(temp.resolve("out/report.txt"));
    }
}

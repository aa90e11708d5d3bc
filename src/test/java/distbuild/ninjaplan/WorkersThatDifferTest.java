package distbuild.ninjaplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import distbuild.cli.Main;
import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers that differ: one has the very tool a ninja build was planned with, the other
 * another program at the same path (its own mount of it). Jobs go only to the one that has it;
 * when only the other is left, the build fails naming the tool and the worker — never a result
 * made by another tool.
 */
class WorkersThatDifferTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void jobsGoOnlyToAWorkerWithTheirToolAndFailNamingItWhenNoneHasIt() throws Exception {
        assumeThat(isRoot()).as("a worker with a tool of its own needs a mount namespace: root only").isTrue();
        Path tools = Files.createDirectories(temp.resolve("tools"));
        Path tool = script(tools.resolve("stamp"), "made by the planned tool");
        Path impostor = script(temp.resolve("impostor"), "made by another tool");
        Path build = Files.createDirectories(temp.resolve("build"));
        StringBuilder ninja = new StringBuilder("rule stamp\n  command = " + tool + " $in > $out\n");
        for (int i = 0; i < 6; i++) {
            Files.writeString(build.resolve("in" + i), "input " + i + "\n");
            ninja.append("build out").append(i).append(": stamp in").append(i).append('\n');
        }
        Files.writeString(build.resolve("build.ninja"), ninja.toString());

        try (ProcessCluster cluster = ProcessCluster.start(temp.resolve("cluster"), 1, 2)) {
            JavaProcess other = JavaProcess.startThrough(List.of("unshare", "-m", "sh", "-c",
                            "mount --bind \"$0\" \"$1\" && shift && exec \"$@\"", impostor.toString(), tool.toString()),
                    "other worker", List.of("-Xmx256m"), Main.class, List.of("worker", "--coordinator", cluster.coordinatorUrl(),
                            "--listen", "127.0.0.1:0", "--data", temp.resolve("cluster/other").toString(), "--slots", "2"), temp);
            try (other) {
                String otherUrl = other.awaitLine(Pattern.compile("worker (\\S+) ready"), START).group(1);

                JavaProcess client = cluster.client(temp, "-C", build.toString(), "--progress", "plain");
                assertThat(client.awaitExit(START)).as(client.output()).isZero();
                for (int i = 0; i < 6; i++) {
                    assertThat(Files.readString(build.resolve("out" + i))).isEqualTo("made by the planned tool\n");
                }

                cluster.worker(0).kill();
                Files.writeString(build.resolve("in0"), "an edit\n");
                JavaProcess alone = cluster.client(temp, "-C", build.toString(), "--progress", "plain");
                assertThat(alone.awaitExit(Duration.ofMinutes(2))).as(alone.output()).isEqualTo(1);
                assertThat(alone.output()).contains("no worker can run it", otherUrl,
                        "this worker's " + tool + " is another program than the job was planned with");
            }
        }
    }

    private static Path script(Path path, String says) throws Exception {
        Files.writeString(path, "#!/bin/sh\necho '" + says + "'\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    private static boolean isRoot() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }
}

package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.files.FileTrees;
import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A worker with a tiny artifact cache builds more than fits: it evicts, never what a running job uses, and says so. */
class CacheLimitOnWorkersTest extends ClusterTestBase {
    private static final long LIMIT = 100 * 1024;

    @Test
    void aBuildBiggerThanTheCacheSucceedsAndTheCacheStaysWithinItsLimit() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 0, 2);
        cluster.addWorker(2, "--artifact-cache-size", "100K");
        StringBuilder yaml = new StringBuilder("jobs:\n");
        for (int i = 0; i < 8; i++) {
            // Each job reads its dep's 30 KiB while it makes its own: the dep is in use meanwhile.
            yaml.append("  - name: step ").append(i).append('\n');
            if (i > 0) {
                yaml.append("    deps: step ").append(i - 1).append('\n');
            }
            yaml.append("    run: ").append(i > 0 ? "cmp -s part" + (i - 1) + " part" + (i - 1) + " && " : "")
                    .append("head -c 30720 /dev/zero > part").append(i).append('\n')
                    .append("    outputs: part").append(i).append('\n');
        }
        Path project = project("project", yaml);

        JavaProcess first = cluster.client(project, "--progress", "plain");
        assertThat(first.awaitExit(TIMEOUT)).as(first.output()).isZero();
        assertThat(artifactBytes()).as("artifacts kept").isLessThanOrEqualTo(LIMIT);

        // The next build runs again what was evicted (the coordinator's record of evictions is
        // covered by SchedulerTest), and succeeds within the limit.
        JavaProcess second = cluster.client(project, "--progress", "plain");
        assertThat(second.awaitExit(TIMEOUT)).as(second.output()).isZero();
        assertThat(second.output()).as("evicted steps ran again").containsPattern("jobs — [1-9][0-9]* ran,");
        assertThat(artifactBytes()).isLessThanOrEqualTo(LIMIT);
    }

    private long artifactBytes() throws Exception {
        Path artifacts = temp.resolve("cluster/worker-0/artifacts");
        long bytes = 0;
        try (Stream<Path> entries = Files.list(artifacts)) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().matches("[0-9a-f]{40}")).toList()) {
                bytes += FileTrees.size(entry);
            }
        }
        return bytes;
    }
}

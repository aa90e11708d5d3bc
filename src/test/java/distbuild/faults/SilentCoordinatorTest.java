package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A coordinator that goes silent without closing anything — frozen with SIGSTOP, as a host that
 * vanished — is noticed by its client through the missing keep-alives, and the build goes on once it is back.
 */
class SilentCoordinatorTest extends ClusterTestBase {
    @Test
    void aSilentCoordinatorIsNoticedInSecondsAndTheBuildResumesWhenItIsBack() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 1, 2);
        Path project = project("project", """
                jobs:
                  - name: slow
                    run: sleep 3 && echo done > out.txt
                    outputs: out.txt
                """);
        JavaProcess client = cluster.client(project, "--progress", "plain");
        client.awaitLine(Pattern.compile("\\] start  slow on "), TIMEOUT);

        cluster.coordinator().freeze();
        // Noticed through the keep-alives: silent for ten of their intervals (0.5 s each), not a read timeout.
        client.awaitLine(Pattern.compile("^out\\| lost the coordinator \\(it went silent for 5s\\)"), TIMEOUT);
        cluster.coordinator().thaw();

        assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
        assertThat(client.stdout()).contains("the coordinator is back and has the build again");
    }
}

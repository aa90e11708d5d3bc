package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The coordinator SIGKILLed in the middle of a build and started again on its port and data
 * directory: the client that started the build finishes it, and no job runs twice.
 */
class CoordinatorRestartTest extends ClusterTestBase {
    @Test
    void aBuildSurvivesItsCoordinatorBeingKilledAndStartedAgainWithoutRedoingAnything() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 3, 2);
        Path runLog = temp.resolve("run.log");
        StringBuilder yaml = new StringBuilder("jobs:\n");
        for (int i = 0; i < 6; i++) {
            yaml.append("  - name: first ").append(i).append('\n')
                    .append("    run: echo 'first ").append(i).append("' >> ").append(runLog)
                    .append(" && sleep 2 && echo ").append(i).append(" > a").append(i).append(".txt\n")
                    .append("    outputs: a").append(i).append(".txt\n")
                    .append("  - name: second ").append(i).append('\n')
                    .append("    deps: first ").append(i).append('\n')
                    .append("    run: echo 'second ").append(i).append("' >> ").append(runLog)
                    .append(" && sleep 1 && cat a").append(i).append(".txt a").append(i).append(".txt > b").append(i).append(".txt\n")
                    .append("    outputs: b").append(i).append(".txt\n");
        }
        Path project = project("project", yaml);

        JavaProcess client = cluster.client(project, "--progress", "plain", "--output", temp.resolve("out").toString());
        client.awaitLine(Pattern.compile("\\] start  first \\d"), 3, TIMEOUT);
        cluster.restartCoordinator();

        assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
        for (int i = 0; i < 6; i++) {
            assertThat(temp.resolve("out/b" + i + ".txt")).hasContent(i + "\n" + i + "\n");
        }
        List<String> started = Files.readAllLines(runLog);
        assertThat(started).as("every job ran once, before the restart or after it").doesNotHaveDuplicates().hasSize(12);
        assertThat(client.stdout()).filteredOn(line -> line.startsWith("lost the coordinator")).hasSize(1);
        assertThat(client.stdout()).contains("the coordinator is back and has the build again");
    }
}

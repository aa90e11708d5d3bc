package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.buildfile.BuildFile;
import distbuild.buildfile.BuildPlan;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.testing.ProcessCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Twenty clients at once, their builds sharing jobs: every build succeeds, and each shared job runs once. */
class ConcurrentBuildsTest extends ClusterTestBase {
    private static final int CLIENTS = 20;
    private static final int SHARED = 5;

    @Test
    void twentyClientsSharingJobsAllSucceedAndEachSharedJobRunsOnce() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 3, 2);
        Path runLog = temp.resolve("run.log");
        List<Future<BuildOutcome>> builds = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                Path project = Files.createDirectories(temp.resolve("client-" + i));
                StringBuilder yaml = new StringBuilder("jobs:\n");
                for (int k = 0; k < SHARED; k++) {
                    yaml.append("  - name: shared ").append(k).append('\n')
                            .append("    run: echo 'shared ").append(k).append("' >> ").append(runLog)
                            .append(" && sleep 1 && echo ").append(k).append(" > s").append(k).append(".txt\n")
                            .append("    outputs: s").append(k).append(".txt\n");
                }
                yaml.append("  - name: own\n")
                        .append("    deps: shared ").append(i % SHARED).append('\n')
                        .append("    run: echo 'own ").append(i).append("' >> ").append(runLog)
                        .append(" && cat s").append(i % SHARED).append(".txt\n");
                Files.writeString(project.resolve("distbuild.yaml"), yaml);
                BuildPlan plan = BuildFile.load(project.resolve("distbuild.yaml"));
                builds.add(clients.submit(() -> {
                    try (Client client = new Client(LoggerFactory.getLogger("test.client"), URI.create(cluster.coordinatorUrl()))) {
                        return client.build(plan.graph(), project, distbuild.client.BuildListener.NONE);
                    }
                }));
            }
            for (Future<BuildOutcome> build : builds) {
                assertThat(build.get(2, TimeUnit.MINUTES).failure()).isNull();
            }
        }

        Map<String, Long> runs = Files.readAllLines(runLog).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        for (int k = 0; k < SHARED; k++) {
            assertThat(runs.get("shared " + k)).as("runs of shared %d", k).isEqualTo(1);
        }
        for (int i = 0; i < CLIENTS; i++) {
            assertThat(runs.get("own " + i)).as("runs of own %d", i).isEqualTo(1);
        }
    }
}

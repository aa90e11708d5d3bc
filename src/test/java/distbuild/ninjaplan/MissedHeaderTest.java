package distbuild.ninjaplan;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cli.LocalCluster;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.ninja.NinjaGraph;
import distbuild.testing.RecordingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A header the discovery misses never makes a result: the job sees the build's directories only
 * as they were sent, so a compile reaching for a header that was not sent fails, naming it — even
 * on a worker of the same machine, where the client's own file sits at that very path.
 */
class MissedHeaderTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.missed-header");

    @TempDir
    Path temp;

    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCompileWhoseHeaderWasHiddenFromTheScanFailsNamingIt() throws Exception {
        Path build = Files.createDirectories(temp.resolve("project"));
        Files.writeString(build.resolve("hidden.h"), "#define ANSWER 42\n");
        Files.writeString(build.resolve("a.c"), "#include \"hidden.h\"\nint answer(void) { return ANSWER; }\n");
        Files.writeString(build.resolve("build.ninja"), """
                rule cc
                  command = cc -MD -MF $out.d -c $in -o $out
                  depfile = $out.d
                  deps = gcc
                build a.o: cc a.c
                """);
        NinjaGraph graph = NinjaGraph.load(build);
        TreeLayout layout = new TreeLayout(build, build);
        InputDiscovery missesEverything = edge -> new InputDiscovery.Reads.Known(Set.of(), List.of());
        NinjaPlan plan = new NinjaPlanner(graph, layout, missesEverything).plan(graph.edgesFor(graph.targets(List.of())), Set.of());
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 1);
        cluster.awaitWorkers(Duration.ofSeconds(10));

        RecordingListener listener = new RecordingListener();
        BuildOutcome outcome;
        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            outcome = client.build(plan.build().graph(), build, listener);
        }

        assertThat(outcome.failure()).contains("a.o", "failed");
        assertThat(listener.stderr("a.o")).contains("hidden.h: No such file or directory");
        assertThat(build.resolve("a.o")).doesNotExist();
    }
}

package distbuild.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import distbuild.cli.LocalCluster;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.Needs;
import distbuild.testing.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job whose commands name files by absolute paths (a generated build's) sees its tree there:
 * at a path the worker has (whose own files it then does not see), at one under an existing
 * directory, and at a new top-level directory; with and without the sandbox; the machine unchanged.
 */
class TreeSeenAtItsPathsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.tree-at");

    @TempDir
    Path temp;

    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "sandbox: {0}")
    @ValueSource(booleans = {false, true})
    void aJobSeesItsTreeWhereItsCommandsLookWhereverThatIs(boolean sandbox) throws Exception {
        assumeThat(HostileJobs.onPath("bwrap")).as("needs bubblewrap").isTrue();
        cluster = LocalCluster.start(LOG, new CoordinatorConfig(temp.resolve("data/coordinator")), temp.resolve("data"), 2, 1, sandbox);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        Path existing = Files.createDirectories(temp.resolve("checkout"));
        Files.writeString(existing.resolve("input.txt"), "the worker's own file, not the job's\n");
        Path underExisting = temp.resolve("missing/deeper/checkout");
        Path topLevel = Path.of("/distbuild-test-" + UUID.randomUUID(), "checkout");

        for (Path at : List.of(existing, underExisting, topLevel)) {
            RecordingListener listener = build(at);

            assertThat(listener.stdout("probe")).as("at " + at).isEqualTo("the job's own input\nmade\n");
        }
        assertThat(Files.readString(existing.resolve("input.txt"))).isEqualTo("the worker's own file, not the job's\n");
        assertThat(existing.resolve("made.txt")).as("the job wrote its own tree, not the machine's").doesNotExist();
        assertThat(underExisting.getParent().getParent()).doesNotExist();
        assertThat(topLevel.getParent()).doesNotExist();
    }

    @ParameterizedTest(name = "sandbox: {0}")
    @ValueSource(booleans = {false, true})
    void aTreeSeenWhereTheWorkersKeepTheirDataIsRefusedSayingWhy(boolean sandbox) throws Exception {
        assumeThat(HostileJobs.onPath("bwrap")).as("needs bubblewrap").isTrue();
        // The data kept inside the client's project, as `local -C build --data cache` in the source directory does.
        Path project = Files.createDirectories(temp.resolve("project"));
        cluster = LocalCluster.start(LOG, new CoordinatorConfig(project.resolve("cache/coordinator")), project.resolve("cache"), 2, 1,
                sandbox);
        cluster.awaitWorkers(Duration.ofSeconds(10));

        BuildOutcome outcome = attempt(project, new RecordingListener());

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).contains("no worker can run it", "this worker keeps its data",
                "inside " + project, "give the worker a data directory outside " + project);
    }

    private RecordingListener build(Path at) throws Exception {
        RecordingListener listener = new RecordingListener();
        BuildOutcome outcome = attempt(at, listener);
        assertThat(outcome.failure()).as(listener.toString()).isNull();
        return listener;
    }

    /** A job that reads its input at {@code at} and writes a file there, its whole tree seen at {@code at}. */
    private BuildOutcome attempt(Path at, RecordingListener listener) throws Exception {
        Path src = Files.createDirectories(temp.resolve("src-" + UUID.randomUUID()));
        String input = "the job's own input\n";
        Files.writeString(src.resolve("input.txt"), input);
        Id inputId = Id.ofContent(input.getBytes(StandardCharsets.UTF_8));
        String script = "cat " + at + "/input.txt && echo made > " + at + "/made.txt && cat made.txt"
                + " && cp made.txt {{.OutputDir}}/";
        List<Cmd> cmds = List.of(new Cmd.Exec(List.of("sh", "-c", script), List.of("PATH=/usr/bin:/bin"), at.toString()));
        Needs needs = new Needs(Map.of("", at.toString()), Map.of());
        Job job = new Job(Job.contentId(cmds, Map.of("input.txt", inputId), List.of(), needs), "probe", List.of("input.txt"),
                List.of(), cmds, null, false, needs);
        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            return client.build(new Graph(Map.of(inputId, "input.txt"), List.of(job)), src, listener);
        }
    }
}

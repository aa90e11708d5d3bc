package distbuild.cli;

import static distbuild.testing.TestGraph.dep;
import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Job;
import distbuild.protocol.WireFormat;
import distbuild.testing.JavaProcess;
import distbuild.testing.TestGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: a coordinator, two workers and clients, each its own OS process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeparateProcessesTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path temp;

    private final List<JavaProcess> servers = new ArrayList<>();
    private String coordinatorUrl;

    @BeforeAll
    void startCluster() throws Exception {
        JavaProcess coordinator = server("coordinator", "coordinator", "--listen", "127.0.0.1:0",
                "--data", temp.resolve("coordinator").toString());
        coordinatorUrl = coordinator.awaitLine(Pattern.compile("coordinator ready at (\\S+)"), START_TIMEOUT).group(1);
        for (int i = 0; i < 2; i++) {
            JavaProcess worker = server("worker " + i, "worker", "--coordinator", coordinatorUrl,
                    "--listen", "127.0.0.1:0", "--data", temp.resolve("worker-" + i).toString(), "--slots", "1");
            // Started without native access, the worker says which launch it uses and why not the faster one.
            worker.awaitLine(Pattern.compile("worker \\S+ ready, .*; jobs start with the JDK's ProcessBuilder"
                    + (Runtime.version().feature() >= 22 ? " \\(posix_spawn cannot be used: native access is not enabled" : "")),
                    START_TIMEOUT);
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (JavaProcess server : servers) {
            server.close();
        }
    }

    @Test
    void buildRunsAcrossTwoWorkerProcessesAndPrintsPrefixedOutput() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.file("names/first.txt", "one\n").file("second.txt", "two\n");
        // Two independent jobs, each longer than a poll round trip, keep both one-slot workers busy at once.
        Job left = graph.shell("left", "sleep 0.5 && cat names/first.txt > {{.OutputDir}}/l && echo left done",
                List.of("names/first.txt"));
        Job right = graph.shell("right", "sleep 0.5 && cat second.txt > {{.OutputDir}}/r && echo right done",
                List.of("second.txt"));
        graph.shell("join", "cat " + dep(left) + "/l " + dep(right) + "/r", List.of(), left, right);
        Path graphFile = writeGraph(graph, "graph.json");

        JavaProcess client = client("--graph", graphFile.toString(), "--src", graph.sourceDir().toString(),
                "--show-output");

        assertThat(client.awaitExit(BUILD_TIMEOUT)).as(client.output()).isZero();
        assertThat(client.stdout()).contains("[left] left done", "[right] right done", "[join] one", "[join] two");
        assertThat(client.stdout()).anyMatch(line -> line.startsWith("build succeeded in") && line.contains(": 3 jobs"));
        assertThat(artifactsIn(temp.resolve("worker-0"))).as("worker 0 ran or fetched something").isNotEmpty();
        assertThat(artifactsIn(temp.resolve("worker-1"))).as("worker 1 ran or fetched something").isNotEmpty();
    }

    @Test
    void buildFileBuildsAcrossProcessesAndItsOutputsReachTheClient() throws Exception {
        Path project = temp.resolve("project");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/a.txt"), "alpha\n");
        Files.writeString(project.resolve("src/b.txt"), "beta\n");
        Files.writeString(project.resolve("distbuild.yaml"), """
                jobs:
                  - name: upper
                    foreach: src/*.txt
                    run: mkdir -p out && tr a-z A-Z < {file} > out/{stem}.txt
                    outputs: out/{stem}.txt
                  - name: bundle
                    deps: upper
                    run: cat out/a.txt out/b.txt > bundle.txt
                    outputs: bundle.txt
                """);
        Path delivered = temp.resolve("delivered");

        JavaProcess client = client("-f", project.resolve("distbuild.yaml").toString(), "--output", delivered.toString());

        assertThat(client.awaitExit(BUILD_TIMEOUT)).as(client.output()).isZero();
        assertThat(Files.readString(delivered.resolve("bundle.txt"))).isEqualTo("ALPHA\nBETA\n");
        assertThat(client.stdout()).contains("1 output file of target 'bundle' in " + delivered);
    }

    @Test
    void failedBuildExitsOneWithAOneLineReason() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("failing"));
        graph.shell("compile", "echo 'error: missing semicolon' >&2; exit 7", List.of());
        Path graphFile = writeGraph(graph, "failing.json");

        JavaProcess client = client("--graph", graphFile.toString());

        assertThat(client.awaitExit(BUILD_TIMEOUT)).as(client.output()).isEqualTo(1);
        assertThat(client.stdout()).contains("[compile] error: missing semicolon")
                .anyMatch(line -> line.matches("\\[1/1\\] FAILED compile: exit code 7"))
                .anyMatch(line -> line.startsWith("build FAILED after") && line.contains("'compile'") && line.contains("exit code 7"));
    }

    @Test
    void invalidGraphFileExitsTwoNamingTheProblem() throws Exception {
        Path graphFile = temp.resolve("broken.json");
        Files.writeString(graphFile, "{\"Jobs\": [{\"ID\": \"xyz\"}]}");

        JavaProcess client = client("--graph", graphFile.toString());

        assertThat(client.awaitExit(BUILD_TIMEOUT)).as(client.output()).isEqualTo(2);
        assertThat(client.output()).contains("broken.json", "Graph.Jobs[0].ID", "invalid ID \"xyz\"");
    }

    @Test
    void unreachableCoordinatorExitsTwoSayingSo() throws Exception {
        TestGraph graph = new TestGraph(temp.resolve("lonely"));
        graph.shell("anything", "true", List.of());
        Path graphFile = writeGraph(graph, "lonely.json");

        JavaProcess client = JavaProcess.start("client", List.of(), Main.class,
                List.of("build", "--coordinator", "http://127.0.0.1:1/coordinator", "--graph", graphFile.toString(),
                        "--wait-for-coordinator", "1s"), temp);

        assertThat(client.awaitExit(BUILD_TIMEOUT)).as(client.output()).isEqualTo(2);
        assertThat(client.output()).contains("cannot reach the coordinator at http://127.0.0.1:1/coordinator: connection refused");
    }

    private JavaProcess server(String name, String... args) throws Exception {
        JavaProcess process = JavaProcess.start(name, List.of("-Xmx256m"), Main.class, List.of(args), temp);
        servers.add(process);
        return process;
    }

    private JavaProcess client(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("build", "--coordinator", coordinatorUrl));
        all.addAll(List.of(args));
        return JavaProcess.start("client", List.of("-Xmx128m"), Main.class, all, temp);
    }

    private Path writeGraph(TestGraph graph, String name) throws Exception {
        Path file = graph.sourceDir().resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, WireFormat.encode(graph.graph()));
        return file;
    }

    private static List<Path> artifactsIn(Path workerData) throws Exception {
        try (var entries = Files.list(workerData.resolve("artifacts"))) {
            return entries.filter(path -> path.getFileName().toString().matches("[0-9a-f]{40}")).toList();
        }
    }
}

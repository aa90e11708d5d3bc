package distbuild.security;

import static distbuild.testing.TestGraph.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.buildfile.BuildFile;
import distbuild.cli.LocalCluster;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.files.FileTrees;
import distbuild.model.Graph;
import distbuild.model.Job;
import distbuild.testing.RecordingListener;
import distbuild.testing.TestGraph;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a job can and cannot do to the machine it runs on: with and without {@code --sandbox} it
 * cannot change its inputs or deps for later jobs; in the sandbox it can write nothing but its
 * output directory and a private /tmp, cannot reach the network, and leaves no process behind.
 */
class SandboxTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.sandbox");
    /** A command line no other process on the machine has: what a job's escaped process is found by. */
    private static final String STRAY = "sleep 4321." + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1000);

    @TempDir
    Path temp;

    private LocalCluster cluster;
    private final List<Path> cleanups = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        strays().forEach(ProcessHandle::destroyForcibly);
        for (Path dir : cleanups) {
            FileTrees.deleteRecursively(dir);
        }
    }

    @ParameterizedTest(name = "sandbox: {0}")
    @ValueSource(booleans = {false, true})
    void aJobThatWritesToItsInputsAndDepsChangesThemForNoLaterJob(boolean sandbox) throws Exception {
        start(sandbox);
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.file("data.txt", "data\n");
        Job original = graph.shell("original", "echo original > {{.OutputDir}}/a", List.of());
        // Everything a careless or hostile job could try on what it was given; each step may fail.
        Job vandal = graph.shell("vandal", "chmod -R u+w " + dep(original) + " data.txt;"
                + " echo vandal >> " + dep(original) + "/a; echo vandal >> data.txt; rm -f " + dep(original) + "/a; true",
                List.of("data.txt"), original);
        graph.shell("reader", "cat " + dep(original) + "/a data.txt", List.of("data.txt"), original, vandal);

        RecordingListener listener = build(graph.graph(), graph.sourceDir());

        assertThat(listener.stdout("reader")).isEqualTo("original\ndata\n");
        try (var files = Files.walk(temp.resolve("data/worker-0/files"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("vandal");
            }
        }
    }

    @Test
    void aSandboxedJobWritesOnlyItsOutputDirectoryAndAPrivateTmp() throws Exception {
        // Outside /tmp, which the sandbox replaces anyway: the worker's data must be hidden on its own account.
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "sandbox-test").toAbsolutePath();
        cleanups.add(data);
        start(true, data);
        Path outsideInTmp = temp.resolve("escaped-to-tmp");
        Path outsideElsewhere = Path.of("/var/tmp", "distbuild-sandbox-test-" + UUID.randomUUID());
        Path inHome = Path.of(System.getProperty("user.home"), ".distbuild-sandbox-test-" + UUID.randomUUID());
        Files.writeString(inHome, "a secret of the worker's user\n");
        cleanups.add(inHome);
        Path workerSecret = Files.writeString(data.resolve("worker-0/secret.txt"), "the worker's own\n");
        TestGraph graph = new TestGraph(temp.resolve("src"));
        graph.shell("writer", "touch " + outsideElsewhere + " 2>/dev/null && echo system-writable || echo system-read-only;"
                + " cat " + inHome + " 2>/dev/null || echo home-hidden;"
                + " mkdir -p " + outsideInTmp.getParent() + " && touch " + outsideInTmp + " && echo tmp-private;"
                + " cat " + workerSecret + " 2>/dev/null || echo worker-data-hidden;"
                + " echo made > {{.OutputDir}}/made && echo output-writable;"
                + " ls -A /run | wc -l;"
                + " env | cut -d= -f1 | sort | tr '\\n' ' '", List.of());

        RecordingListener listener = build(graph.graph(), graph.sourceDir());

        List<String> lines = listener.stdout("writer").lines().toList();
        assertThat(lines.subList(0, 6)).as("sockets in /run lead out of any sandbox: none is there")
                .containsExactly("system-read-only", "home-hidden", "tmp-private", "worker-data-hidden", "output-writable", "0");
        assertThat(lines.get(6).split(" ")).as("the worker's environment, but for the harmless part")
                .isSubsetOf("PATH", "LANG", "LC_ALL", "TZ", "TERM", "TMPDIR", "PWD", "SHLVL", "_", "OLDPWD");
        assertThat(outsideInTmp).as("a file made in the job's /tmp stays there").doesNotExist();
        assertThat(outsideElsewhere).doesNotExist();
    }

    @ParameterizedTest(name = "sandbox: {0}")
    @ValueSource(booleans = {false, true})
    void aSandboxedJobHasNoNetwork(boolean sandbox) throws Exception {
        start(sandbox);
        try (ServerSocket listening = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            TestGraph graph = new TestGraph(temp.resolve("src"));
            graph.shell("caller", "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + listening.getLocalPort()
                    + "' 2>/dev/null && echo connected || echo no-network", List.of());

            RecordingListener listener = build(graph.graph(), graph.sourceDir());

            assertThat(listener.stdout("caller").strip()).isEqualTo(sandbox ? "no-network" : "connected");
        }
    }

    @Test
    void aSandboxedJobThatAsksForTheNetworkHasIt() throws Exception {
        start(true);
        try (ServerSocket listening = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path project = Files.createDirectories(temp.resolve("project"));
            Files.writeString(project.resolve(BuildFile.DEFAULT_NAME), """
                    jobs:
                      - name: caller
                        run: bash -c 'exec 3<>/dev/tcp/127.0.0.1/%d' && echo connected || echo no-network
                        network: true
                    """.formatted(listening.getLocalPort()));

            RecordingListener listener = build(BuildFile.load(project.resolve(BuildFile.DEFAULT_NAME)).graph(), project);

            assertThat(listener.stdout("caller").strip()).isEqualTo("connected");
        }
    }

    @Test
    void aCancelledSandboxedJobLeavesNoProcessBehind() throws Exception {
        start(true);
        Path project = Files.createDirectories(temp.resolve("project"));
        // The job starts a process that leaves its parent (re-parented away from the job), then hangs until killed.
        Files.writeString(project.resolve(BuildFile.DEFAULT_NAME), """
                jobs:
                  - name: hang
                    run: (%s &) ; echo started ; sleep 1000
                    timeout: 2s
                """.formatted(STRAY));

        RecordingListener listener = new RecordingListener();
        BuildOutcome outcome;
        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            outcome = client.build(BuildFile.load(project.resolve(BuildFile.DEFAULT_NAME)).graph(), project, listener);
        }

        assertThat(outcome.failure()).contains("timed out");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(strays()).isEmpty());
    }

    private void start(boolean sandbox) throws Exception {
        start(sandbox, temp.resolve("data"));
    }

    private void start(boolean sandbox, Path data) throws Exception {
        cluster = LocalCluster.start(LOG, new CoordinatorConfig(data.resolve("coordinator")), data, 1, 1, sandbox);
        cluster.awaitWorkers(Duration.ofSeconds(10));
    }

    private RecordingListener build(Graph graph, Path src) throws Exception {
        RecordingListener listener = new RecordingListener();
        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            BuildOutcome outcome = client.build(graph, src, listener);
            assertThat(outcome.failure()).as(listener.toString()).isNull();
        }
        return listener;
    }

    private static List<ProcessHandle> strays() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(STRAY))
                .toList();
    }
}

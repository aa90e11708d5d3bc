package distbuild.reapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import distbuild.cli.LocalCluster;
import distbuild.cli.Main;
import distbuild.protocol.ClusterStatus;
import distbuild.files.FileTrees;
import distbuild.security.Credentials;
import distbuild.security.Role;
import distbuild.security.Token;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bazel itself (Debian's bazel-bootstrap, 4.2) as the client: a small C workspace (a library, a
 * binary, a test, a genrule) built with {@code --remote_executor} against a cluster in this
 * process. Offline, as here, its C++ rules need {@code rules_cc}, {@code rules_java} and
 * {@code remote_coverage_tools} replaced by small local repositories (src/test/resources/bazel/repos).
 */
class BazelRemoteExecutionTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.bazel");
    private static final List<String> OUTPUTS = List.of("bazel-bin/main/hello", "bazel-bin/main/banner.txt");
    private static final Pattern PROCESSES = Pattern.compile("INFO: (\\d+) processes?: (.*)\\.");

    @TempDir
    Path temp;

    @Test
    void bazelBuildsAndTestsOnTheClusterAndACleanBuildIsAllRemoteCacheHitsThroughEitherProtocol() throws Exception {
        assumeTrue(bazelInstalled(), "bazel is not installed (Debian's bazel-bootstrap package; .ci/run installs it)");
        Path workspace = copyResources("bazel/workspace", temp.resolve("workspace"));
        Path repos = copyResources("bazel/repos", temp.resolve("repos"));
        Files.writeString(workspace.resolve(".bazelrc"), "build --override_repository=rules_cc=" + repos.resolve("rules_cc")
                + " --override_repository=rules_java=" + repos.resolve("rules_java")
                + " --override_repository=remote_coverage_tools=" + repos.resolve("remote_coverage_tools") + "\n");
        Path outputRoot = temp.resolve("bazel-root");

        Run local = bazel(workspace, outputRoot, "build", "//main:hello", "//main:banner");
        assertThat(local.exitCode).as(local.output).isZero();
        Map<String, byte[]> builtLocally = read(workspace);
        assertThat(bazel(workspace, outputRoot, "clean").exitCode).isZero();

        try (LocalCluster cluster = LocalCluster.start(LOG, temp.resolve("cluster"), 2, 2)) {
            cluster.awaitWorkers(Duration.ofSeconds(20));
            int remoteActions;
            try (ReapiServer server = ReapiServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                    ReapiBackend.of(cluster.coordinator()), Credentials.NONE)) {
                String executor = "--remote_executor=grpc://127.0.0.1:" + server.port();
                double ranBefore = ran(cluster);

                // A build-file build at the same time, on the same two workers: its last job waits for Bazel's build to end.
                Path bazelDone = temp.resolve("bazel-done");
                Path project = buildFileProject(temp.resolve("project"), bazelDone);
                CompletableFuture<Integer> fileBuild = CompletableFuture.supplyAsync(() -> Main.run("build", "--coordinator",
                        cluster.coordinatorUri().toString(), "-f", project.resolve("distbuild.yaml").toString(),
                        "--output", project.resolve("out").toString(), "--progress", "plain"));
                await().atMost(Duration.ofSeconds(30)).until(() -> fileBuild.isDone() || cluster.coordinator().status(0).builds()
                        .stream().anyMatch(build -> build.stillRunning() && build.jobs() == 3));
                Run remote = bazel(workspace, outputRoot, "build", executor, "//main:hello", "//main:banner");
                remoteActions = remote.processes().getOrDefault("remote", 0);
                Files.writeString(bazelDone, "");
                assertThat(fileBuild.get(60, TimeUnit.SECONDS)).as("the build-file build's exit code").isZero();
                assertThat(Files.readString(project.resolve("out/said.txt"))).isEqualTo("tool ran\n");
                assertThat(remote.exitCode).as(remote.output).isZero();
                List<ClusterStatus.Build> builds = cluster.coordinator().status(0).builds();
                ClusterStatus.Build buildFile = builds.stream().filter(build -> build.jobs() == 3).findFirst().orElseThrow();
                List<ClusterStatus.Build> actions = builds.stream().filter(build -> build.submitter().contains("bazel")).toList();
                assertThat(buildFile.state()).isEqualTo(ClusterStatus.Build.SUCCEEDED);
                assertThat(actions).as("Bazel's actions, each a build on the dashboard named by its tool").isNotEmpty()
                        .allSatisfy(action -> {
                            assertThat(action.state()).isEqualTo(ClusterStatus.Build.SUCCEEDED);
                            assertThat(action.startedAtEpochMillis()).as("started while the build-file build ran")
                                    .isBetween(buildFile.startedAtEpochMillis(),
                                            buildFile.startedAtEpochMillis() + buildFile.elapsedMillis());
                        });
                assertThat(remote.processes()).as(remote.output).containsKey("remote").doesNotContainKey("linux-sandbox");
                assertThat((int) (ran(cluster) - ranBefore)).as("actions our workers ran").isEqualTo(remote.processes().get("remote"));
                Map<String, byte[]> builtRemotely = read(workspace);
                for (String output : OUTPUTS) {
                    assertThat(builtRemotely.get(output)).as(output + ", built on the cluster and locally")
                            .isEqualTo(builtLocally.get(output));
                }
                Path hello = workspace.resolve("bazel-bin/main/hello");
                assertThat(Files.isExecutable(hello)).isTrue();
                assertThat(run(hello)).isEqualTo("hello from distbuild\n");

                Run test = bazel(workspace, outputRoot, "test", executor, "//main:hello_test");
                assertThat(test.exitCode).as(test.output).isZero();
                assertThat(test.output).contains("//main:hello_test").contains("PASSED");
                assertThat(test.processes()).as(test.output).containsKey("remote");

                assertThat(bazel(workspace, outputRoot, "clean").exitCode).isZero();
                double ranBeforeCached = ran(cluster);
                Run cached = bazel(workspace, outputRoot, "build", executor, "//main:hello", "//main:banner");
                assertThat(cached.exitCode).as(cached.output).isZero();
                assertThat(cached.processes()).as(cached.output).containsEntry("remote cache hit", remote.processes().get("remote"))
                        .doesNotContainKey("remote");
                assertThat(ran(cluster)).isEqualTo(ranBeforeCached);
                assertThat(read(workspace).get("bazel-bin/main/hello")).isEqualTo(builtLocally.get("bazel-bin/main/hello"));
            }

            // Bazel's HTTP cache on the same coordinator finds the results its actions made through the API.
            assertThat(bazel(workspace, outputRoot, "clean").exitCode).isZero();
            Run httpCache = bazel(workspace, outputRoot, "build", "--remote_cache=" + cluster.cacheUri() + "/bazel",
                    "//main:hello", "//main:banner");
            assertThat(httpCache.exitCode).as(httpCache.output).isZero();
            assertThat(httpCache.processes()).as(httpCache.output)
                    .containsEntry("remote cache hit", remoteActions).doesNotContainKey("linux-sandbox");
            assertThat(read(workspace).get("bazel-bin/main/hello")).isEqualTo(builtLocally.get("bazel-bin/main/hello"));

            // With credentials, the client token as a header (Debian's Bazel 4.2 cannot make TLS connections
            // at all: its Netty finds no ALPN in the JDK, so TLS is tested with grpc-java's client instead).
            Token token = Token.generate();
            try (ReapiServer guarded = ReapiServer.start(LOG, new InetSocketAddress("127.0.0.1", 0),
                    ReapiBackend.of(cluster.coordinator()), new Credentials(Map.of(Role.CLIENT, token), Optional.empty()))) {
                String executor = "--remote_executor=grpc://127.0.0.1:" + guarded.port();
                assertThat(bazel(workspace, outputRoot, "clean").exitCode).isZero();
                Run withoutToken = bazel(workspace, outputRoot, "build", executor, "//main:hello");
                assertThat(withoutToken.exitCode).as(withoutToken.output).isNotZero();
                assertThat(withoutToken.output).contains("UNAUTHENTICATED");
                Run withToken = bazel(workspace, outputRoot, "build", executor,
                        "--remote_header=authorization=" + token.authorization(), "//main:hello", "//main:banner");
                assertThat(withToken.exitCode).as(withToken.output).isZero();
                assertThat(withToken.processes()).as(withToken.output).containsKey("remote cache hit");
            }
        } finally {
            bazel(workspace, outputRoot, "clean", "--expunge"); // what Bazel wrote read-only is left deletable
            bazel(workspace, outputRoot, "shutdown");
        }
    }

    /** A project of a build file: a C program compiled, linked, and run by a job that first waits for {@code release}. */
    private static Path buildFileProject(Path dir, Path release) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tool.c"), "#include <stdio.h>\nint main(void) { puts(\"tool ran\"); return 0; }\n");
        Files.writeString(dir.resolve("distbuild.yaml"), """
                jobs:
                  - name: compile tool
                    inputs: tool.c
                    run: cc -O2 -c tool.c -o build/tool.o
                    outputs: build/tool.o
                  - name: link tool
                    deps: compile tool
                    run: cc build/tool.o -o bin/tool
                    outputs: bin/tool
                  - name: run tool after bazel
                    deps: link tool
                    run: while [ ! -e '%s' ]; do sleep 0.05; done; ./bin/tool > said.txt
                    outputs: said.txt
                """.formatted(release));
        return dir;
    }

    private static double ran(LocalCluster cluster) {
        return cluster.coordinator().metricsRegistry().get("distbuild.reapi.actions").tag("outcome", "ran").counter().count();
    }

    private static boolean bazelInstalled() {
        try {
            Process process = new ProcessBuilder("bazel", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A finished Bazel command: its exit code and what it printed. */
    private record Run(int exitCode, String output) {
        /** The last "N processes: 4 internal, 4 remote." line, as kind to count. */
        Map<String, Integer> processes() {
            Map<String, Integer> kinds = new LinkedHashMap<>();
            Matcher matcher = PROCESSES.matcher(output);
            String last = null;
            while (matcher.find()) {
                last = matcher.group(2);
            }
            if (last != null) {
                for (String part : last.split(", ")) {
                    String[] words = part.split(" ", 2);
                    kinds.put(words[1], Integer.parseInt(words[0]));
                }
            }
            return kinds;
        }
    }

    /**
     * Runs a Bazel command with its own output root. Its server stays up between the test's commands
     * (a dozen of them, each a JVM start in batch mode), is shut down at the end, and exits by itself
     * a minute after its last command should the test die first.
     */
    private static Run bazel(Path workspace, Path outputRoot, String command, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("bazel", "--output_user_root=" + outputRoot, "--max_idle_secs=60", command));
        if (!command.equals("clean") && !command.equals("shutdown")) {
            argv.addAll(List.of("--color=no", "--curses=no", "--show_progress_rate_limit=60", "--spawn_strategy=remote,local"));
        }
        argv.addAll(List.of(args));
        Path log = Files.createTempFile(outputRoot.getParent(), "bazel-", ".log");
        Process process = new ProcessBuilder(argv).directory(workspace.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bazel " + command + " did not end in 5 minutes: " + Files.readString(log));
        }
        String output = Files.readString(log);
        LOG.info("bazel {} {} exited {}", command, String.join(" ", args), process.exitValue());
        return new Run(process.exitValue(), output);
    }

    private static Map<String, byte[]> read(Path workspace) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (String output : OUTPUTS) {
            contents.put(output, Files.readAllBytes(workspace.resolve(output)));
        }
        return contents;
    }

    private static String run(Path program) throws Exception {
        Process process = new ProcessBuilder(program.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static Path copyResources(String name, Path to) throws IOException, URISyntaxException {
        Path from = Path.of(BazelRemoteExecutionTest.class.getClassLoader().getResource(name).toURI());
        FileTrees.copyTree(from, to);
        return to;
    }
}

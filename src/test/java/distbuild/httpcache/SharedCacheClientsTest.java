package distbuild.httpcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import distbuild.cli.LocalCluster;
import distbuild.files.FileTrees;
import distbuild.http.HttpServer;
import distbuild.security.Gate;
import distbuild.security.Role;
import distbuild.security.Token;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools themselves, from Debian's packages, against the shared caches with credentials on: a
 * second build with an empty local cache (or from a clean checkout) takes its results from ours.
 * Bazel's HTTP cache is shown in {@code BazelRemoteExecutionTest}, where it finds the results of
 * actions run through the Remote Execution API.
 */
class SharedCacheClientsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.httpcache.clients");

    @TempDir
    Path temp;

    private LocalCluster cluster;
    private HttpServer server;
    private final Token token = Token.generate();

    @BeforeEach
    void start() throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), 1, 1);
        server = HttpServer.start(LOG, new InetSocketAddress("127.0.0.1", 0), Map.of(HttpCaches.MOUNT,
                HttpCaches.of(LOG, cluster.coordinator(), HttpCaches.DEFAULT_MAX_ENTRY_BYTES)
                        .routes(Gate.of(Map.of(Role.CLIENT, token)))));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        cluster.close();
    }

    private String cacheUrl(String tool, boolean withPassword) {
        String secret = token.authorization().substring("Bearer ".length());
        return "http://" + (withPassword ? "ci:" + secret + "@" : "") + "127.0.0.1:" + server.baseUri().getPort()
                + HttpCaches.MOUNT + "/" + tool;
    }

    @Test
    void ccacheWithAnEmptyLocalCacheTakesItsObjectsFromOurs() throws Exception {
        assumeTrue(onPath("ccache") && onPath("cc"), "ccache is not installed (Debian's ccache package; .ci/run installs it)");
        Path project = Files.createDirectories(temp.resolve("c"));
        Files.writeString(project.resolve("a.c"), "int a(int x) { return x * 2; }\n");
        Files.writeString(project.resolve("b.c"), "#include <stdio.h>\nvoid b(void) { puts(\"b\"); }\n");
        Map<String, String> first = ccacheEnvironment(temp.resolve("ccache-1"));
        Map<String, String> second = ccacheEnvironment(temp.resolve("ccache-2"));
        for (String file : List.of("a", "b")) {
            run(project, first, "ccache", "cc", "-O2", "-c", file + ".c", "-o", file + "-first.o");
        }
        assertThat(stat(project, first, "remote_storage_miss")).isEqualTo(2);
        for (String file : List.of("a", "b")) {
            run(project, second, "ccache", "cc", "-O2", "-c", file + ".c", "-o", file + "-second.o");
        }
        assertThat(stat(project, second, "remote_storage_hit")).as("objects the second build took from ours")
                .isEqualTo(2);
        assertThat(Files.readAllBytes(project.resolve("a-second.o"))).isEqualTo(Files.readAllBytes(project.resolve("a-first.o")));
        assertThat(counted("ccache", "hit")).isGreaterThanOrEqualTo(2);
    }

    private Map<String, String> ccacheEnvironment(Path localCache) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CCACHE_DIR", localCache.toString());
        environment.put("CCACHE_REMOTE_STORAGE", cacheUrl("ccache", true));
        environment.put("CCACHE_NOHASHDIR", "1");
        return environment;
    }

    private static long stat(Path dir, Map<String, String> environment, String name) throws Exception {
        for (String line : run(dir, environment, "ccache", "--print-stats").lines().toList()) {
            String[] words = line.split("\t");
            if (words.length == 2 && words[0].equals(name)) {
                return Long.parseLong(words[1]);
            }
        }
        throw new AssertionError("ccache --print-stats has no " + name);
    }

    @Test
    void gradleFromACleanCheckoutTakesItsTaskOutputsFromOurs() throws Exception {
        assumeTrue(onPath("gradle"), "gradle is not installed (Debian's gradle package, 4.4; .ci/run installs it)");
        Path first = gradleProject(temp.resolve("checkout-1"));
        String stored = run(first, Map.of(), "gradle", "--no-daemon", "--build-cache", "-g", temp.resolve("gradle-home-1").toString(),
                "compileJava");
        assertThat(stored).contains("BUILD SUCCESSFUL");
        assertThat(counted("gradle", "stored")).isGreaterThanOrEqualTo(1);

        Path second = gradleProject(temp.resolve("checkout-2"));
        String fromCache = run(second, Map.of(), "gradle", "--no-daemon", "--build-cache", "-g",
                temp.resolve("gradle-home-2").toString(), "compileJava");
        assertThat(fromCache).contains(":compileJava FROM-CACHE");
        assertThat(second.resolve("build/classes/java/main/demo/Hello.class")).exists();
    }

    private Path gradleProject(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("src/main/java/demo"));
        Files.writeString(dir.resolve("src/main/java/demo/Hello.java"),
                "package demo;\npublic class Hello { public static String greet() { return \"hello\"; } }\n");
        Files.writeString(dir.resolve("build.gradle"), "apply plugin: 'java'\n");
        Files.writeString(dir.resolve("settings.gradle"), """
                rootProject.name = 'demo'
                buildCache {
                    local { enabled = false }
                    remote(HttpBuildCache) {
                        url = '%s/'
                        push = true
                        credentials { username = 'ci'; password = '%s' }
                    }
                }
                """.formatted(cacheUrl("gradle", false), token.authorization().substring("Bearer ".length())));
        return dir;
    }

    @Test
    void sccacheOverWebDavTakesItsObjectsFromOurs() throws Exception {
        assumeTrue(onPath("sccache"), "sccache is not installed (Debian's sccache package; .ci/run installs it)");
        assumeTrue(sccacheSpeaksWebDav(), "this sccache has no WebDAV storage (Debian's 0.4.0-pre6 is built without it)");
        Path project = Files.createDirectories(temp.resolve("sc"));
        Files.writeString(project.resolve("a.c"), "int a(int x) { return x * 3; }\n");
        for (String round : List.of("1", "2")) {
            Map<String, String> environment = Map.of("SCCACHE_DIR", temp.resolve("sccache-" + round).toString(),
                    "SCCACHE_WEBDAV_ENDPOINT", cacheUrl("sccache", false),
                    "SCCACHE_WEBDAV_TOKEN", token.authorization().substring("Bearer ".length()),
                    "SCCACHE_SERVER_PORT", Integer.toString(4300 + Integer.parseInt(round)));
            try {
                run(project, environment, "sccache", "cc", "-O2", "-c", "a.c", "-o", "a-" + round + ".o");
            } finally {
                run(project, environment, "sccache", "--stop-server");
            }
        }
        assertThat(counted("sccache", "hit")).isGreaterThanOrEqualTo(1);
    }

    private static boolean sccacheSpeaksWebDav() throws IOException {
        Path binary = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(dir -> Path.of(dir, "sccache")).filter(Files::isExecutable).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(binary);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("SCCACHE_WEBDAV_ENDPOINT");
    }

    private double counted(String tool, String outcome) {
        return cluster.coordinator().metricsRegistry().get("distbuild.cache.requests").tag("tool", tool)
                .tag("outcome", outcome).counter().count();
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static String run(Path dir, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Path log = Files.createTempFile(dir.getParent(), "run-", ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end in 5 minutes");
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + output);
        }
        FileTrees.deleteRecursively(log);
        return output;
    }
}

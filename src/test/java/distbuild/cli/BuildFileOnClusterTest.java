package distbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.buildfile.BuildFile;
import distbuild.buildfile.BuildPlan;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.model.Provenance;
import distbuild.scheduler.SchedulerConfig;
import distbuild.testing.RecordingListener;
import distbuild.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Build files run for real: a coordinator and workers on loopback HTTP, real processes. What the
 * planner promises — deps' outputs at their paths, identical files at several paths, outputs
 * fetched to the client, timeouts — is checked here by the jobs themselves.
 */
class BuildFileOnClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.buildfile");

    @TempDir
    Path temp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    @Test
    void identicalFilesAtDifferentPathsAreEachWhereTheJobExpectsThem() throws Exception {
        Path src = temp.resolve("src");
        write(src, "a/LICENSE", "same text\n");
        write(src, "b/LICENSE", "same text\n");
        write(src, "pkg/__init__.py", "");
        write(src, "other/__init__.py", "");
        write(src, "distbuild.yaml", """
                jobs:
                  - name: both
                    inputs: [a/LICENSE, b/LICENSE, pkg/__init__.py, other/__init__.py]
                    run: cat a/LICENSE b/LICENSE && test -f pkg/__init__.py && test -f other/__init__.py && echo both inits
                  - name: second only
                    inputs: [b/LICENSE, other/__init__.py]
                    run: cat b/LICENSE && ls -R
                """);
        BuildPlan plan = BuildFile.load(src.resolve("distbuild.yaml"));
        assertThat(plan.graph().sourceFiles()).as("each content once on the wire").hasSize(2);

        RecordingListener listener = new RecordingListener();
        assertThat(build(cluster(2), plan, src, listener).failure()).isNull();

        assertThat(listener.stdout("both")).isEqualTo("same text\nsame text\nboth inits\n");
        // The job sees exactly the paths it asked for: the copies' source path is not left behind.
        assertThat(listener.stdout("second only")).isEqualTo("""
                same text
                .:
                b
                other

                ./b:
                LICENSE

                ./other:
                __init__.py
                """);
    }

    @Test
    void aJobFindsItsDepsOutputsAtTheirPathsAndNothingElse() throws Exception {
        Path src = temp.resolve("src");
        write(src, "gen.sh", "mkdir -p gen && echo '#define ANSWER 42' > gen/answer.h\n");
        write(src, "distbuild.yaml", """
                jobs:
                  - name: header
                    inputs: gen.sh
                    run: sh gen.sh
                    outputs: gen/answer.h
                  - name: tool
                    run: printf '#!/bin/sh\\necho tool ran\\n' > tool.sh && chmod +x tool.sh
                    outputs: [tool.sh]
                  - name: raw
                    run: echo whole > {{.OutputDir}}/raw.txt
                  - name: user
                    deps: [header, tool, raw]
                    run:
                      - cat gen/answer.h raw.txt
                      - ./tool.sh
                      - echo more >> gen/answer.h   # deps' files are the job's own copies
                      - mkdir -p out && cp gen/answer.h out/
                    outputs: out
                """);
        BuildPlan plan = BuildFile.load(src.resolve("distbuild.yaml"));
        RecordingListener listener = new RecordingListener();

        assertThat(build(cluster(2), plan, src, listener).failure()).isNull();

        assertThat(listener.stdout("user")).isEqualTo("#define ANSWER 42\nwhole\ntool ran\n");
        Path out = temp.resolve("client-out");
        try (Client client = new Client(LOG, clusterUri())) {
            client.fetchArtifact(plan.targets(List.of("user")).getFirst(), out);
        }
        assertThat(Trees.files(out)).containsExactly("out/answer.h");
        assertThat(Files.readString(out.resolve("out/answer.h"))).isEqualTo("#define ANSWER 42\nmore\n");
    }

    @Test
    void aJobThatDoesNotWriteADeclaredOutputFailsNamingIt() throws Exception {
        Path src = temp.resolve("src");
        write(src, "distbuild.yaml", """
                jobs:
                  - name: forgetful
                    run: echo "did nothing"
                    outputs: [build/app]
                """);
        RecordingListener listener = new RecordingListener();

        BuildOutcome outcome = build(cluster(1), BuildFile.load(src.resolve("distbuild.yaml")), src, listener);

        assertThat(outcome.failure()).contains("'forgetful'", "exit code 1");
        assertThat(listener.stderr("forgetful")).contains("the job did not create its declared output 'build/app'");
    }

    @Test
    void aJobOverItsTimeoutIsKilledAndSaysSo() throws Exception {
        Path src = temp.resolve("src");
        write(src, "distbuild.yaml", """
                jobs:
                  - name: hangs
                    timeout: 1s
                    run: echo started; sleep 600
                """);
        RecordingListener listener = new RecordingListener();
        long started = System.nanoTime();

        BuildOutcome outcome = build(cluster(1), BuildFile.load(src.resolve("distbuild.yaml")), src, listener);

        assertThat(outcome.failure()).contains("'hangs'", "timed out after 1s");
        assertThat(listener.stdout("hangs")).isEqualTo("started\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the sleep was killed").isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void resultsSayWhetherTheyRanOrCameFromACacheAndWhere() throws Exception {
        Path src = temp.resolve("src");
        write(src, "distbuild.yaml", """
                jobs:
                  - name: once
                    run: echo ran
                """);
        BuildPlan plan = BuildFile.load(src.resolve("distbuild.yaml"));
        LocalCluster cluster = cluster(1);
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();

        build(cluster, plan, src, first);
        build(cluster, plan, src, second);

        Provenance ran = first.results.get("once").provenance();
        assertThat(ran.origin()).isEqualTo(Provenance.Origin.RAN);
        assertThat(ran.worker()).isEqualTo(cluster.workers().getFirst().id());
        assertThat(ran.timing().run()).isPositive();
        assertThat(first.started).containsExactly("once");
        Provenance replayed = second.results.get("once").provenance();
        assertThat(replayed.origin()).isEqualTo(Provenance.Origin.CACHED);
        assertThat(replayed.worker()).isEqualTo(cluster.workers().getFirst().id());
        assertThat(second.stdout("once")).isEqualTo("ran\n");
    }

    @Test
    void aCoordinatorWithATinyFileCacheKeepsWhatARunningBuildNeeds() throws Exception {
        Path src = temp.resolve("src");
        write(src, "a.txt", "a".repeat(60));
        write(src, "b.txt", "b".repeat(60));
        write(src, "one.yaml", """
                jobs:
                  - name: one
                    inputs: a.txt
                    run: wc -c < a.txt
                """);
        write(src, "two.yaml", """
                jobs:
                  - name: two
                    inputs: [a.txt, b.txt]
                    run: cat a.txt b.txt | wc -c
                """);
        CoordinatorConfig tiny = new CoordinatorConfig(temp.resolve("data/coordinator"), SchedulerConfig.DEFAULTS,
                CoordinatorConfig.DEFAULT_POLL_TIMEOUT, CoordinatorConfig.DEFAULT_KEEP_ALIVE,
                CoordinatorConfig.DEFAULT_JOB_TIMEOUT, 100, true);
        cluster = LocalCluster.start(LOG, tiny, temp.resolve("data"), 1, 2);
        toClose.add(cluster);
        cluster.awaitWorkers(Duration.ofSeconds(10));

        RecordingListener first = new RecordingListener();
        assertThat(build(cluster, BuildFile.load(src.resolve("one.yaml")), src, first).failure()).isNull();
        // a.txt is in the cache; uploading b.txt must not evict it from under the second build.
        RecordingListener second = new RecordingListener();
        assertThat(build(cluster, BuildFile.load(src.resolve("two.yaml")), src, second).failure()).isNull();
        assertThat(second.stdout("two").strip()).isEqualTo("120");
    }

    @Test
    void theJobThatTookLongestLastTimeStartsFirstWhateverTheFileOrder() throws Exception {
        Path src = temp.resolve("src");
        String quick = "  - name: quick %d\n    run: sleep 0.2 && echo %s %d\n";
        String yaml = "jobs:\n" + String.join("", java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> quick.formatted(i, "%1$s", i)).toList()) + "  - name: long\n    run: sleep 1 && echo %1$s\n";
        LocalCluster cluster = cluster(1);
        write(src, "distbuild.yaml", yaml.formatted("first"));
        RecordingListener first = new RecordingListener();
        assertThat(build(cluster, BuildFile.load(src.resolve("distbuild.yaml")), src, first).failure()).isNull();
        assertThat(first.started.getFirst()).as("nothing known yet: file order").isEqualTo("quick 0");

        // Edited, so nothing is cached; the names are the same, so the last durations are known.
        write(src, "distbuild.yaml", yaml.formatted("second"));
        RecordingListener second = new RecordingListener();
        assertThat(build(cluster, BuildFile.load(src.resolve("distbuild.yaml")), src, second).failure()).isNull();

        assertThat(second.started.getFirst()).isEqualTo("long");
    }

    private LocalCluster cluster;

    private LocalCluster cluster(int workers) throws Exception {
        cluster = LocalCluster.start(LOG, temp.resolve("data"), workers, 2);
        toClose.add(cluster);
        cluster.awaitWorkers(Duration.ofSeconds(10));
        return cluster;
    }

    private java.net.URI clusterUri() {
        return cluster.coordinatorUri();
    }

    private static BuildOutcome build(LocalCluster cluster, BuildPlan plan, Path src, RecordingListener listener)
            throws Exception {
        try (Client client = new Client(LOG, cluster.coordinatorUri())) {
            return client.build(plan.graph(), src, listener);
        }
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        if (path.endsWith(".sh")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}

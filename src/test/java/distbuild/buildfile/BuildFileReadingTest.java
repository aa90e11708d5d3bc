package distbuild.buildfile;

import static distbuild.buildfile.Project.job;
import static distbuild.buildfile.Project.names;
import static distbuild.buildfile.Project.userCommands;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a well-formed build file says, as it lands in the wire jobs. */
class BuildFileReadingTest {
    private static final List<String> DEFAULT_ENVIRON = Project.environ(Map.of());

    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir).file("src/a.c", "int a;\n").file("src/b.c", "int b;\n").file("README", "read me\n");
    }

    @Test
    void shellStringRunsUnderShWithErrexit() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: hello
                    run: echo hello && echo world
                """);

        assertThat(userCommands(job(plan, "hello"))).extracting(Cmd.Exec::argv)
                .containsExactly(List.of("sh", "-ec", "echo hello && echo world"));
    }

    @Test
    void listOfShellStringsRunsEachInOrder() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: steps
                    run:
                      - echo one
                      - echo two
                      - echo three
                """);

        assertThat(userCommands(job(plan, "steps"))).extracting(Cmd.Exec::argv).containsExactly(
                List.of("sh", "-ec", "echo one"), List.of("sh", "-ec", "echo two"), List.of("sh", "-ec", "echo three"));
    }

    @Test
    void argvListRunsWithoutAShellAndKeepsEachArgumentWhole() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: mixed
                    run:
                      - [printf, "%s\\n", "two words", "$HOME"]
                      - echo then a shell
                      - - touch
                        - done.txt
                """);

        assertThat(userCommands(job(plan, "mixed"))).extracting(Cmd.Exec::argv).containsExactly(
                List.of("printf", "%s\n", "two words", "$HOME"),
                List.of("sh", "-ec", "echo then a shell"),
                List.of("touch", "done.txt"));
    }

    @Test
    void everyCommandGetsAFixedPathWhenNoEnvIsGiven() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: plain
                    run: [echo one, [echo, two]]
                """);

        assertThat(DEFAULT_ENVIRON).anySatisfy(variable -> assertThat(variable).startsWith("PATH=/"));
        assertThat(userCommands(job(plan, "plain"))).extracting(Cmd.Exec::environ)
                .containsExactly(DEFAULT_ENVIRON, DEFAULT_ENVIRON);
    }

    @Test
    void jobEnvOverridesTopLevelEnvWhichAppliesToEveryJob() throws Exception {
        BuildPlan plan = project.plan("""
                env:
                  CFLAGS: -O2
                  LANG: C
                jobs:
                  - name: optimised
                    run: cc $CFLAGS -c src/a.c
                  - name: debug
                    env:
                      CFLAGS: -O0 -g
                      EXTRA: "yes"
                    run: cc $CFLAGS -c src/b.c
                """);

        assertThat(userCommands(job(plan, "optimised")).getFirst().environ())
                .isEqualTo(Project.environ(Map.of("CFLAGS", "-O2", "LANG", "C")))
                .contains("CFLAGS=-O2", "LANG=C");
        assertThat(userCommands(job(plan, "debug")).getFirst().environ())
                .isEqualTo(Project.environ(Map.of("CFLAGS", "-O0 -g", "EXTRA", "yes", "LANG", "C")))
                .contains("CFLAGS=-O0 -g", "EXTRA=yes", "LANG=C");
    }

    @Test
    void envMayReplaceThePathAndGiveEmptyAndNumericValues() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: custom
                    env:
                      PATH: /opt/tools/bin
                      EMPTY:
                      JOBS: 4
                    run: make
                """);

        assertThat(userCommands(job(plan, "custom")).getFirst().environ())
                .isEqualTo(Project.environ(Map.of("EMPTY", "", "JOBS", "4", "PATH", "/opt/tools/bin")))
                .contains("EMPTY=", "JOBS=4", "PATH=/opt/tools/bin");
    }

    @Test
    void onlyTheUsersCommandsCarryTheEnvironment() throws Exception {
        BuildPlan plan = project.plan("""
                env:
                  CFLAGS: -O2
                jobs:
                  - name: compile
                    inputs: src/a.c
                    run: cc $CFLAGS -c src/a.c -o build/a.o
                    outputs: build/a.o
                """);

        List<Cmd.Exec> all = Project.execs(job(plan, "compile"));
        assertThat(all).hasSize(3);
        assertThat(all.get(0).environ()).as("mkdir").isEmpty();
        assertThat(all.get(1).environ()).isEqualTo(Project.environ(Map.of("CFLAGS", "-O2")));
        assertThat(all.get(2).environ()).as("collect").isEmpty();
    }

    @ParameterizedTest(name = "timeout: {0}")
    @CsvSource({
        "90s,    PT1M30S",
        "5m,     PT5M",
        "1h30m,  PT1H30M",
        "1h,     PT1H",
        "500ms,  PT0.5S",
        "1m30s,  PT1M30S",
        "45,     PT45S",
        "'\"7\"', PT7S", // a quoted number is seconds too
    })
    void timeoutFormsBecomeTheJobsTimeout(String written, String expected) throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: slow
                    run: sleep 1
                    timeout: %s
                """.formatted(written));

        assertThat(job(plan, "slow").timeout()).isEqualTo(Duration.parse(expected));
    }

    @Test
    void aJobAsksForTheNetworkAndTheWireGraphSaysSo() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: fetch
                    run: true
                    network: true
                  - name: offline
                    run: echo offline
                    network: false
                """);

        assertThat(job(plan, "fetch").network()).isTrue();
        assertThat(job(plan, "offline").network()).isFalse();
        BuildPlan without = project.plan("""
                jobs:
                  - name: fetch
                    run: true
                """);
        assertThat(job(without, "fetch").id()).as("a job with the network is another job").isNotEqualTo(job(plan, "fetch").id());
    }

    @Test
    void jobWithoutTimeoutLeavesItToTheCluster() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: quick
                    run: true
                """);

        assertThat(job(plan, "quick").timeout()).isNull();
        assertThat(job(plan, "quick").maxDuration()).isEmpty();
    }

    @Test
    void inputsDepsAndOutputsMayEachBeOneStringOrAList() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: one
                    inputs: src/a.c
                    run: cp src/a.c one.txt
                    outputs: one.txt
                  - name: two
                    inputs: [src/b.c, README]
                    run: cp src/b.c two.txt && cp README readme.txt
                    outputs: [two.txt, readme.txt]
                  - name: single dep
                    deps: one
                    run: cat one.txt
                  - name: listed deps
                    deps:
                      - one
                      - two
                    run: cat one.txt two.txt
                """);

        Job one = job(plan, "one");
        Job two = job(plan, "two");
        assertThat(one.inputs()).containsExactly("src/a.c");
        assertThat(two.inputs()).containsExactly("README", "src/b.c");
        assertThat(job(plan, "single dep").deps()).containsExactly(one.id());
        assertThat(job(plan, "listed deps").deps()).containsExactly(one.id(), two.id());
        assertThat(Project.argvs(one).getLast().get(2)).contains("mv -- one.txt \"$1\"/");
        assertThat(Project.argvs(two).getLast().get(2)).contains("mv -- readme.txt two.txt \"$1\"/");
    }

    @Test
    void jobsKeepTheOrderOfTheFileAndSourceFilesAreThoseReadByAnyJob() throws Exception {
        BuildPlan plan = project.plan("""
                # comments and blank lines are fine

                jobs:
                  - name: last needs first
                    deps: [first]
                    run: echo
                  - {name: first, inputs: src/b.c, run: echo}
                """);

        assertThat(names(plan)).containsExactly("last needs first", "first");
        assertThat(plan.graph().sourceFiles()).containsOnlyKeys(Id.ofContent("int b;\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(plan.graph().sourceFiles()).containsValue("src/b.c");
    }

    @Test
    void loadReadsTheFileAndTakesItsDirectoryAsTheSourceRoot() throws Exception {
        Project nested = new Project(dir.resolve("nested")).file("data.txt", "data\n");

        BuildPlan plan = nested.load("""
                jobs:
                  - name: read
                    inputs: data.txt
                    run: cat data.txt
                """);

        assertThat(job(plan, "read").inputs()).containsExactly("data.txt");
    }

    @Test
    void loadNamesTheFileInProblemsAsItWasGiven() throws Exception {
        Path file = new Project(dir).file("broken.yaml", "jobs:\n  - name: x\n").root().resolve("broken.yaml");

        assertThatThrownBy(() -> BuildFile.load(file))
                .isInstanceOfSatisfying(BuildFileException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem(file.toString(), 2, "job 'x' has nothing to 'run'",
                                "add 'run:' with a shell command, or a list of commands")))
                .hasMessage(file + ":2: job 'x' has nothing to 'run'\n    hint: add 'run:' with a shell command, or a list of commands");
    }

    @Test
    void loadingAMissingFileSaysThereIsNoBuildFile() {
        Path missing = dir.resolve("nowhere").resolve(BuildFile.DEFAULT_NAME);

        assertThatThrownBy(() -> BuildFile.load(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("there is no build file here");
    }
}

package distbuild.buildfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in the shape of the file itself: YAML, keys, types. Each names the file and its line. */
class BuildFileShapeProblemsTest {
    private static final String FILE = Project.FILE;

    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir).file("src/a.c", "int a;\n");
    }

    @Test
    void invalidYamlIsReportedAtTheLineWhereItBreaks() {
        Problem problem = project.problem("""
                jobs:
                  - name: a
                    run: [unclosed
                  - name: b
                """);

        assertThat(problem.file()).isEqualTo(FILE);
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.message()).startsWith("not valid YAML: ");
    }

    @Test
    void tabIndentationIsInvalidYaml() {
        Problem problem = project.problem("jobs:\n  - name: a\n\trun: x\n");

        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.message()).startsWith("not valid YAML: ").contains("TAB");
    }

    @Test
    void emptyFileIsReportedWithoutALine() {
        assertThat(project.problem("")).isEqualTo(new Problem(FILE, 0, "the build file is empty", "it needs a 'jobs:' list"));
        assertThat(project.problem("# nothing but a comment\n\n").message()).isEqualTo("the build file is empty");
    }

    @Test
    void fileWithoutJobsSaysSoWithAnExample() {
        Problem problem = project.problem("""
                env:
                  CFLAGS: -O2
                """);

        assertThat(problem).isEqualTo(new Problem(FILE, 1, "the build file has no 'jobs:' list",
                "add 'jobs:' with at least one job, such as '- name: hello' and 'run: echo hello'"));
    }

    @Test
    void buildFileThatIsAListIsNotAMapping() {
        assertThat(project.problem("- name: a\n  run: x\n"))
                .isEqualTo(new Problem(FILE, 1, "the build file must be a mapping of keys, not a list", null));
    }

    @Test
    void unknownKeysAreReportedWithTheClosestKnownOne() {
        List<Problem> problems = project.problems("""
                envv:
                  A: b
                jobs:
                  - name: a
                    run: echo a
                    ouputs: a.txt
                """);

        assertThat(problems).containsExactly(
                new Problem(FILE, 1, "unknown key 'envv' in the build file", "did you mean 'env'?"),
                new Problem(FILE, 6, "unknown key 'ouputs' in a job", "did you mean 'outputs'?"));
    }

    @Test
    void unknownKeyFarFromAnyKnownOneListsTheKnownKeys() {
        Problem problem = project.problem("""
                jobs:
                  - name: a
                    run: echo a
                    description: says hello
                """);

        assertThat(problem).isEqualTo(new Problem(FILE, 4, "unknown key 'description' in a job",
                "known keys: deps, env, exclude, foreach, inputs, name, network, outputs, requires, run, timeout"));
    }

    @Test
    void keyGivenTwiceIsReportedAtTheSecondWithTheLineOfTheFirst() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: a
                    run: echo a
                    run: echo b
                jobs:
                  - name: c
                    run: echo c
                """);

        assertThat(problems).containsExactly(
                new Problem(FILE, 4, "'run' is given twice in a job (first on line 3)", "keep one of them"),
                new Problem(FILE, 5, "'jobs' is given twice in the build file (first on line 1)", "keep one of them"));
    }

    @Test
    void variableGivenTwiceInEnvIsReported() {
        Problem problem = project.problem("""
                env:
                  CFLAGS: -O2
                  CFLAGS: -O0
                jobs:
                  - name: a
                    run: cc $CFLAGS -c src/a.c
                """);

        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.message()).contains("'CFLAGS'", "twice");
    }

    @Test
    void valueOfTheWrongTypeNamesTheKeyAndWhatWasFound() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: [a, b]
                    run: echo
                  - name: c
                    run: echo
                    deps: {a: b}
                  - name: d
                    run: echo
                    inputs: [[src/a.c]]
                  - name: e
                    run: [echo, {x: y}]
                    timeout: [1]
                  - name: f
                    run: echo
                    env: [A=1]
                  - name: g
                    run: echo
                    foreach: {file}
                  - just a string
                """);

        assertThat(problems).extracting(Problem::line, Problem::message).containsExactly(
                tuple(2, "'name' must be a string, not a list"),
                tuple(2, "a job has no name"),
                tuple(6, "'deps' must be a list, not a mapping"),
                tuple(9, "each of 'inputs' must be a string, not a list"),
                tuple(11, "a command must be a string, not a mapping"),
                tuple(12, "'timeout' must be a string, not a list"),
                tuple(15, "'env' must map variable names to values, not a list"),
                tuple(18, "'foreach' must be a string, not a mapping"),
                tuple(19, "a job must be a mapping of keys such as 'name' and 'run', not 'just a string'"));
    }

    @Test
    void braceValueReadAsAMappingHintsAtQuotes() {
        Problem problem = project.problem("""
                jobs:
                  - name: compile
                    foreach: {file}
                    run: echo
                """);

        assertThat(problem).isEqualTo(new Problem(FILE, 3, "'foreach' must be a string, not a mapping",
                "a value starting with '{' is read as a mapping: put it in quotes"));
    }

    @Test
    void jobWithoutNameIsReportedAtTheJob() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: fine
                    run: echo
                  - run: echo who am I
                    inputs: src/a.c
                  - name: ""
                    run: echo
                """);

        assertThat(problems).containsExactly(
                new Problem(FILE, 4, "a job has no name", "add 'name:'; other jobs list it in their 'deps'"),
                new Problem(FILE, 6, "a job has no name", "add 'name:'; other jobs list it in their 'deps'"));
    }

    @Test
    void jobWithoutRunIsReportedAtItsName() {
        List<Problem> problems = project.problems("""
                jobs:
                  - inputs: src/a.c
                    name: idle
                  - name: empty list
                    run: []
                """);

        assertThat(problems).containsExactly(
                new Problem(FILE, 3, "job 'idle' has nothing to 'run'", "add 'run:' with a shell command, or a list of commands"),
                new Problem(FILE, 4, "job 'empty list' has nothing to 'run'", "add 'run:' with a shell command, or a list of commands"));
    }

    @Test
    void emptyArgvIsReported() {
        assertThat(project.problems("""
                jobs:
                  - name: a
                    run:
                      - echo fine
                      - []
                """)).containsExactly(new Problem(FILE, 5, "an argv command is empty", "give at least the program to run"));
    }

    @Test
    void badTimeoutsAreReportedWithTheFormsThatWork() {
        String hint = "write it like 90s, 5m, 1h30m or 500ms (a bare number is seconds)";
        List<Problem> problems = project.problems("""
                jobs:
                  - name: a
                    run: x
                    timeout: 5 minutes
                  - name: b
                    run: x
                    timeout: 1.5
                  - name: c
                    run: x
                    timeout: 5m30
                  - name: d
                    run: x
                    timeout: 0s
                """);

        assertThat(problems).containsExactly(
                new Problem(FILE, 4, "timeout '5 minutes' is not a duration", hint),
                new Problem(FILE, 7, "timeout '1.5' is not a duration", hint),
                new Problem(FILE, 10, "timeout '5m30' is not a duration", hint),
                new Problem(FILE, 13, "a timeout of zero would kill the job at once",
                        "leave 'timeout' out for the cluster's default"));
    }

    @Test
    void aNetworkFlagIsTrueOrFalse() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: a
                    run: x
                    network: yes please
                """);

        assertThat(problems).containsExactly(
                new Problem(FILE, 4, "'network' is 'yes please', not true or false", "write network: true"));
    }

    @Test
    void timeoutTooLargeIsReported() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: a
                    run: x
                    timeout: 99999999999999999999
                  - name: b
                    run: x
                    timeout: 9999999999999999h
                  - name: c
                    run: x
                    timeout: 2600000h
                """);

        assertThat(problems).extracting(Problem::line).containsExactly(4, 7, 10);
    }

    @Test
    void invalidEnvironmentVariableNameIsReported() {
        assertThat(project.problem("""
                jobs:
                  - name: a
                    run: x
                    env:
                      OK: fine
                      1BAD: x
                """)).isEqualTo(new Problem(FILE, 6, "'1BAD' is not a valid environment variable name",
                "use letters, digits and '_', not starting with a digit"));
    }

    @Test
    void everyMistakeIsReportedInOneExceptionSortedByLine() {
        String yaml = """
                jobs:
                  - name: b
                    run: echo
                    deps: nothing here
                  - name: a
                    nmae: a
                    timeout: soon
                  - name: c
                    inputs: src/missing.c
                    run: echo
                envv: {}
                """;

        assertThatThrownBy(() -> BuildFile.plan(FILE, yaml, dir))
                .isInstanceOfSatisfying(BuildFileException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::line).containsExactly(4, 5, 6, 7, 9, 11);
                    assertThat(e.problems()).allSatisfy(problem -> assertThat(problem.file()).isEqualTo(FILE));
                })
                .hasMessageStartingWith("6 problems in the build file:\n" + FILE + ":4: job 'b' depends on 'nothing here'")
                .hasMessageContaining("\n" + FILE + ":5: job 'a' has nothing to 'run'")
                .hasMessageContaining("\n" + FILE + ":6: unknown key 'nmae' in a job\n    hint: did you mean 'name'?")
                .hasMessageContaining("\n" + FILE + ":11: unknown key 'envv' in the build file");
    }
}

package distbuild.buildfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes found while planning: names, deps, paths, outputs, placeholders. Each with its line. */
class PlanningProblemsTest {
    private static final String FILE = Project.FILE;

    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir).file("src/a.c", "int a;\n").file("src/x/a.c", "int xa;\n").file("src/b.c", "int b;\n");
    }

    @Test
    void unknownDepIsReportedWithTheClosestJobName() {
        assertThat(project.problem("""
                jobs:
                  - name: compile
                    foreach: src/*.c
                    run: cc -c {file}
                  - name: link
                    deps: [compil]
                    run: cc *.o
                """)).isEqualTo(new Problem(FILE, 6, "job 'link' depends on 'compil', which is not a job in this file",
                "did you mean 'compile'?"));
    }

    @Test
    void unknownDepFarFromEveryNameExplainsWhatDepsName() {
        assertThat(project.problem("""
                jobs:
                  - name: link
                    deps: zzzzzzzz
                    run: cc *.o
                """)).isEqualTo(new Problem(FILE, 3, "job 'link' depends on 'zzzzzzzz', which is not a job in this file",
                "deps name other jobs, or a 'foreach' job's name for all the jobs it stamps out"));
    }

    @Test
    void globMatchingNothingIsReportedAtThePattern() {
        Problem problem = project.problem("""
                jobs:
                  - name: headers
                    inputs:
                      - src/*.c
                      - include/*.h
                    run: true
                """);

        assertThat(problem.line()).isEqualTo(5);
        assertThat(problem.message()).isEqualTo("pattern 'include/*.h' matches no file in " + dir.toAbsolutePath().normalize());
        assertThat(problem.hint()).contains("'**/' crosses any number of them");
    }

    @Test
    void foreachMatchingNothingIsReportedAtTheForeach() {
        Problem problem = project.problem("""
                jobs:
                  - name: compile
                    run: cc -c {file}
                    foreach: src/*.cpp
                """);

        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.message()).startsWith("pattern 'src/*.cpp' matches no file in ");
    }

    @Test
    void missingInputIsReportedWithTheClosestFileNextToIt() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: compile
                    inputs: [src/c.c, docs/nothing.txt]
                    run: cc -c src/c.c
                """);

        String root = dir.toAbsolutePath().normalize().toString();
        assertThat(problems).containsExactly(
                new Problem(FILE, 3, "input \"src/c.c\" of job 'compile' does not exist in " + root, "did you mean \"src/a.c\"?"),
                new Problem(FILE, 3, "input \"docs/nothing.txt\" of job 'compile' does not exist in " + root, null));
    }

    @Test
    void malformedPatternsAndEmptyDirectoriesAreReported() throws Exception {
        Files.createDirectories(dir.resolve("empty"));

        assertThat(project.problems("""
                jobs:
                  - name: c
                    inputs:
                      - src/[a.c
                      - empty
                      - "**/**/**/**/**/x"
                    run: true
                """)).extracting(Problem::line, Problem::message).containsExactly(
                tuple(4, "pattern 'src/[a.c' is not a valid pattern: Missing ']"),
                tuple(5, "input \"empty\" of job 'c' is a directory that holds no files"),
                tuple(6, "pattern '**/**/**/**/**/x' has more than 4 '**/'"));
    }

    @Test
    void twoRulesWithOneNameAreReportedOnceAtTheSecond() {
        assertThat(project.problem("""
                jobs:
                  - name: test
                    run: echo one
                  - name: test
                    run: echo two
                """)).isEqualTo(new Problem(FILE, 4, "a second job is named 'test' (the first is on line 2)",
                "give every job its own name"));
    }

    @Test
    void foreachStampingTwoJobsOfOneNameIsReported() {
        assertThat(project.problem("""
                jobs:
                  - name: compile {stem}
                    foreach: src/**/a.c
                    run: cc -c {file}
                """)).isEqualTo(new Problem(FILE, 2, "'foreach' stamps out two jobs named 'compile a'",
                "put {file} in the name, or leave placeholders out of it so the file is appended"));
    }

    @Test
    void jobNamedLikeAStampedJobIsReported() {
        assertThat(project.problem("""
                jobs:
                  - name: compile
                    foreach: src/*.c
                    run: cc -c {file}
                  - name: compile src/b.c
                    run: echo by hand
                """)).isEqualTo(new Problem(FILE, 5, "two jobs are named 'compile src/b.c' (lines 2 and 5)",
                "give every job its own name"));
    }

    @Test
    void cycleIsReportedNamingEveryJobOnIt() {
        Problem problem = project.problem("""
                jobs:
                  - name: outside
                    deps: p
                    run: x
                  - name: p
                    deps: q
                    run: x
                  - name: q
                    deps: [r]
                    run: x
                  - name: r
                    deps: p
                    run: x
                """);

        assertThat(problem.line()).isEqualTo(5);
        assertThat(problem.message()).isEqualTo(
                "jobs depend on each other in a cycle: 'p' (line 5) → 'q' (line 8) → 'r' (line 11) → 'p' (line 5)");
        assertThat(problem.hint()).contains("remove one of these deps");
    }

    @Test
    void jobDependingOnItselfIsReportedAtTheDep() {
        assertThat(project.problems("""
                jobs:
                  - name: self
                    run: x
                    deps:
                      - self
                  - name: each
                    foreach: src/*.c
                    deps: each
                    run: x
                """)).containsExactly(
                new Problem(FILE, 5, "job 'self' depends on itself", "a job cannot wait for its own outputs"),
                new Problem(FILE, 8, "job 'each src/a.c' depends on itself", "a job cannot wait for its own outputs"),
                new Problem(FILE, 8, "job 'each src/b.c' depends on itself", "a job cannot wait for its own outputs"));
    }

    @Test
    void outputsOutsideTheTreeAreReported() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: escape
                    run: x
                    outputs:
                      - ../x
                      - /etc/passwd
                      - out/../../y
                      - ./here
                """);

        assertThat(problems).extracting(Problem::line, Problem::message).containsExactly(
                tuple(5, "output \"../x\" of job 'escape' has a '..' component; paths must stay inside the source tree"),
                tuple(6, "output \"/etc/passwd\" of job 'escape' is absolute; paths must be relative to the source tree"),
                tuple(7, "output \"out/../../y\" of job 'escape' has a '..' component; paths must stay inside the source tree"),
                tuple(8, "output \"./here\" of job 'escape' has a '.' component; write the path without it"));
        assertThat(problems).allSatisfy(problem -> assertThat(problem.hint()).contains("relative to the build file's directory"));
    }

    @Test
    void inputOutsideTheTreeIsReported() {
        assertThat(project.problem("""
                jobs:
                  - name: peek
                    inputs: ../secret
                    run: cat ../secret
                """).message()).isEqualTo("input \"../secret\" of job 'peek' has a '..' component; paths must stay inside the source tree");
    }

    @Test
    void twoJobsWritingOneOutputAreReportedAtTheSecond() {
        assertThat(project.problem("""
                jobs:
                  - name: w1
                    run: x
                    outputs: out/x
                  - name: w2
                    run: x
                    outputs: [out/y, out/x/]
                """)).isEqualTo(new Problem(FILE, 7, "jobs 'w1' (line 4) and 'w2' both write \"out/x\"",
                "an output belongs to one job; let the other depend on it"));
    }

    @Test
    void stampedJobsWritingOneOutputAreToldToUsePlaceholders() {
        Problem problem = project.problem("""
                jobs:
                  - name: compile
                    foreach: src/*.c
                    run: cc -c {file} -o out.o
                    outputs: out.o
                """);

        assertThat(problem).isEqualTo(new Problem(FILE, 5, "jobs 'compile src/a.c' (line 5) and 'compile src/b.c' both write \"out.o\"",
                "put {dir} or {stem} in the output path so each stamped job has its own"));
    }

    @Test
    void outputInsideAnotherJobsOutputDirectoryIsReported() {
        assertThat(project.problem("""
                jobs:
                  - name: whole dir
                    run: x
                    outputs: build/
                  - name: inside
                    run: x
                    outputs: build/lib/y.o
                """)).isEqualTo(new Problem(FILE, 7, "job 'inside' writes \"build/lib/y.o\", inside \"build\", which job 'whole dir'"
                + " writes whole", "give each job outputs of its own"));
    }

    @Test
    void inputThatIsAnotherJobsOutputSaysToAddTheDep() {
        project.file("build/stale.o", "left over from a local build\n");

        List<Problem> problems = project.problems("""
                jobs:
                  - name: gen
                    run: x
                    outputs: [build, gen/version.h]
                  - name: use
                    inputs: [gen/version.h, build/stale.o]
                    run: cc -c src/a.c
                  - name: own
                    inputs: own.txt
                    run: x
                    outputs: own.txt
                """);

        String hint = "list 'gen' in 'deps': its outputs appear in the job's tree at their own paths";
        assertThat(problems).containsExactly(
                new Problem(FILE, 6, "input \"gen/version.h\" of job 'use' is an output of job 'gen'", hint),
                new Problem(FILE, 6, "input \"build/stale.o\" of job 'use' is an output of job 'gen'", hint),
                new Problem(FILE, 9, "input \"own.txt\" of job 'own' is an output of job 'own'", "a job cannot read what it writes"));
    }

    @Test
    void unknownPlaceholderInAForeachJobIsReportedWithTheKnownOnes() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: compile
                    foreach: src/*.c
                    inputs: include/{nmae}.h
                    run: cc -c {file} -o out/{stem}.o
                    outputs: out/{stme}.o
                """);

        String hint = "the placeholders are {file}, {dir}, {base}, {stem}";
        assertThat(problems).contains(
                new Problem(FILE, 4, "unknown placeholder {nmae}", hint),
                new Problem(FILE, 6, "unknown placeholder {stme}", hint));
    }

    @Test
    void placeholderInAJobWithoutForeachIsReported() {
        String hint = "add 'foreach: <glob>' to stamp out one job per matching file";
        List<Problem> problems = project.problems("""
                jobs:
                  - name: compile {stem}
                    inputs: src/a.c
                    run: cc -c src/a.c
                    outputs: out/{stem}.o
                """);

        assertThat(problems).containsExactly(
                new Problem(FILE, 2, "'compile {stem}' has a placeholder such as {file}, but job 'compile {stem}' has no 'foreach'", hint),
                new Problem(FILE, 5, "'out/{stem}.o' has a placeholder such as {file}, but job 'compile {stem}' has no 'foreach'", hint));
    }

    @Test
    void placeholderInTheCommandOfAJobWithoutForeachIsReported() {
        Problem problem = project.problem("""
                jobs:
                  - name: compile
                    inputs: src/a.c
                    run: cc -c {file} -o {stem}.o
                """);

        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.message()).contains("placeholder", "no 'foreach'");
    }

    @Test
    void depsTemplateInACommandIsReported() {
        String hex = "0123456789abcdef0123456789abcdef01234567";
        List<Problem> problems = project.problems("""
                jobs:
                  - name: shell
                    run: cp {{index .Deps "%s"}}/a.o .
                  - name: argv
                    run:
                      - [cp, '{{index .Deps "%s"}}/a.o', .]
                  - name: fine
                    run: cp -R {{.SourceDir}}/src {{.OutputDir}}/
                """.formatted(hex, hex));

        assertThat(problems).extracting(Problem::line).containsExactly(3, 6);
        assertThat(problems).allSatisfy(problem -> assertThat(problem.message())
                .isEqualTo("uses {{index .Deps ...}}: in a build file, a dep's outputs are in the job's tree at their own paths"));
    }

    @Test
    void unsupportedTemplateInACommandIsReported() {
        Problem problem = project.problem("""
                jobs:
                  - name: a
                    run: echo {{oops}}
                """);

        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.message()).contains("{{oops}}");
        assertThat(problem.hint()).isEqualTo("commands and env may use {{.SourceDir}} and {{.OutputDir}}; a literal '{{' cannot be written");
    }

    @Test
    void templatesInEnvAndBracesInPathsAreCaughtBeforeAnythingRuns() throws Exception {
        project.file("weird/{{x}}.txt", "x\n");
        List<Problem> problems = project.problems("""
                env:
                  FORMAT: "{{json .}}"
                jobs:
                  - name: a
                    env:
                      WHERE: "{{.OutputDir}}"
                      DEP: '{{index .Deps "0123456789abcdef0123456789abcdef01234567"}}'
                    inputs: weird/*.txt
                    run: echo $WHERE
                    outputs: "o{{x"
                """);

        assertThat(problems).extracting(Problem::line).containsExactly(2, 7, 8, 10);
        assertThat(problems.get(0).message()).startsWith("variable 'FORMAT': ");
        assertThat(problems.get(1).message()).startsWith("variable 'DEP': uses {{index .Deps ...}}");
        assertThat(problems.get(2).message()).isEqualTo("source file \"weird/{{x}}.txt\" has '{{' in its name, which a build cannot carry");
        assertThat(problems.get(3).message()).contains("\"o{{x\"", "has '{{'");
    }

    @Test
    void mistakesOfReadingAndPlanningComeTogetherSortedByLine() {
        List<Problem> problems = project.problems("""
                jobs:
                  - name: a
                    deps: b
                    run: x
                  - name: b
                    deps: a
                    run: x
                    timeout: forever
                  - name: c
                    inputs: src/nope.c
                    run: x
                    outputs: ../up
                  - name: c
                    run: x
                    deps: d
                """);

        assertThat(problems).extracting(Problem::line).containsExactly(2, 8, 10, 12, 13, 15);
        assertThat(problems).extracting(Problem::message).anySatisfy(message -> assertThat(message).contains("cycle"));
    }
}

package distbuild.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraphValidationTest {
    private static final Id MAIN_C = TemplateTest.id("main.c content");
    private static final Id UTIL_C = TemplateTest.id("util.c content");
    private static final Map<Id, String> SOURCES = Map.of(MAIN_C, "src/main.c", UTIL_C, "src/util.c");

    @Test
    void wellFormedGraphHasNoProblemsAndValidatesToItself() {
        Job lib = job("lib", List.of("src/util.c"), List.of(), new Cmd.Exec(List.of("cc", "-c", "{{.SourceDir}}/src/util.c",
                "-o", "{{.OutputDir}}/util.o")));
        Job app = job("app", List.of("src/main.c"), List.of(lib.id()), new Cmd.Exec(List.of("cc",
                "{{.SourceDir}}/src/main.c", "{{index .Deps \"" + lib.id().hex() + "\"}}/util.o", "-o", "{{.OutputDir}}/app")),
                new Cmd.Cat("ok", "{{.OutputDir}}/stamp"));
        Graph graph = new Graph(SOURCES, List.of(lib, app));

        assertThat(graph.problems()).isEmpty();
        assertThat(graph.validate()).isSameAs(graph);
    }

    @Test
    void emptyGraphIsValid() {
        assertThat(new Graph(Map.of(), List.of()).problems()).isEmpty();
    }

    @Test
    void twoJobsWithOneIdAreReportedByName() {
        Id shared = TemplateTest.id("shared");
        Graph graph = graph(new Job(shared, "first", List.of(), List.of(), List.of()),
                new Job(shared, "second", List.of(), List.of(), List.of()));

        assertThat(graph.problems()).containsExactly("job ID " + shared.hex() + " is used by 2 jobs: 'first', 'second'");
    }

    @Test
    void depOnAJobNotInTheGraphIsReported() {
        Id ghost = TemplateTest.id("ghost");
        Job app = job("app", List.of(), List.of(ghost));

        assertThat(graph(app).problems())
                .containsExactly("job 'app' (" + app.id().shortHex() + ") depends on unknown job " + ghost.hex());
    }

    @Test
    void jobDependingOnItselfIsACycle() {
        Id self = TemplateTest.id("job loop");
        Job loop = new Job(self, "loop", List.of(), List.of(self), List.of());

        assertThat(graph(loop).problems()).containsExactly("dependency cycle: " + loop.describe() + " needs " + loop.describe());
    }

    @Test
    void cycleOfThreeIsReportedOnceNamingEachJobOnIt() {
        Id a = TemplateTest.id("job a");
        Id b = TemplateTest.id("job b");
        Id c = TemplateTest.id("job c");
        Job jobA = new Job(a, "a", List.of(), List.of(b), List.of());
        Job jobB = new Job(b, "b", List.of(), List.of(c), List.of());
        Job jobC = new Job(c, "c", List.of(), List.of(a), List.of());
        Job outside = job("outside", List.of(), List.of(a));

        List<String> problems = graph(outside, jobA, jobB, jobC).problems();

        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst())
                .startsWith("dependency cycle: ")
                .contains(jobA.describe(), jobB.describe(), jobC.describe())
                .doesNotContain(outside.describe());
        assertThat(problems.getFirst()).isIn(
                "dependency cycle: 'a' (%s) needs 'b' (%s) needs 'c' (%s) needs 'a' (%s)".formatted(
                        a.shortHex(), b.shortHex(), c.shortHex(), a.shortHex()),
                "dependency cycle: 'b' (%s) needs 'c' (%s) needs 'a' (%s) needs 'b' (%s)".formatted(
                        b.shortHex(), c.shortHex(), a.shortHex(), b.shortHex()),
                "dependency cycle: 'c' (%s) needs 'a' (%s) needs 'b' (%s) needs 'c' (%s)".formatted(
                        c.shortHex(), a.shortHex(), b.shortHex(), c.shortHex()));
    }

    @Test
    void twoSeparateCyclesAreBothReported() {
        Id a = TemplateTest.id("job a");
        Id b = TemplateTest.id("job b");
        Id x = TemplateTest.id("job x");
        Id y = TemplateTest.id("job y");
        Job jobA = new Job(a, "a", List.of(), List.of(b), List.of());
        Job jobB = new Job(b, "b", List.of(), List.of(a), List.of());
        Job jobX = new Job(x, "x", List.of(), List.of(y), List.of());
        Job jobY = new Job(y, "y", List.of(), List.of(x), List.of());
        Job fine = job("fine", List.of(), List.of());

        List<String> problems = graph(jobA, fine, jobX, jobB, jobY).problems();

        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(problem -> assertThat(problem).startsWith("dependency cycle: ")
                .contains(jobA.describe(), jobB.describe()).doesNotContain(jobX.describe(), jobY.describe()));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).startsWith("dependency cycle: ")
                .contains(jobX.describe(), jobY.describe()).doesNotContain(jobA.describe(), jobB.describe()));
    }

    @Test
    void inputThatIsNotASourceFileIsReported() {
        Job app = job("app", List.of("src/main.c", "src/missing.c"), List.of());

        assertThat(graph(app).problems())
                .containsExactly("job " + app.describe() + " input \"src/missing.c\" is not in SourceFiles");
    }

    @ParameterizedTest(name = "\"{0}\" {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "/etc/passwd     | is absolute; paths must be relative to the source tree",
        "../secret       | has a '..' component; paths must stay inside the source tree",
        "src/../../x     | has a '..' component; paths must stay inside the source tree",
        "./src/main.c    | has a '.' component; write the path without it",
        "src/./main.c    | has a '.' component; write the path without it",
        "\"\"              | is empty",
        "src/            | ends with '/'; a path must name a file",
        "src//main.c     | has an empty component ('//')",
    })
    void badSourceFilePathIsReported(String path, String reason) {
        Id file = TemplateTest.id("content of " + path);
        Graph graph = new Graph(Map.of(file, path), List.of());

        assertThat(graph.problems()).containsExactly("source file " + file.shortHex() + " path \"" + path + "\" " + reason);
    }

    @ParameterizedTest(name = "\"{0}\" {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "/src/main.c     | is absolute; paths must be relative to the source tree",
        "src/../main.c   | has a '..' component; paths must stay inside the source tree",
        "..              | has a '..' component; paths must stay inside the source tree",
        ".               | has a '.' component; write the path without it",
        "\"\"              | is empty",
        "src/main.c/     | ends with '/'; a path must name a file",
    })
    void badInputPathIsReported(String path, String reason) {
        Job app = job("app", List.of(path), List.of());

        assertThat(graph(app).problems()).containsExactly("job " + app.describe() + " input \"" + path + "\" " + reason);
    }

    @Test
    void onePathForTwoFilesIsReported() {
        Map<Id, String> sources = new LinkedHashMap<>();
        sources.put(MAIN_C, "src/main.c");
        sources.put(UTIL_C, "src/main.c");

        assertThat(new Graph(sources, List.of()).problems()).containsExactly("source path \"src/main.c\" is listed for"
                + " two different files, " + MAIN_C.shortHex() + " and " + UTIL_C.shortHex());
    }

    @Test
    void pathThatIsAFileAndTheDirectoryOfAnotherIsReported() {
        Map<Id, String> sources = Map.of(MAIN_C, "src", UTIL_C, "src/util.c");

        assertThat(new Graph(sources, List.of()).problems())
                .containsExactly("source path \"src\" is a file but \"src/util.c\" needs it to be a directory");
    }

    @Test
    void fileThatIsTheDirectoryOfADeeperFileIsReportedToo() {
        Map<Id, String> sources = Map.of(MAIN_C, "a/b", UTIL_C, "a/b/c/d.c");

        assertThat(new Graph(sources, List.of()).problems())
                .containsExactly("source path \"a/b\" is a file but \"a/b/c/d.c\" needs it to be a directory");
    }

    @Test
    void pathsSharingOnlyAPrefixOfTheirNameDoNotClash() {
        Map<Id, String> sources = Map.of(MAIN_C, "src/main", UTIL_C, "src/main.c");

        assertThat(new Graph(sources, List.of()).problems()).isEmpty();
    }

    @Test
    void templateErrorsAreReportedNamingJobCommandAndTemplate() {
        Job app = job("app", List.of(), List.of(),
                new Cmd.Exec(List.of("true")),
                new Cmd.Exec(List.of("echo", "{{.Foo}}")),
                new Cmd.Cat("text", "a {{.OutputDir"));

        assertThat(graph(app).problems()).containsExactly(
                "job " + app.describe() + " command 2: template \"{{.Foo}}\": unsupported action {{.Foo}};"
                        + " a command may use only {{.SourceDir}}, {{.OutputDir}} and {{index .Deps \"<job id>\"}}",
                "job " + app.describe() + " command 3: template \"a {{.OutputDir\": unterminated action starting at"
                        + " \"{{.OutputDir\" (missing \"}}\")");
    }

    @Test
    void templateWithAMalformedDepIdIsReported() {
        String template = "{{index .Deps \"123\"}}";
        Job app = job("app", List.of(), List.of(), new Cmd.Exec(List.of("ls", template)));

        assertThat(graph(app).problems()).singleElement().asString()
                .startsWith("job " + app.describe() + " command 1: template \"" + template + "\": ")
                .contains("invalid ID \"123\"");
    }

    @Test
    void templateWithADepIdMadeOfNonAsciiDigitsIsReportedNotThrown() {
        Job app = job("app", List.of(), List.of(), new Cmd.Exec(List.of("ls", "{{index .Deps \"" + "٣".repeat(40) + "\"}}")));

        assertThat(graph(app).problems()).singleElement().asString().contains("is not a hex digit");
    }

    @Test
    void templateReadingADepTheJobDoesNotListIsReportedEvenIfThatJobExists() {
        Job lib = job("lib", List.of(), List.of());
        Job app = job("app", List.of(), List.of(), new Cmd.Exec(List.of("ls", "{{index .Deps \"" + lib.id().hex() + "\"}}")));

        assertThat(graph(lib, app).problems()).containsExactly("job " + app.describe() + " command 1: template \"{{index .Deps \""
                + lib.id().hex() + "\"}}\": {{index .Deps \"" + lib.id().hex() + "\"}} refers to a job that is not in this job's Deps");
    }

    @Test
    void validateThrowsWithEveryProblemAtOnce() {
        Id ghost = TemplateTest.id("ghost");
        Job app = job("app", List.of("nope.c"), List.of(ghost), new Cmd.Exec(List.of("{{.Foo}}")));
        Graph graph = new Graph(Map.of(MAIN_C, "/abs.c"), List.of(app));

        assertThatThrownBy(graph::validate)
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> {
                    assertThat(e.problems()).hasSize(4).isEqualTo(graph.problems());
                    assertThat(e.getMessage()).startsWith("invalid build graph, 4 problems:");
                    e.problems().forEach(problem -> assertThat(e.getMessage()).contains("\n  - " + problem));
                });
    }

    @Test
    void validateWithOneProblemSaysItInOneLine() {
        Job app = job("app", List.of("nope.c"), List.of());

        assertThatThrownBy(() -> graph(app).validate())
                .isInstanceOf(InvalidGraphException.class)
                .hasMessage("invalid build graph: job " + app.describe() + " input \"nope.c\" is not in SourceFiles");
    }

    @Test
    void chainOfTenThousandJobsValidatesAndOrdersQuicklyWithoutOverflowingTheStack() {
        List<Job> chain = chain(10_000);
        // Dependants first: the worst order for both the cycle search and the ordering.
        Graph graph = graph(chain.reversed().toArray(Job[]::new));

        List<Job> order = assertTimeout(Duration.ofSeconds(10), () -> {
            assertThat(graph.problems()).isEmpty();
            return graph.topologicalOrder();
        });

        assertThat(order).containsExactlyElementsOf(chain);
    }

    @Test
    void cycleThroughTenThousandJobsIsFoundWithoutOverflowingTheStack() {
        List<Job> chain = new ArrayList<>(chain(10_000));
        Job first = chain.getFirst();
        chain.set(0, new Job(first.id(), first.name(), List.of(), List.of(chain.getLast().id()), List.of()));
        Graph graph = graph(chain.toArray(Job[]::new));

        List<String> problems = assertTimeout(Duration.ofSeconds(10), graph::problems);

        assertThat(problems).singleElement().asString().startsWith("dependency cycle: ")
                .contains(chain.getFirst().describe(), chain.get(5_000).describe(), chain.getLast().describe());
    }

    /** Job i depends on job i - 1. */
    static List<Job> chain(int length) {
        List<Job> chain = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            List<Id> deps = i == 0 ? List.of() : List.of(chain.get(i - 1).id());
            chain.add(new Job(TemplateTest.id("link " + i), "link " + i, List.of(), deps, List.of()));
        }
        return chain;
    }

    static Job job(String name, List<String> inputs, List<Id> deps, Cmd... cmds) {
        return new Job(TemplateTest.id("job " + name), name, inputs, deps, List.of(cmds));
    }

    private static Graph graph(Job... jobs) {
        return new Graph(SOURCES, List.of(jobs));
    }
}

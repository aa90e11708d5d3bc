package distbuild.buildfile;

import static distbuild.buildfile.Project.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files an input pattern stands for, seen through the inputs of the planned job. */
class GlobTest {
    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir)
                .file("src/a.c", "a\n")
                .file("src/b.c", "b\n")
                .file("src/a.h", "a header\n")
                .file("src/x/y/deep.c", "deep\n")
                .file("src/x/mid.c", "mid\n")
                .file("src.c", "not under src\n")
                .file("lib/util.c", "util\n")
                .file("app/main.c", "main\n")
                .file("top.h", "top\n")
                .file("docs/guide.md", "guide\n");
    }

    private List<String> inputsOf(String... patterns) throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: reader
                    inputs: [%s]
                    run: true
                """.formatted(String.join(", ", List.of(patterns).stream().map(p -> "\"" + p + "\"").toList())));
        return job(plan, "reader").inputs();
    }

    @Test
    void starStaysWithinOneDirectory() throws Exception {
        assertThat(inputsOf("src/*.c")).containsExactly("src/a.c", "src/b.c");
    }

    @Test
    void doubleStarSlashMatchesNoDirectoryOrAnyNumberOfThem() throws Exception {
        assertThat(inputsOf("src/**/*.c")).containsExactly("src/a.c", "src/b.c", "src/x/mid.c", "src/x/y/deep.c");
    }

    @Test
    void leadingDoubleStarSlashMatchesFilesAtTheRootToo() throws Exception {
        assertThat(inputsOf("**/*.h")).containsExactly("src/a.h", "top.h");
    }

    @Test
    void doubleStarInTheMiddleMayStandForNoDirectory() throws Exception {
        assertThat(inputsOf("src/**/y/*.c")).containsExactly("src/x/y/deep.c");
        assertThat(inputsOf("src/**/x/mid.c")).containsExactly("src/x/mid.c");
    }

    @Test
    void trailingDoubleStarMatchesEverythingUnderADirectory() throws Exception {
        assertThat(inputsOf("src/**")).containsExactly("src/a.c", "src/a.h", "src/b.c", "src/x/mid.c", "src/x/y/deep.c");
    }

    @Test
    void bracesGiveAlternatives() throws Exception {
        assertThat(inputsOf("src/{a,b}.c")).containsExactly("src/a.c", "src/b.c");
        assertThat(inputsOf("{lib,app}/*.c")).containsExactly("app/main.c", "lib/util.c");
        assertThat(inputsOf("src/a.{c,h}")).containsExactly("src/a.c", "src/a.h");
    }

    @Test
    void questionMarkAndClassesMatchOneCharacter() throws Exception {
        assertThat(inputsOf("src/?.c")).containsExactly("src/a.c", "src/b.c");
        assertThat(inputsOf("src/[b-z].c")).containsExactly("src/b.c");
    }

    @Test
    void directoryAsInputMeansEveryFileUnderIt() throws Exception {
        assertThat(inputsOf("src")).containsExactly("src/a.c", "src/a.h", "src/b.c", "src/x/mid.c", "src/x/y/deep.c");
        assertThat(inputsOf("src/x/")).containsExactly("src/x/mid.c", "src/x/y/deep.c");
    }

    @Test
    void overlappingPatternsGiveEachFileOnceInPathOrder() throws Exception {
        assertThat(inputsOf("src/b.c", "src/*.c", "docs", "src/{a,b}.c"))
                .containsExactly("docs/guide.md", "src/a.c", "src/b.c");
    }

    @Test
    void versionControlDirectoriesAreSkipped() throws Exception {
        project.file(".git/config", "[core]\n")
                .file(".git/objects/ab/cdef", "blob\n")
                .file("src/.git/HEAD", "ref\n")
                .file("src/.hg/store", "hg\n")
                .file("docs/.svn/entries", "svn\n")
                .file("src/.gitignore", "*.o\n");

        assertThat(inputsOf("**/*")).doesNotContain(".git/config", ".git/objects/ab/cdef", "src/.git/HEAD",
                "src/.hg/store", "docs/.svn/entries").contains("src/.gitignore", "src/a.c");
        assertThat(inputsOf("src")).containsExactly("src/.gitignore", "src/a.c", "src/a.h", "src/b.c", "src/x/mid.c",
                "src/x/y/deep.c");
    }

    @Test
    void filesThatAreDeclaredOutputsAreNotMatchedByInputPatterns() throws Exception {
        project.file("build/a.o", "stale object\n")
                .file("build/lib/b.o", "stale object\n")
                .file("gen/parser.c", "stale generated source\n")
                .file("gen/keep.c", "hand written\n")
                .file("vendor/prebuilt.o", "shipped object\n");

        BuildPlan plan = project.plan("""
                jobs:
                  - name: build
                    run: make
                    outputs: [build, gen/parser.c]
                  - name: everything
                    inputs: ["**/*.o", "**/*.c", gen]
                    deps: build
                    run: ls
                """);

        assertThat(job(plan, "everything").inputs()).containsExactly("app/main.c", "gen/keep.c", "lib/util.c", "src.c",
                "src/a.c", "src/b.c", "src/x/mid.c", "src/x/y/deep.c", "vendor/prebuilt.o");
        assertThat(plan.graph().sourceFiles()).doesNotContainValue("gen/parser.c").doesNotContainValue("build/a.o");
    }

    @Test
    void patternWhoseOnlyMatchesAreOutputsMatchesNothing() {
        project.file("build/a.o", "stale object\n");

        Problem problem = project.problem("""
                jobs:
                  - name: build
                    run: make
                    outputs: build/a.o
                  - name: objects
                    inputs: "build/*.o"
                    run: ls
                """);

        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.message()).startsWith("pattern 'build/*.o' matches no file");
    }
}

package distbuild.buildfile;

import static distbuild.buildfile.Project.argvs;
import static distbuild.buildfile.Project.job;
import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.TemplateContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree may hold one content at several paths; the wire graph lists each content once, at its
 * first path, and a job that reads another path gets a copy made there before its commands run.
 */
class IdenticalFilesTest {
    private static final Id LICENSE = Id.ofContent("MIT\n".getBytes(StandardCharsets.UTF_8));
    private static final Id EMPTY = Id.ofContent(new byte[0]);

    private static final String BUILD = """
            jobs:
              - name: dist a
                inputs: a/LICENSE
                run: cat a/LICENSE
              - name: dist b
                inputs: [b/LICENSE, pkg]
                run: cat b/LICENSE pkg/__init__.py pkg/mod.py
              - name: other
                inputs: other/__init__.py
                run: python3 -c 'import other'
            """;

    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir)
                .file("a/LICENSE", "MIT\n")
                .file("b/LICENSE", "MIT\n")
                .file("pkg/__init__.py", "")
                .file("pkg/mod.py", "x = 1\n")
                .file("other/__init__.py", "");
    }

    @Test
    void identicalFilesAtSeveralPathsPlanWithoutAProblem() throws Exception {
        BuildPlan plan = project.plan(BUILD);

        assertThat(plan.graph().problems()).isEmpty();
        assertThat(Project.names(plan)).containsExactly("dist a", "dist b", "other");
    }

    @Test
    void sourceFilesListEachContentOnceAtItsFirstPath() throws Exception {
        BuildPlan plan = project.plan(BUILD);

        assertThat(plan.graph().sourceFiles()).hasSize(3)
                .containsEntry(LICENSE, "a/LICENSE")
                .containsEntry(EMPTY, "other/__init__.py")
                .containsValue("pkg/mod.py");
    }

    @Test
    void jobReadingAnotherPathGetsTheContentCopiedThereBeforeItsCommands() throws Exception {
        Job b = job(project.plan(BUILD), "dist b");

        assertThat(b.inputs()).containsExactly("a/LICENSE", "other/__init__.py", "pkg/mod.py");
        List<List<String>> argvs = argvs(b);
        int copyLicense = argvs.indexOf(List.of("cp", "--", "a/LICENSE", "b/LICENSE"));
        int copyInit = argvs.indexOf(List.of("cp", "--", "other/__init__.py", "pkg/__init__.py"));
        int command = argvs.indexOf(List.of("sh", "-ec", "cat b/LICENSE pkg/__init__.py pkg/mod.py"));
        assertThat(copyLicense).isNotNegative();
        assertThat(copyInit).isGreaterThan(copyLicense);
        assertThat(command).isGreaterThan(copyInit);
        assertThat(argvs.getFirst()).as("directories of the copies").containsExactly("mkdir", "-p", "--", "b", "pkg");
    }

    @Test
    void canonicalPathsTheJobDoesNotReadAreRemovedAfterTheCopies() throws Exception {
        List<List<String>> argvs = argvs(job(project.plan(BUILD), "dist b"));

        int copies = argvs.indexOf(List.of("cp", "--", "other/__init__.py", "pkg/__init__.py"));
        List<String> removal = argvs.get(copies + 1);
        assertThat(removal.subList(removal.size() - 2, removal.size())).containsExactly("a/LICENSE", "other/__init__.py");
        assertThat(String.join(" ", removal)).contains("rm -f");
    }

    @Test
    void jobReadingTheFirstPathGetsNoCopy() throws Exception {
        BuildPlan plan = project.plan(BUILD);

        assertThat(argvs(job(plan, "dist a"))).containsExactly(List.of("sh", "-ec", "cat a/LICENSE"));
        assertThat(argvs(job(plan, "other"))).containsExactly(List.of("sh", "-ec", "python3 -c 'import other'"));
    }

    @Test
    void jobReadingBothPathsCopiesAndRemovesNothing() throws Exception {
        Job both = job(project.plan("""
                jobs:
                  - name: both
                    inputs: ["{a,b}/LICENSE"]
                    run: cmp a/LICENSE b/LICENSE
                """), "both");

        assertThat(both.inputs()).containsExactly("a/LICENSE");
        assertThat(argvs(both)).containsExactly(
                List.of("mkdir", "-p", "--", "b"),
                List.of("cp", "--", "a/LICENSE", "b/LICENSE"),
                List.of("sh", "-ec", "cmp a/LICENSE b/LICENSE"));
    }

    @Test
    void jobsIdDoesNotDependOnWhereElseItsContentLies() throws Exception {
        String alone = """
                jobs:
                  - name: dist b
                    inputs: [b/LICENSE, pkg]
                    run: cat b/LICENSE pkg/__init__.py pkg/mod.py
                """;
        Job withOthers = job(project.plan(BUILD), "dist b");
        Job byItself = job(project.plan(alone), "dist b");

        assertThat(byItself.id()).isEqualTo(withOthers.id());
        assertThat(byItself.inputs()).containsExactly("b/LICENSE", "pkg/__init__.py", "pkg/mod.py");
        assertThat(argvs(byItself)).containsExactly(List.of("sh", "-ec", "cat b/LICENSE pkg/__init__.py pkg/mod.py"));
    }

    @Test
    void restrictingToAJobReadingAnotherPathKeepsTheFirstPath() throws Exception {
        BuildPlan plan = project.plan(BUILD);

        BuildPlan b = plan.restrictTo(plan.targets(List.of("dist b")));

        assertThat(b.graph().sourceFiles()).containsEntry(LICENSE, "a/LICENSE").containsEntry(EMPTY, "other/__init__.py");
        assertThat(b.graph().problems()).isEmpty();
    }

    @Test
    void filesThatStopBeingIdenticalAreEachListed() throws Exception {
        project.file("b/LICENSE", "Apache-2.0\n");

        BuildPlan plan = project.plan(BUILD);

        assertThat(plan.graph().sourceFiles()).hasSize(4).containsValues("a/LICENSE", "b/LICENSE");
        assertThat(argvs(job(plan, "dist b"))).doesNotContain(List.of("cp", "--", "a/LICENSE", "b/LICENSE"));
    }

    @Test
    void jobReadingAnotherPathFindsTheContentThereWhenRunByAShell() throws Exception {
        BuildPlan plan = project.plan(BUILD.replace("run: cat b/LICENSE pkg/__init__.py pkg/mod.py",
                "run: cat b/LICENSE pkg/__init__.py pkg/mod.py > out/all.txt\n    outputs: out/all.txt"));

        Path output = runInAFreshTree(plan, job(plan, "dist b"));

        assertThat(output.resolve("out/all.txt")).hasContent("MIT\nx = 1");
    }

    @Test
    void outputDirectoryOfTheJobSurvivesTheRemovalOfACopysSource() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: dist a
                    inputs: a/LICENSE
                    run: cat a/LICENSE
                  - name: stamp
                    inputs: b/LICENSE
                    run: cp b/LICENSE a/result.txt
                    outputs: a/result.txt
                """);

        Path output = runInAFreshTree(plan, job(plan, "stamp"));

        assertThat(output.resolve("a/result.txt")).hasContent("MIT");
    }

    /** Lays out the job's wire inputs as a worker would, runs its commands, and gives its output directory. */
    private Path runInAFreshTree(BuildPlan plan, Job job) throws Exception {
        Path source = Files.createDirectories(dir.resolve("worker/source"));
        Path output = Files.createDirectories(dir.resolve("worker/output"));
        for (String input : job.inputs()) {
            Files.createDirectories(source.resolve(input).getParent());
            Files.copy(dir.resolve(input), source.resolve(input));
        }
        TemplateContext context = new TemplateContext(source, output, Map.<Id, Path>of());
        for (Cmd cmd : job.cmds()) {
            Project.run((Cmd.Exec) cmd.render(context), source);
        }
        return output;
    }
}

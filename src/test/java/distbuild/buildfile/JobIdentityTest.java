package distbuild.buildfile;

import static distbuild.buildfile.Project.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import distbuild.model.Id;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job IDs come from content: the same tree gives the same IDs anywhere, and an edit changes just what it reaches. */
class JobIdentityTest {
    private static final String BUILD = """
            env:
              CFLAGS: -O2
            jobs:
              - name: compile
                foreach: lib/*.c
                inputs: include/*.h
                run: cc $CFLAGS -Iinclude -c {file} -o build/lib/{stem}.o
                outputs: build/lib/{stem}.o
              - name: archive
                deps: compile
                run: ar rcs build/lib.a build/lib/*.o
                outputs: build/lib.a
              - name: compile main
                inputs: [app/main.c, include/*.h]
                run: cc $CFLAGS -Iinclude -c app/main.c -o build/main.o
                outputs: build/main.o
              - name: link
                deps: [compile main, archive]
                run: cc build/main.o build/lib.a -o bin/app
                outputs: bin/app
              - name: docs
                inputs: README
                run: cp README docs.txt
                outputs: docs.txt
            """;

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir)
                .file("lib/words.c", "int words;\n")
                .file("lib/counts.c", "int counts;\n")
                .file("include/words.h", "extern int words;\n")
                .file("app/main.c", "int main(void) { return 0; }\n")
                .file("README", "how to build\n");
    }

    /** The names of the jobs whose IDs differ between two plans of the same jobs. */
    private static Set<String> changed(BuildPlan before, BuildPlan after) {
        Map<String, Id> old = ids(before);
        Map<String, Id> now = ids(after);
        assertThat(now.keySet()).isEqualTo(old.keySet());
        Set<String> changed = new TreeSet<>();
        old.forEach((name, id) -> {
            if (!now.get(name).equals(id)) {
                changed.add(name);
            }
        });
        return changed;
    }

    @Test
    void sameTreePlannedTwiceGivesTheSameGraph() throws Exception {
        BuildPlan first = project.plan(BUILD);
        BuildPlan second = project.plan(BUILD);

        assertThat(second.graph()).isEqualTo(first.graph());
        assertThat(second.names()).isEqualTo(first.names());
        assertThat(new TreeSet<>(ids(first).values())).hasSize(6);
    }

    @Test
    void copyOfTheTreeElsewhereGivesTheSameGraph() throws Exception {
        BuildPlan here = project.load(BUILD);
        BuildPlan there = project.copyTo(elsewhere.resolve("checkout")).plan(BUILD);

        assertThat(there.graph()).isEqualTo(here.graph());
        assertThat(there.names()).isEqualTo(here.names());
    }

    @Test
    void editingASourceFileChangesItsReadersAndWhatDependsOnThemOnly() throws Exception {
        BuildPlan before = project.plan(BUILD);

        project.file("lib/words.c", "int words = 1;\n");

        assertThat(changed(before, project.plan(BUILD))).containsExactlyInAnyOrder("compile lib/words.c", "archive", "link");
    }

    @Test
    void editingAHeaderReadThroughAGlobChangesEveryJobThatMatchesIt() throws Exception {
        BuildPlan before = project.plan(BUILD);

        project.file("include/words.h", "long words;\n");

        assertThat(changed(before, project.plan(BUILD)))
                .containsExactlyInAnyOrder("compile lib/words.c", "compile lib/counts.c", "archive", "compile main", "link");
    }

    @Test
    void editingAFileNoJobReadsChangesNothing() throws Exception {
        BuildPlan before = project.plan(BUILD);

        project.file("NOTES", "not an input\n").file("lib/notes.txt", "not matched by lib/*.c\n");

        assertThat(project.plan(BUILD).graph()).isEqualTo(before.graph());
    }

    @Test
    void addingAFileThatAGlobMatchesChangesTheJobsThatReadIt() throws Exception {
        BuildPlan before = project.plan(BUILD);

        project.file("include/counts.h", "int counts;\n");
        BuildPlan after = project.plan(BUILD);

        assertThat(changed(before, after)).containsExactlyInAnyOrder(
                "compile lib/words.c", "compile lib/counts.c", "archive", "compile main", "link");
    }

    @Test
    void addingAJobChangesNoOtherId() throws Exception {
        BuildPlan before = project.plan(BUILD);

        BuildPlan after = project.plan(BUILD + """
                  - name: package
                    deps: [link, docs]
                    run: tar cf app.tar bin/app docs.txt
                    outputs: app.tar
                """);

        assertThat(ids(after)).containsAllEntriesOf(ids(before)).hasSize(ids(before).size() + 1);
    }

    @Test
    void renamingAJobKeepsItsIdAndEveryOther() throws Exception {
        BuildPlan before = project.plan(BUILD);

        BuildPlan after = project.plan(BUILD.replace("name: archive", "name: library")
                .replace("deps: [compile main, archive]", "deps: [compile main, library]")
                .replace("name: compile\n", "name: cc\n").replace("deps: compile\n", "deps: cc\n"));

        assertThat(ids(after).get("library")).isEqualTo(ids(before).get("archive"));
        assertThat(ids(after).get("cc lib/words.c")).isEqualTo(ids(before).get("compile lib/words.c"));
        assertThat(new TreeSet<>(ids(after).values())).isEqualTo(new TreeSet<>(ids(before).values()));
    }

    @Test
    void reorderingJobsOrListsChangesNoId() throws Exception {
        BuildPlan before = project.plan(BUILD);

        String docs = "  - name: docs\n    inputs: README\n    run: cp README docs.txt\n    outputs: docs.txt\n";
        String reordered = BUILD.replace(docs, "").replace("jobs:\n", "jobs:\n" + docs)
                .replace("deps: [compile main, archive]", "deps: [archive, compile main, archive]")
                .replace("inputs: [app/main.c, include/*.h]", "inputs: [include/words.h, include/*.h, app/main.c]");
        assertThat(reordered).startsWith("env:\n  CFLAGS: -O2\njobs:\n  - name: docs\n");

        assertThat(ids(project.plan(reordered))).isEqualTo(ids(before));
    }

    @Test
    void changingATimeoutChangesNoId() throws Exception {
        BuildPlan before = project.plan(BUILD);

        BuildPlan after = project.plan(BUILD.replace("run: cp README docs.txt", "run: cp README docs.txt\n    timeout: 5m"));

        assertThat(changed(before, after)).isEmpty();
        assertThat(Project.job(after, "docs").timeout()).hasMinutes(5);
    }

    @Test
    void changingACommandChangesTheJobAndItsDependants() throws Exception {
        BuildPlan before = project.plan(BUILD);

        BuildPlan after = project.plan(BUILD.replace("ar rcs build/lib.a", "ar rcsD build/lib.a"));

        assertThat(changed(before, after)).containsExactlyInAnyOrder("archive", "link");
    }

    @Test
    void changingAShellCommandIntoTheSameArgvChangesTheId() throws Exception {
        BuildPlan before = project.plan(BUILD);

        BuildPlan after = project.plan(BUILD.replace("run: cp README docs.txt", "run: [[cp, README, docs.txt]]"));

        assertThat(changed(before, after)).containsExactly("docs");
    }

    @Test
    void changingAJobsEnvChangesThatJobAndItsDependants() throws Exception {
        BuildPlan before = project.plan(BUILD);

        BuildPlan after = project.plan(BUILD.replace("name: compile main\n", "name: compile main\n    env: {CFLAGS: -O0}\n"));

        assertThat(changed(before, after)).containsExactlyInAnyOrder("compile main", "link");
    }

    @Test
    void changingTheTopLevelEnvChangesEveryJob() throws Exception {
        BuildPlan before = project.plan(BUILD);

        BuildPlan after = project.plan(BUILD.replace("CFLAGS: -O2", "CFLAGS: -O3"));

        assertThat(changed(before, after)).hasSize(6);
    }

    @Test
    void changingOutputsChangesTheJobAndItsDependants() throws Exception {
        BuildPlan before = project.plan(BUILD);

        BuildPlan more = project.plan(BUILD.replace("outputs: build/main.o", "outputs: [build/main.o, build/main.d]"));
        BuildPlan docs = project.plan(BUILD.replace("outputs: docs.txt", "outputs: docs/"));

        assertThat(changed(before, more)).containsExactlyInAnyOrder("compile main", "link");
        assertThat(changed(before, docs)).containsExactly("docs");
    }

    @Test
    void jobsThatDoTheSameThingUnderTwoNamesGiveAValidGraphOrAProblem() {
        String yaml = """
                jobs:
                  - name: lint
                    run: echo ok
                  - name: check
                    run: echo ok
                  - name: all
                    deps: [lint, check]
                    run: echo done
                """;

        Throwable thrown = catchThrowable(() -> {
            BuildPlan plan = BuildFile.plan(Project.FILE, yaml, dir);
            assertThat(plan.graph().problems()).isEmpty();
        });

        assertThat(thrown).satisfiesAnyOf(
                error -> assertThat(error).isNull(),
                error -> assertThat(error).isInstanceOf(BuildFileException.class).hasMessageContaining("lint").hasMessageContaining("check"));
    }
}

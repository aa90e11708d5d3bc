package distbuild.buildfile;

import static distbuild.buildfile.Project.job;
import static distbuild.buildfile.Project.names;
import static distbuild.buildfile.Project.namesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.model.Graph;
import distbuild.model.Id;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a build is for: the jobs nothing needs by default, or named ones with everything they need. */
class TargetsTest {
    private static final String BUILD = """
            jobs:
              - name: compile
                foreach: lib/*.c
                inputs: include/*.h
                run: cc -Iinclude -c {file} -o build/{stem}.o
                outputs: build/{stem}.o
              - name: archive
                deps: compile
                run: ar rcs build/lib.a build/*.o
                outputs: build/lib.a
              - name: compile main
                inputs: [app/main.c, include/*.h]
                run: cc -Iinclude -c app/main.c -o build/main.o
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

    private BuildPlan plan;

    @BeforeEach
    void plan() throws Exception {
        plan = new Project(dir)
                .file("lib/words.c", "int words;\n")
                .file("lib/counts.c", "int counts;\n")
                .file("include/words.h", "extern int words;\n")
                .file("app/main.c", "int main(void) { return 0; }\n")
                .file("README", "how to build\n")
                .plan(BUILD);
    }

    @Test
    void defaultTargetsAreTheJobsNothingDependsOn() {
        assertThat(namesOf(plan, plan.defaultTargets())).containsExactly("link", "docs");
        assertThat(plan.defaultTargets()).containsExactly(job(plan, "link").id(), job(plan, "docs").id());
    }

    @Test
    void everyJobIsKnownByItsNameAndAForeachRuleByItsOwnName() {
        assertThat(plan.names()).containsOnlyKeys("compile lib/counts.c", "compile lib/words.c", "compile", "archive",
                "compile main", "link", "docs");
        assertThat(plan.names().get("link")).containsExactly(job(plan, "link").id());
    }

    @Test
    void foreachRuleNameAsTargetGivesEveryJobItStamped() {
        assertThat(namesOf(plan, plan.targets(List.of("compile")))).containsExactly("compile lib/counts.c", "compile lib/words.c");
    }

    @Test
    void severalTargetsGiveTheirJobsOnceInTheOrderAsked() {
        List<Id> targets = plan.targets(List.of("docs", "compile lib/words.c", "compile", "docs"));

        assertThat(targets).containsExactly(job(plan, "docs").id(), job(plan, "compile lib/words.c").id(),
                job(plan, "compile lib/counts.c").id());
    }

    @Test
    void unknownTargetIsRefusedWithTheClosestName() {
        assertThatThrownBy(() -> plan.targets(List.of("link", "lnik")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no job is named 'lnik' (did you mean 'link'?)");
    }

    @Test
    void everyUnknownTargetIsNamedAndOneFarFromAnyNameHasNoSuggestion() {
        assertThatThrownBy(() -> plan.targets(List.of("archiv", "everything and more", "docs")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no job is named 'archiv' (did you mean 'archive'?); no job is named 'everything and more'");
    }

    @Test
    void restrictingKeepsTheTargetsAndEverythingTheyNeedWithOnlyTheFilesThoseRead() {
        BuildPlan archive = plan.restrictTo(plan.targets(List.of("archive")));

        Graph graph = archive.graph();
        assertThat(names(archive)).containsExactly("compile lib/counts.c", "compile lib/words.c", "archive");
        assertThat(graph.sourceFiles().values()).containsExactlyInAnyOrder("include/words.h", "lib/counts.c", "lib/words.c");
        assertThat(graph.problems()).isEmpty();
        assertThat(graph.jobs()).containsExactlyElementsOf(plan.graph().jobs().subList(0, 3));
        assertThat(archive.names()).containsOnlyKeys("compile lib/counts.c", "compile lib/words.c", "compile", "archive");
        assertThat(archive.defaultTargets()).containsExactly(job(plan, "archive").id());
    }

    @Test
    void restrictingToOneStampedJobKeepsItAloneUnderTheRuleName() {
        BuildPlan one = plan.restrictTo(plan.targets(List.of("compile lib/words.c")));

        assertThat(names(one)).containsExactly("compile lib/words.c");
        assertThat(one.graph().sourceFiles().values()).containsExactlyInAnyOrder("include/words.h", "lib/words.c");
        assertThat(one.names().get("compile")).containsExactly(job(plan, "compile lib/words.c").id());
        assertThat(one.graph().problems()).isEmpty();
    }

    @Test
    void restrictingToTheDefaultTargetsKeepsTheWholeGraph() {
        assertThat(plan.restrictTo(plan.defaultTargets())).isEqualTo(plan);
    }

    @Test
    void restrictingToATargetReadingNoFilesKeepsNoFiles() {
        BuildPlan link = plan.restrictTo(plan.targets(List.of("docs")));

        assertThat(names(link)).containsExactly("docs");
        assertThat(link.graph().sourceFiles().values()).containsExactly("README");
    }

    @Test
    void wireGraphIsKnownByItsJobsNames() {
        BuildPlan wire = BuildPlan.of(plan.graph());

        assertThat(wire.names()).containsOnlyKeys("compile lib/counts.c", "compile lib/words.c", "archive", "compile main",
                "link", "docs");
        assertThat(wire.targets(List.of("archive"))).containsExactly(job(plan, "archive").id());
    }
}

package distbuild.buildfile;

import static distbuild.buildfile.Project.namesOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a build file written by hand from a makefile needs: a {@code default:} list as ninja's
 * {@code default}, {@code exclude:} patterns for {@code foreach} and {@code inputs}, and a default
 * build's outputs meaning the program a test job runs rather than the test's nothing.
 */
class DefaultsAndExcludesTest {
    private static final String LUA_LIKE = """
            default: [lua, test]
            jobs:
              - name: compile
                foreach: src/*.c
                exclude: [src/lua.c, src/luac.c]
                inputs: src/*.h
                run: cc -c {file} -o obj/{stem}.o
                outputs: obj/{stem}.o
              - name: lua
                deps: compile
                inputs: src/lua*.c
                exclude: src/luac.c
                run: cc src/lua.c obj/*.o -o bin/lua
                outputs: bin/lua
              - name: luac
                deps: compile
                inputs: [src/luac.c]
                run: cc src/luac.c obj/*.o -o bin/luac
                outputs: bin/luac
              - name: test
                deps: lua
                run: bin/lua -v
            """;

    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir)
                .file("src/lapi.c", "int api;\n")
                .file("src/lvm.c", "int vm;\n")
                .file("src/lua.c", "int main(void) { return 0; }\n")
                .file("src/luac.c", "int main(void) { return 0; }\n")
                .file("src/lua.h", "extern int api;\n");
    }

    @Test
    void excludedFilesAreNotStampedNorSent() throws Exception {
        BuildPlan plan = project.plan(LUA_LIKE);

        assertThat(plan.names().keySet()).contains("compile src/lapi.c", "compile src/lvm.c")
                .doesNotContain("compile src/lua.c", "compile src/luac.c");
        assertThat(Project.job(plan, "compile src/lapi.c").inputs()).containsExactlyInAnyOrder("src/lapi.c", "src/lua.h");
    }

    @Test
    void defaultNamesWhatABuildIsFor() throws Exception {
        BuildPlan plan = project.plan(LUA_LIKE);

        assertThat(namesOf(plan, plan.defaultTargets())).containsExactly("lua", "test");
        assertThat(namesOf(plan, plan.deliverable(plan.defaultTargets()))).containsExactly("lua", "test");
        assertThat(plan.names()).containsKey("luac"); // not a default, still a job to name
    }

    @Test
    void whenTheOnlyTargetIsATestItsOutputsAreThoseOfTheProgramItRuns() throws Exception {
        BuildPlan plan = project.plan(LUA_LIKE.replace("default: [lua, test]", "default: test"));

        assertThat(namesOf(plan, plan.deliverable(plan.defaultTargets()))).as("'test' declares no output: its program's")
                .containsExactly("lua");
    }

    @Test
    void aDefaultNamingNoJobIsAMistakeWithASuggestion() {
        Problem problem = project.problem(LUA_LIKE.replace("default: [lua, test]", "default: [lau]"));

        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.message()).contains("'default' names 'lau', which is not a job in this file");
        assertThat(problem.hint()).isEqualTo("did you mean 'lua'?");
    }

    @Test
    void anExcludeThatTakesOutNothingIsAMistake() {
        List<Problem> problems = project.problems(LUA_LIKE.replace("exclude: src/luac.c", "exclude: src/luca.c"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(12);
            assertThat(problem.message()).contains("exclude pattern 'src/luca.c' of job 'lua' takes out nothing");
        });
    }
}

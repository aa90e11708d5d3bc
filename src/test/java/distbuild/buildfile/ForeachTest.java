package distbuild.buildfile;

import static distbuild.buildfile.Project.job;
import static distbuild.buildfile.Project.names;
import static distbuild.buildfile.Project.userCommands;
import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Cmd;
import distbuild.model.Job;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code foreach}: one job per matching file, with {file} {dir} {base} {stem} filled in. */
class ForeachTest {
    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir)
                .file("src/a.c", "a\n")
                .file("src/util/str.c", "str\n")
                .file("src/util/str.h", "str header\n")
                .file("src/a.h", "a header\n")
                .file("include/common.h", "common\n")
                .file("Makefile", "all:\n");
    }

    @Test
    void stampsOneJobPerMatchNamedAfterTheRuleAndTheFile() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: compile
                    foreach: src/**/*.c
                    run: cc -c {file}
                """);

        assertThat(names(plan)).containsExactly("compile src/a.c", "compile src/util/str.c");
        assertThat(job(plan, "compile src/a.c").inputs()).containsExactly("src/a.c");
        assertThat(job(plan, "compile src/util/str.c").inputs()).containsExactly("src/util/str.c");
    }

    @Test
    void placeholderInTheNameReplacesTheAppendedFile() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: "{stem} object"
                    foreach: src/**/*.c
                    run: cc -c {file}
                """);

        assertThat(names(plan)).containsExactly("a object", "str object");
    }

    @Test
    void placeholdersAreExpandedInInputsOutputsCommandsAndEnv() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: compile
                    foreach: src/**/*.c
                    inputs: ["{dir}/*.h", include/common.h]
                    env:
                      WHERE: "{dir}"
                    run:
                      - cc -Iinclude -c {file} -o build/{dir}/{stem}.o
                      - [echo, "{base}", "{stem}", "{dir}", "{file}"]
                    outputs: build/{dir}/{stem}.o
                """);

        Job util = job(plan, "compile src/util/str.c");
        assertThat(util.inputs()).containsExactly("include/common.h", "src/util/str.c", "src/util/str.h");
        assertThat(userCommands(util)).extracting(Cmd.Exec::argv).containsExactly(
                List.of("sh", "-ec", "cc -Iinclude -c src/util/str.c -o build/src/util/str.o"),
                List.of("echo", "str.c", "str", "src/util", "src/util/str.c"));
        assertThat(userCommands(util).getFirst().environ()).contains("WHERE=src/util");
        assertThat(Project.argvs(util).getLast().get(2)).contains("mv -- build/src/util/str.o \"$1\"/build/src/util/");

        Job a = job(plan, "compile src/a.c");
        assertThat(a.inputs()).containsExactly("include/common.h", "src/a.c", "src/a.h");
        assertThat(userCommands(a).getFirst().argv()).containsExactly("sh", "-ec", "cc -Iinclude -c src/a.c -o build/src/a.o");
    }

    @Test
    void fileAtTheRootHasDotForItsDirectoryAndAStemWithoutExtensionIsItsBase() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: show
                    foreach: "{Makefile,src/a.c}"
                    run: [[echo, "{dir}", "{base}", "{stem}"]]
                """);

        assertThat(userCommands(job(plan, "show Makefile")).getFirst().argv()).containsExactly("echo", ".", "Makefile", "Makefile");
        assertThat(userCommands(job(plan, "show src/a.c")).getFirst().argv()).containsExactly("echo", "src", "a.c", "a");
    }

    @Test
    void shellVariablesWithBracesAreLeftAlone() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: copy
                    foreach: src/a.c
                    env:
                      TARGET: "${HOME}/{stem}"
                    run: file={file}; cp "${file}" "${TARGET}.c" && echo {base} ${stem:-none}
                """);

        Cmd.Exec command = userCommands(job(plan, "copy src/a.c")).getFirst();
        assertThat(command.argv()).containsExactly("sh", "-ec", "file=src/a.c; cp \"${file}\" \"${TARGET}.c\" && echo a.c ${stem:-none}");
        assertThat(command.environ()).contains("TARGET=${HOME}/a");
    }

    @Test
    void depsMayUsePlaceholdersToPairStampedJobs() throws Exception {
        project.file("proto/a.proto", "message A {}\n").file("proto/b.proto", "message B {}\n");

        BuildPlan plan = project.plan("""
                jobs:
                  - name: gen {stem}
                    foreach: proto/*.proto
                    run: protoc {file} --c_out=gen
                    outputs: gen/{stem}.c
                  - name: compile {stem}
                    foreach: proto/*.proto
                    deps: gen {stem}
                    run: cc -c gen/{stem}.c -o obj/{stem}.o
                    outputs: obj/{stem}.o
                """);

        assertThat(job(plan, "compile a").deps()).containsExactly(job(plan, "gen a").id());
        assertThat(job(plan, "compile b").deps()).containsExactly(job(plan, "gen b").id());
    }

    @Test
    void depOnAForeachRuleNameMeansEveryJobItStamped() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: compile
                    foreach: src/**/*.c
                    run: cc -c {file} -o {stem}.o
                    outputs: "{stem}.o"
                  - name: link
                    deps: compile
                    run: cc a.o str.o -o app
                """);

        assertThat(job(plan, "link").deps())
                .containsExactly(job(plan, "compile src/a.c").id(), job(plan, "compile src/util/str.c").id());
        assertThat(plan.names().get("compile")).containsExactlyElementsOf(job(plan, "link").deps());
    }

    @Test
    void foreachDoesNotStampJobsForFilesThatAreDeclaredOutputs() throws Exception {
        String yaml = """
                jobs:
                  - name: yacc
                    inputs: parser.y
                    run: yacc parser.y -o gen/parser.c
                    outputs: gen/parser.c
                  - name: compile
                    foreach: "**/*.c"
                    run: cc -c {file}
                """;
        project.file("parser.y", "%%\n");
        BuildPlan clean = project.plan(yaml);

        project.file("gen/parser.c", "left over from a local run of yacc\n");

        assertThat(project.plan(yaml).graph()).isEqualTo(clean.graph());
    }

    @Test
    void dirPlaceholderOfAFileAtTheRootGivesUsablePaths() throws Exception {
        project.file("main.c", "int main;\n").file("main.h", "main header\n");

        BuildPlan plan = project.plan("""
                jobs:
                  - name: compile
                    foreach: "**/*.c"
                    inputs: "{dir}/*.h"
                    run: cc -c {file} -o build/{dir}/{stem}.o
                    outputs: build/{dir}/{stem}.o
                """);

        Job main = job(plan, "compile main.c");
        assertThat(main.inputs()).containsExactly("main.c", "main.h");
        assertThat(Project.argvs(main).getLast().get(2)).contains("build/main.o");
    }

    @Test
    void fileNamesAreDataNotGlobsOrShellSyntax() throws Exception {
        project.file("pages/[id].js", "dynamic\n").file("pages/i.js", "i\n")
                .file("docs/my notes.txt", "notes\n").file("docs/x$(touch PWNED).txt", "evil\n");

        BuildPlan plan = project.plan("""
                jobs:
                  - name: page
                    foreach: pages/*.js
                    inputs: "{dir}/{stem}.js"
                    run: cp {file} {stem}.out
                    outputs: "{stem}.out"
                  - name: doc
                    foreach: docs/*.txt
                    run: cp {file} copy-of-{base}
                    outputs: copy-of-{base}
                """);

        Job dynamic = job(plan, "page pages/[id].js");
        assertThat(dynamic.inputs()).containsExactly("pages/[id].js");
        assertThat(Project.argvs(dynamic)).contains(List.of("sh", "-ec", "cp 'pages/[id].js' '[id]'.out"));
        Job notes = job(plan, "doc docs/my notes.txt");
        assertThat(Project.argvs(notes)).contains(List.of("sh", "-ec", "cp 'docs/my notes.txt' copy-of-'my notes.txt'"));
        Job evil = job(plan, "doc docs/x$(touch PWNED).txt");
        assertThat(Project.argvs(evil)).contains(List.of("sh", "-ec", "cp 'docs/x$(touch PWNED).txt' copy-of-'x$(touch PWNED).txt'"));
        assertThat(evil.inputs()).containsExactly("docs/x$(touch PWNED).txt");
    }
}

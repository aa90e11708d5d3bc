package distbuild.buildfile;

import static distbuild.buildfile.Project.argvs;
import static distbuild.buildfile.Project.dep;
import static distbuild.buildfile.Project.job;
import static distbuild.buildfile.Project.userCommands;
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

/** The wire commands of a job: its deps' outputs laid out at their paths, its commands, its outputs collected. */
class LoweringTest {
    private static final String CHECK = "; do [ -e \"$p\" ] || { echo \"distbuild: the job did not create its declared output '$p'\" >&2;"
            + " exit 1; }; done";

    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void tree() {
        project = new Project(dir)
                .file("lib/words.c", "int words;\n")
                .file("lib/counts.c", "int counts;\n")
                .file("app/main.c", "int main(void) { return 0; }\n")
                .file("VERSION", "1.0\n");
    }

    private static List<String> collect(String script) {
        return List.of("sh", "-c", script, "sh", "{{.OutputDir}}");
    }

    /** The commands that copy deps' declared outputs into the tree. */
    private static List<List<String>> copyCommands(List<List<String>> argvs) {
        return argvs.stream().filter(argv -> argv.size() > 1 && argv.get(0).equals("cp") && argv.get(1).equals("-R")).toList();
    }

    @Test
    void jobWithoutDepsOrOutputsRunsOnlyItsOwnCommands() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: hello
                    run: [echo hello, [echo, world]]
                """);

        assertThat(argvs(job(plan, "hello"))).containsExactly(List.of("sh", "-ec", "echo hello"), List.of("echo", "world"));
    }

    @Test
    void depsOutputsAreCopiedToTheirPathsOneCpPerDirectoryAfterMakingTheDirectories() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: compile
                    foreach: lib/*.c
                    run: cc -c {file} -o build/lib/{stem}.o
                    outputs: build/lib/{stem}.o
                  - name: version
                    inputs: VERSION
                    run: mkdir -p gen && cp VERSION gen/version.h && cp VERSION version.txt
                    outputs: [gen/version.h, version.txt]
                  - name: link
                    deps: [version, compile]
                    inputs: app/main.c
                    run: cc app/main.c build/lib/*.o -o bin/app
                    outputs: bin/app
                """);

        Job counts = job(plan, "compile lib/counts.c");
        Job words = job(plan, "compile lib/words.c");
        Job version = job(plan, "version");
        Job link = job(plan, "link");
        assertThat(link.deps()).containsExactly(version.id(), counts.id(), words.id());
        List<List<String>> argvs = argvs(link);
        List<String> mkdir = List.of("mkdir", "-p", "--", "bin", "build/lib", "gen");
        List<List<String>> copies = List.of(
                List.of("cp", "-R", "--", dep(version) + "/version.txt", "./"),
                List.of("cp", "-R", "--", dep(counts) + "/build/lib/counts.o", dep(words) + "/build/lib/words.o", "build/lib/"),
                List.of("cp", "-R", "--", dep(version) + "/gen/version.h", "gen/"));
        List<String> command = List.of("sh", "-ec", "cc app/main.c build/lib/*.o -o bin/app");
        List<String> collect = collect("for p in bin/app" + CHECK + "\nmkdir -p \"$1\"/bin\nexec mv -- bin/app \"$1\"/bin/");
        assertThat(argvs.getFirst()).isEqualTo(mkdir);
        assertThat(copyCommands(argvs)).isEqualTo(copies);
        assertThat(userCommands(link)).extracting(Cmd.Exec::argv).containsExactly(command);
        assertThat(argvs.getLast()).isEqualTo(collect);
        assertThat(argvs).containsSubsequence(mkdir, copies.get(0), copies.get(1), copies.get(2), command, collect);
    }

    @Test
    void depsOutputDirectoryIsCopiedWhole() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: site
                    run: mkdir -p public/css && touch public/index.html public/css/a.css
                    outputs: public/
                  - name: pack
                    deps: site
                    run: tar cf site.tar public
                    outputs: site.tar
                """);

        Job site = job(plan, "site");
        List<List<String>> argvs = argvs(job(plan, "pack"));
        assertThat(argvs).noneMatch(argv -> argv.getFirst().equals("mkdir"));
        assertThat(copyCommands(argvs)).containsExactly(List.of("cp", "-R", "--", dep(site) + "/public", "./"));
        assertThat(argvs).containsSubsequence(
                List.of("cp", "-R", "--", dep(site) + "/public", "./"),
                List.of("sh", "-ec", "tar cf site.tar public"),
                collect("for p in site.tar" + CHECK + "\nexec mv -- site.tar \"$1\"/"));
        assertThat(argvs.getLast()).isEqualTo(collect("for p in site.tar" + CHECK + "\nexec mv -- site.tar \"$1\"/"));
        assertThat(argvs(site).getLast()).isEqualTo(collect("for p in public" + CHECK + "\nexec mv -- public \"$1\"/"));
    }

    @Test
    void depsWithoutDeclaredOutputsGiveTheirWholeArtifactFirst() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: one
                    run: touch one.txt
                  - name: two
                    run: touch two.txt
                  - name: both
                    deps: [two, one]
                    run: cat one.txt two.txt
                """);

        List<List<String>> argvs = argvs(job(plan, "both"));
        assertThat(argvs.getFirst()).startsWith("sh", "-c").endsWith("sh", dep(job(plan, "two")), dep(job(plan, "one")));
        assertThat(argvs.getFirst().get(2)).contains("cp -R \"$d/.\" .");
        assertThat(argvs.getLast()).containsExactly("sh", "-ec", "cat one.txt two.txt");
    }

    @Test
    void collectChecksEveryOutputThenMovesThemOneMvPerDirectory() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: many
                    run: make
                    outputs: [report.txt, bin/app, build/x/y.o, bin/app.map, build/x/z.o, report.txt]
                """);

        assertThat(argvs(job(plan, "many"))).containsExactly(
                List.of("mkdir", "-p", "--", "bin", "build/x"),
                List.of("sh", "-ec", "make"),
                collect("for p in bin/app bin/app.map build/x/y.o build/x/z.o report.txt" + CHECK
                        + "\nmkdir -p \"$1\"/bin \"$1\"/build/x"
                        + "\nmv -- report.txt \"$1\"/ && mv -- bin/app bin/app.map \"$1\"/bin/"
                        + " && exec mv -- build/x/y.o build/x/z.o \"$1\"/build/x/"));
    }

    @Test
    void outputPathsThatAreNotPlainWordsAreQuotedInTheScript() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: odd
                    run: touch "my file.txt" ./-x "it's"
                    outputs: [my file.txt, -x, "it's"]
                """);

        String script = argvs(job(plan, "odd")).getLast().get(2);
        assertThat(script).startsWith("for p in '-x' 'it'\\''s' 'my file.txt';");
        assertThat(script).endsWith("exec mv -- '-x' 'it'\\''s' 'my file.txt' \"$1\"/");
    }

    @Test
    void loweredGraphsPassTheModelsOwnChecks() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: compile
                    foreach: lib/*.c
                    run: cc -c {file} -o build/{stem}.o
                    outputs: build/{stem}.o
                  - name: link
                    deps: compile
                    inputs: app/main.c
                    run: cc app/main.c build/*.o -o bin/app
                    outputs: bin/app
                  - name: whole
                    deps: link
                    run: ./bin/app
                """);

        assertThat(plan.graph().validate()).isSameAs(plan.graph());
    }

    @Test
    void exampleBuildFilesGiveValidGraphs() throws Exception {
        for (String example : List.of("examples/c", "examples/hello")) {
            BuildPlan plan = BuildFile.load(Path.of(example, BuildFile.DEFAULT_NAME));

            assertThat(plan.graph().problems()).as(example).isEmpty();
            assertThat(plan.defaultTargets()).as(example).isNotEmpty();
        }
    }

    @Test
    void loweredCommandsLayOutDepsRunAndCollectWhenRunByAShell() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: compile
                    inputs: lib/words.c
                    run: mkdir -p build/lib && cp lib/words.c build/lib/words.o
                    outputs: build/lib/words.o
                  - name: link
                    deps: compile
                    env: {GREETING: hello}
                    run: cat build/lib/words.o > bin/app && echo "$GREETING" > bin/app.log
                    outputs: [bin/app, bin/app.log]
                """);
        Job compile = job(plan, "compile");
        Path artifact = Files.createDirectories(dir.resolve("artifacts/compile/build/lib"));
        Files.writeString(artifact.resolve("words.o"), "object code\n");
        Path source = Files.createDirectories(dir.resolve("work/link"));
        Path output = Files.createDirectories(dir.resolve("out/link"));

        TemplateContext context = new TemplateContext(source, output, Map.of(compile.id(), dir.resolve("artifacts/compile")));
        for (Cmd cmd : job(plan, "link").cmds()) {
            Project.run((Cmd.Exec) cmd.render(context), source);
        }

        assertThat(output.resolve("bin/app")).hasContent("object code");
        assertThat(output.resolve("bin/app.log")).hasContent("hello");
        assertThat(source.resolve("bin/app")).doesNotExist();
    }

    @Test
    void outputInsideAnotherOutputOfTheSameJobIsReportedOrCollected() throws Exception {
        String yaml = """
                jobs:
                  - name: site
                    run: mkdir -p dist && echo hi > dist/index.html && echo x > dist/other.txt
                    outputs: [dist/, dist/index.html]
                """;
        BuildPlan plan;
        try {
            plan = BuildFile.plan(Project.FILE, yaml, dir);
        } catch (BuildFileException refused) {
            assertThat(refused.problems()).extracting(Problem::line).containsExactly(4);
            return;
        }
        Path source = Files.createDirectories(dir.resolve("work"));
        Path output = Files.createDirectories(dir.resolve("out"));
        TemplateContext context = new TemplateContext(source, output, Map.<Id, Path>of());

        for (Cmd cmd : job(plan, "site").cmds()) {
            Project.run((Cmd.Exec) cmd.render(context), source);
        }

        assertThat(output.resolve("dist/index.html")).hasContent("hi");
        assertThat(output.resolve("dist/other.txt")).hasContent("x");
    }

    @Test
    void collectFailsNamingAMissingOutput() throws Exception {
        BuildPlan plan = project.plan("""
                jobs:
                  - name: forgetful
                    run: touch made.txt
                    outputs: [made.txt, forgotten/file.txt]
                """);
        Path source = Files.createDirectories(dir.resolve("work"));
        Path output = Files.createDirectories(dir.resolve("out"));
        List<Cmd> cmds = job(plan, "forgetful").cmds();
        TemplateContext context = new TemplateContext(source, output, Map.<Id, Path>of());
        for (Cmd cmd : cmds.subList(0, cmds.size() - 1)) {
            Project.run((Cmd.Exec) cmd.render(context), source);
        }

        Process collect = Project.start((Cmd.Exec) cmds.getLast().render(context), source);

        assertThat(collect.waitFor()).isEqualTo(1);
        assertThat(new String(collect.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("distbuild: the job did not create its declared output 'forgotten/file.txt'");
    }
}

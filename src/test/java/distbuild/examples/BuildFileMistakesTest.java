package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Graph;
import distbuild.protocol.WireFormat;
import distbuild.testing.Trees;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees on the command line when the build file or the options are wrong: every problem, and exit code 2. */
class BuildFileMistakesTest {
    @TempDir
    Path temp;

    @Test
    void noBuildFileSaysWhatToDo() throws Exception {
        CommandLineRun run = CommandLineRun.of(temp, "graph");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("distbuild.yaml", "there is no build file here", "-f FILE", "--graph");
    }

    @Test
    void everyMistakeIsListedWithItsLine() throws Exception {
        Files.writeString(temp.resolve("distbuild.yaml"), """
                jobs:
                  - name: compile
                    foreach: src/*.c
                    run: cc -c {file} -o {stem}.o
                    ouputs: "{stem}.o"
                  - name: link
                    deps: [compil]
                    run: cc *.o -o app
                """);

        CommandLineRun run = CommandLineRun.of(temp, "local", "--data", temp.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains(
                "3 problems in the build file:",
                "distbuild.yaml:3: pattern 'src/*.c' matches no file",
                "distbuild.yaml:5: unknown key 'ouputs' in a job",
                "hint: did you mean 'outputs'?",
                "distbuild.yaml:7: job 'link' depends on 'compil', which is not a job in this file",
                "hint: did you mean 'compile'?");
    }

    @Test
    void anUnknownTargetIsNamedWithTheClosestJob() throws Exception {
        Path source = Trees.copy(Path.of("examples/hello"), temp.resolve("hello"));

        CommandLineRun run = CommandLineRun.of(source, "local", "--data", temp.resolve("data").toString(), "-t", "leter");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("no job is named 'leter' (did you mean 'letter'?)");
    }

    @Test
    void theGraphCommandPrintsAWireGraphThatAnyCoordinatorAccepts() throws Exception {
        Path source = Trees.copy(Path.of("examples/c"), temp.resolve("c"));

        CommandLineRun run = CommandLineRun.of(source, "graph", "--target", "archive").succeeded();

        Graph graph = WireFormat.decodeGraph(new ByteArrayInputStream(
                String.join("\n", run.stdout()).getBytes(StandardCharsets.UTF_8))).validate();
        assertThat(graph.jobs()).extracting(job -> job.name())
                .containsExactlyInAnyOrder("compile lib/counts.c", "compile lib/words.c", "archive");
    }

    @Test
    void aBuildFileAndAWireGraphCannotBeGivenTogether() throws Exception {
        CommandLineRun run = CommandLineRun.of(temp, "graph", "-f", "a.yaml", "--graph", "b.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("give either a build file (-f) or a wire graph (--graph), not both");
    }
}

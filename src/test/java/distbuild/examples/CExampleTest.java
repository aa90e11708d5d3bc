package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/c} built through the command line, from a copy of the example: a static
 * library, a program, a test binary that runs in the build, and a header at two paths.
 */
class CExampleTest {
    @TempDir
    Path temp;

    @Test
    void buildsThenReplaysEverythingThenRebuildsExactlyWhatAnEditTouches() throws Exception {
        Path source = Trees.copy(Path.of("examples/c"), temp.resolve("c"));
        String data = temp.resolve("data").toString();

        CommandLineRun cold = CommandLineRun.of(source, "local", "--data", data, "--progress", "plain").succeeded();
        assertThat(cold.summary()).contains("7 jobs — 7 ran, 0 cached");
        assertThat(cold.stdout()).anyMatch(line -> line.matches("\\[\\d/7\\] done   test .*"));

        CommandLineRun cached = CommandLineRun.of(source, "local", "--data", data, "--progress", "plain").succeeded();
        assertThat(cached.summary()).contains("7 jobs — 0 ran, 7 cached");
        assertThat(cached.ran()).isEmpty();

        Files.writeString(source.resolve("lib/words.c"), "/* an edit */\n", StandardOpenOption.APPEND);
        CommandLineRun edited = CommandLineRun.of(source, "local", "--data", data, "--progress", "plain").succeeded();
        // A comment leaves the object as it was: what the compile leads to is cut off early, not run.
        assertThat(edited.ran()).containsExactly("compile lib/words.c");
        assertThat(edited.cutOff()).containsExactlyInAnyOrder("archive", "link", "link tests", "test");
        assertThat(edited.summary()).contains("7 jobs — 1 ran, 2 cached, 4 cut off");
    }

    @Test
    void outputsLandOnTheClientAndTheProgramRuns() throws Exception {
        Path source = Trees.copy(Path.of("examples/c"), temp.resolve("c"));
        Path out = temp.resolve("out");

        CommandLineRun.of(source, "local", "--data", temp.resolve("data").toString(), "--progress", "plain",
                "--output", out.toString()).succeeded();

        Path program = out.resolve("bin/wordstats");
        assertThat(program).isExecutable();
        assertThat(run(program, "the cat and the dog and the bird\n", "2"))
                .isEqualTo("8 words, 5 distinct\n      3  the\n      2  and\n");
        assertThat(out.resolve("bin/test_words")).as("not a default target: 'test' depends on it").doesNotExist();

        // A cached build delivers its outputs too, and --target picks which.
        Path testsOnly = temp.resolve("tests-only");
        CommandLineRun cached = CommandLineRun.of(source, "local", "--data", temp.resolve("data").toString(),
                "--progress", "plain", "--output", testsOnly.toString(), "--target", "link tests").succeeded();
        assertThat(cached.summary()).contains("4 jobs — 0 ran, 4 cached");
        assertThat(Trees.files(testsOnly)).containsExactly("bin/test_words");
        assertThat(run(testsOnly.resolve("bin/test_words"), "")).contains("passed");
    }

    @Test
    void aFailingTestFailsTheBuildAndShowsItsOutput() throws Exception {
        Path source = Trees.copy(Path.of("examples/c"), temp.resolve("c"));
        Path test = source.resolve("tests/test_words.c");
        Files.writeString(test, Files.readString(test).replace("counts_get(&counts, \"b\") == 3", "counts_get(&counts, \"b\") == 4"));

        CommandLineRun failed = CommandLineRun.of(source, "local", "--data", temp.resolve("data").toString(),
                "--progress", "plain");

        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.stdout()).anyMatch(line -> line.matches("\\[\\d/7\\] FAILED test: exit code 1"))
                .anyMatch(line -> line.startsWith("[test] FAIL tests/test_words.c:"))
                .contains("[test] FAILED: 1 failure(s)");
        assertThat(failed.summary()).startsWith("build FAILED after").contains("'test'", "exit code 1");
    }

    private static String run(Path program, String input, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}

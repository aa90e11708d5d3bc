package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import distbuild.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code examples/java} built through the command line: packages compiled with javac into a jar, tests run in the build. */
class JavaExampleTest {
    @TempDir
    Path temp;

    @Test
    void buildsTheJarRunsItsTestsAndReplaysEverythingAfterwards() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/javac")), "the example's jobs run /usr/bin/javac");
        Path source = Trees.copy(Path.of("examples/java"), temp.resolve("java"));
        String data = temp.resolve("data").toString();
        Path out = temp.resolve("out");

        CommandLineRun cold = CommandLineRun.of(source, "local", "--data", data, "--progress", "plain",
                "--output", out.toString(), "--show-output").succeeded();
        assertThat(cold.summary()).contains("7 jobs — 7 ran, 0 cached");
        assertThat(cold.stdout()).contains("[test src/test/java/org/example/text/WordsTest.java] passed: 13 checks");

        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", out.resolve("build/app.jar").toString(), "--top", "2").redirectErrorStream(true).start();
        try (var stdin = app.getOutputStream()) {
            stdin.write("to be or not to be\n".getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(app.exitValue()).as(report).isZero();
        assertThat(report).contains("be", "to");

        CommandLineRun cached = CommandLineRun.of(source, "local", "--data", data, "--progress", "plain").succeeded();
        assertThat(cached.summary()).contains("7 jobs — 0 ran, 7 cached");

        Files.writeString(source.resolve("src/main/java/org/example/app/Main.java"), "// an edit\n", StandardOpenOption.APPEND);
        CommandLineRun edited = CommandLineRun.of(source, "local", "--data", data, "--progress", "plain").succeeded();
        // A comment at the end leaves the classes as they were: the jar is cut off early, not made again.
        assertThat(edited.ran()).containsExactly("compile app");
        assertThat(edited.cutOff()).containsExactly("jar");
    }
}

package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import distbuild.cli.Main;
import distbuild.testing.Trees;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code distbuild local} shows a build: on a terminal, in a pipe, and as a trace file. */
class ProgressOnTheCommandLineTest {
    private static final String ESCAPE = "\033[";

    @TempDir
    Path temp;

    @Test
    void aPipeGetsALinePerEventAndNoEscapeCodes() throws Exception {
        Path source = Trees.copy(Path.of("examples/hello"), temp.resolve("hello"));

        CommandLineRun run = CommandLineRun.of(source, "local", "--data", temp.resolve("data").toString()).succeeded();

        assertThat(run.output()).doesNotContain(ESCAPE);
        assertThat(run.stdout()).anyMatch(line -> line.matches("\\[\\d/3\\] start  greeting on worker/\\d"))
                .anyMatch(line -> line.matches("\\[\\d/3\\] done   letter \\d+\\.\\d\\ds \\(worker/\\d\\)"))
                .doesNotContain("[letter] Hello from distbuild!");
        assertThat(run.summary()).contains("3 jobs — 3 ran, 0 cached");
    }

    @Test
    void forcedTerminalModeRedrawsAStatusAreaAndShowsOutputWhenAsked() throws Exception {
        Path source = Trees.copy(Path.of("examples/hello"), temp.resolve("hello"));

        CommandLineRun run = CommandLineRun.of(source, "local", "--data", temp.resolve("data").toString(),
                "--progress", "tty", "--show-output").succeeded();

        assertThat(run.output()).contains(ESCAPE + "J").containsPattern("\\[\\d/3\\] \\d running · \\d cached · \\d+\\.\\d\\ds");
        assertThat(run.stdout()).anyMatch(line -> line.endsWith("[letter] 1. Ada"));
        assertThat(run.stdout().getLast()).doesNotContain(ESCAPE);
    }

    @Test
    void aRealTerminalGetsTheStatusAreaWithoutBeingAsked() throws Exception {
        assumeTrue(new File("/usr/bin/script").canExecute(), "needs script(1) from util-linux to make a pseudo-terminal");
        Path source = Trees.copy(Path.of("examples/hello"), temp.resolve("hello"));
        List<String> java = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "local",
                "--data", temp.resolve("data").toString()));
        String command = String.join(" ", java.stream().map(word -> "'" + word + "'").toList());

        Process process = new ProcessBuilder("script", "-qefc", command, "/dev/null").directory(source.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains(ESCAPE + "J").contains("build succeeded in").doesNotContain("] start  ");
    }

    @Test
    void theTraceHasOneRunSpanPerJobThatRan() throws Exception {
        Path source = Trees.copy(Path.of("examples/hello"), temp.resolve("hello"));
        Path trace = temp.resolve("trace.json");

        CommandLineRun run = CommandLineRun.of(source, "local", "--data", temp.resolve("data").toString(),
                "--trace", trace.toString()).succeeded();

        assertThat(run.stdout()).contains("trace written to " + trace + " (open it in https://ui.perfetto.dev)");
        JsonNode events = new ObjectMapper().readTree(Files.readString(trace)).get("traceEvents");
        List<String> runs = StreamSupport.stream(events.spliterator(), false)
                .filter(event -> event.get("ph").asText().equals("X") && event.get("cat").asText().equals("run"))
                .map(event -> event.get("name").asText()).toList();
        assertThat(runs).containsExactlyInAnyOrder("run greeting", "run number names", "run letter");
    }
}

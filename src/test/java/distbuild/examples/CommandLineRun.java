package distbuild.examples;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cli.Main;
import distbuild.testing.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One {@code distbuild …} command run in its own JVM, as a user runs it, with what it printed. */
record CommandLineRun(int exitCode, List<String> stdout, String output) {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    static CommandLineRun of(Path workDir, String... args) throws Exception {
        try (JavaProcess process = JavaProcess.start("distbuild " + args[0], List.of("-Xmx256m"), Main.class,
                List.of(args), workDir)) {
            int exitCode = process.awaitExit(TIMEOUT);
            return new CommandLineRun(exitCode, process.stdout(), process.output());
        }
    }

    CommandLineRun succeeded() {
        assertThat(exitCode).as("exit code; the command printed:\n" + output).isZero();
        return this;
    }

    /** The summary's first line, such as "build succeeded in 1.2s: 7 jobs — 7 ran, 0 cached, 0 shared …". */
    String summary() {
        return stdout.stream().filter(line -> line.startsWith("build ")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary in:\n" + output));
    }

    /** The jobs the summary says ran (not replayed from a cache). */
    Set<String> ran() {
        return named("  ran: ");
    }

    /** The jobs the summary says were cut off early (their deps came out as before). */
    Set<String> cutOff() {
        return named("  cut off, their deps having come out as before: ");
    }

    private Set<String> named(String prefix) {
        return stdout.stream().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> new LinkedHashSet<>(Arrays.asList(line.substring(prefix.length()).split(", "))))
                .map(names -> (Set<String>) names)
                .orElse(Set.of());
    }
}

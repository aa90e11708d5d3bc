package distbuild.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a command to its end, timing it with {@link System#nanoTime()} from start to exit. */
final class Proc {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    private static final Pattern BUILD_SUCCEEDED = Pattern.compile("^build succeeded in (?:(\\d+)m)?([0-9.]+)s", Pattern.MULTILINE);

    private Proc() {}

    /**
     * What a finished command did.
     *
     * @param output everything it printed, stdout and stderr together
     */
    record Run(List<String> command, int exit, long nanos, String output) {
        double seconds() {
            return Stats.seconds(nanos);
        }

        /** This run, if it exited 0; otherwise an exception with the end of its output. */
        Run check() {
            if (exit != 0) {
                throw new IllegalStateException("`" + String.join(" ", command) + "` exited " + exit + ":\n" + tail(output));
            }
            return this;
        }

        /** The build's own time, from distbuild's summary line "build succeeded in X s". */
        OptionalDouble buildSeconds() {
            Matcher matcher = BUILD_SUCCEEDED.matcher(output);
            if (!matcher.find()) {
                return OptionalDouble.empty();
            }
            double minutes = matcher.group(1) == null ? 0 : Double.parseDouble(matcher.group(1));
            return OptionalDouble.of(minutes * 60 + Double.parseDouble(matcher.group(2)));
        }

        double requireBuildSeconds() {
            return buildSeconds().orElseThrow(
                    () -> new IllegalStateException("no 'build succeeded in' line in the output of `"
                            + String.join(" ", command) + "`:\n" + tail(output)));
        }
    }

    /** Runs {@code command} in {@code dir} with {@code env} added to this process's environment; output goes to {@code log}. */
    static Run run(List<String> command, Path dir, Map<String, String> env, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long nanos = System.nanoTime() - start;
        if (!exited) {
            Server.killTree(process.toHandle());
            throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish within " + timeout
                    + ":\n" + tail(Files.readString(log, StandardCharsets.UTF_8)));
        }
        return new Run(command, process.exitValue(), nanos, Files.readString(log, StandardCharsets.UTF_8));
    }

    static Run run(List<String> command, Path dir, Path log) throws IOException, InterruptedException {
        return run(command, dir, Map.of(), log, DEFAULT_TIMEOUT);
    }

    /** The last lines of a process's output, for error messages. */
    static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}

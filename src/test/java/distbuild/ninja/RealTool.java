package distbuild.ninja;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real ninja, cmake and meson, run by tests that hold distbuild to them; missing ones skip the test. */
final class RealTool {
    private RealTool() {}

    /** Skips the calling test, saying why, unless every one of {@code tools} runs. */
    static void assumeInstalled(String... tools) {
        for (String tool : tools) {
            boolean runs;
            try {
                Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                runs = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                runs = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            assumeTrue(runs, tool + " is not installed (or does not run): this test compares distbuild with the real "
                    + tool + "; install it to run the test");
        }
    }

    /** Runs {@code command} in {@code dir}, returning its standard output; fails the test on a non-zero exit. */
    static String run(Path dir, String... command) {
        return run(dir, List.of(command), false);
    }

    static String run(Path dir, List<String> command) {
        return run(dir, command, false);
    }

    /** As {@link #run}, returning its standard output and error together (ninja's {@code -d explain} goes to stderr). */
    static String runWithErrors(Path dir, String... command) {
        return run(dir, List.of(command), true);
    }

    private static String run(Path dir, List<String> command, boolean withErrors) {
        try {
            Path errors = Files.createTempFile("real-tool", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
                Process process = (withErrors ? builder.redirectErrorStream(true) : builder.redirectError(errors.toFile()))
                        .start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " in " + dir + " failed with exit code "
                            + process.exitValue() + ":\n" + output + Files.readString(errors));
                }
                return output;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

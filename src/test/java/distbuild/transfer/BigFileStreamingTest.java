package distbuild.transfer;

import distbuild.testing.Trees;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.files.FileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfers stream (SPEC §8): a file far bigger than the heap goes up to the server and back
 * down. Runs in its own JVM so that the heap limit is real and nothing else in the test run can
 * use up the memory.
 */
class BigFileStreamingTest {
    private static final long ONE_GIGABYTE = 1L << 30;
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    @Test
    void oneGigabyteFileUploadsAndDownloadsWithA64MegabyteHeap() throws Exception {
        Path work = temp.resolve("work");
        Path output = temp.resolve("round-trip.log");
        long started = System.nanoTime();
        Process child = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-Xmx64m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp", System.getProperty("java.class.path"),
                        BigFileRoundTrip.class.getName(), work.toString(), Long.toString(ONE_GIGABYTE))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            boolean exited = child.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            String said = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(exited).as("the round trip finished within %s; it said:%n%s", DEADLINE, said).isTrue();
            assertThat(child.exitValue()).as("exit code of the round trip (3: out of memory); it said:%n%s", said).isZero();
            System.out.printf("1 GiB round trip with -Xmx64m took %.1f s:%n%s",
                    (System.nanoTime() - started) / 1e9, said.indent(2));
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            FileTrees.deleteRecursively(work);
        }
        assertThat(work).as("the gigabyte of test data is gone").doesNotExist();
    }
}

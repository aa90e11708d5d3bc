package distbuild.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file really keeps out a second process, not only a second cache in this JVM. */
class CacheInAnotherProcessTest {
    @TempDir
    Path root;

    @Test
    void aCacheOpenInAnotherProcessCannotBeOpenedHereUntilThatProcessLetsGo() throws Exception {
        Process holder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp", System.getProperty("java.class.path"),
                        HoldCacheOpen.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).as("what the other process said after opening the cache").isEqualTo("open");

            assertThatThrownBy(() -> FileCache.open(root))
                    .isInstanceOf(CacheInUseException.class)
                    .hasMessageContaining("is already in use by another process");

            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).as("the other process exited").isTrue();
            assertThat(holder.exitValue()).isZero();
            try (FileCache cache = FileCache.open(root)) {
                assertThat(cache.list()).isEmpty();
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}

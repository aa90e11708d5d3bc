package distbuild.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units shipped in {@code packaging/systemd}, checked by systemd itself
 * ({@code systemd-analyze verify}): every directive known and well-formed, the command there. The
 * units name the release archive's launcher at {@code /opt/distbuild}; here this checkout's
 * launcher stands in for it, and the worker's environment file for the variables it sets.
 */
class SystemdUnitsTest {
    private static final Path UNITS = Path.of("packaging/systemd");

    @TempDir
    Path temp;

    @Test
    void theCoordinatorsAndTheWorkersUnitsAreWhatSystemdTakes() throws Exception {
        assumeThat(onPath("systemd-analyze")).as("systemd-analyze is not installed (apt-get install systemd; CI does)").isTrue();
        List<Path> units;
        try (Stream<Path> listed = Files.list(UNITS)) {
            units = listed.filter(path -> path.toString().endsWith(".service")).sorted().toList();
        }
        assertThat(units).extracting(path -> path.getFileName().toString())
                .containsExactly("distbuild-coordinator.service", "distbuild-worker.service");
        String launcher = Path.of("distbuild").toAbsolutePath().toString();
        for (Path unit : units) {
            String text = Files.readString(unit);
            assertThat(text).contains("ExecStart=/opt/distbuild/bin/distbuild ");
            Path copy = temp.resolve(unit.getFileName());
            Files.writeString(copy, text.replace("/opt/distbuild/bin/distbuild", launcher)
                    .replaceAll("(?m)^EnvironmentFile=.*$",
                            "Environment=DISTBUILD_COORDINATOR=https://c:7000/coordinator DISTBUILD_ADVERTISE=https://w:7001"));
            Process verify = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true).start();
            String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // A directive systemd cannot parse is only a warning to it; here it is a failure.
            assertThat(said).as(unit + " as systemd reads it").isEmpty();
            assertThat(verify.exitValue()).isZero();
        }
        assertThat(Files.readString(UNITS.resolve("distbuild-worker.service")))
                .as("only the worker gets the SIGTERM; it stops its jobs itself").contains("KillMode=mixed");
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}

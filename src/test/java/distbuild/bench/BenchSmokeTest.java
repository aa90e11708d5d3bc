package distbuild.bench;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark suite at tiny sizes, one round, so that it cannot rot: every scenario must run
 * and produce a figure. Timings are not checked here (they depend on the machine); the full suite
 * ({@code bench/run.sh}) checks the targets.
 *
 * <p>The jar is not built yet when tests run, so distbuild runs from this test classpath
 * ({@code java -cp … distbuild.cli.Main}) rather than through {@code ./distbuild}.
 */
class BenchSmokeTest {
    @TempDir
    Path temp;

    @Test
    void everyScenarioRunsAndProducesAFigure() throws Exception {
        Path results = temp.resolve("RESULTS.md");
        // C1 only, as ./distbuild runs short-lived commands: the JVMs of this run start faster.
        List<String> distbuild = List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        BenchMain.Options options = new BenchMain.Options(true, 1, distbuild, Path.of("").toAbsolutePath(), results,
                Set.of(), temp.resolve("work"), false);

        List<Result> outcome = BenchMain.run(options);

        assertThat(outcome).allSatisfy(result -> assertThat(result.hasFigure())
                .as("scenario %s (%s) produced a figure; failure: %s", result.id(), result.scenario(), result.failure())
                .isTrue());
        Set<String> scenarios = outcome.stream().map(result -> result.id().replaceAll("[a-e]$", "")).collect(Collectors.toSet());
        assertThat(scenarios).containsExactlyInAnyOrderElementsOf(
                BenchMain.scenarios().stream().map(Scenario::id).toList());
        String markdown = Files.readString(results);
        for (Result result : outcome) {
            assertThat(markdown).contains("| " + result.id() + " | ");
        }
    }
}

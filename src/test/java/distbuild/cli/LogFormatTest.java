package distbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import distbuild.buildfile.BuildFile;
import distbuild.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --log-format json}: every log line a JSON object, the lines about a build or a job naming it. */
class LogFormatTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void jsonLogsAreOneObjectPerLineAndNameTheBuildAndTheJob() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("input.txt"), "in\n");
        Files.writeString(project.resolve(BuildFile.DEFAULT_NAME), """
                jobs:
                  - name: copy
                    inputs: input.txt
                    run: cp input.txt out.txt
                    outputs: out.txt
                """);

        JavaProcess local = JavaProcess.start("local", List.of("-Xmx256m"), Main.class,
                List.of("local", "--data", temp.resolve("data").toString(), "--log-format", "json", "-vv"), project);

        assertThat(local.awaitExit(TIMEOUT)).as(local.output()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : local.stderr()) {
            lines.add(json.readTree(line)); // throws on a line that is not JSON
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(line.path("formattedMessage").isTextual()).isTrue();
        });
        assertThat(lines).anySatisfy(line -> assertThat(line.path("mdc").path("build").asText()).matches("[0-9a-f]{40}"));
        assertThat(lines).anySatisfy(line -> assertThat(line.path("mdc").path("job").asText()).matches("[0-9a-f]{40}"));
        // Written on the thread that starts the job, not the job's own: it still names both.
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("formattedMessage").asText()).matches("job 'copy' \\([0-9a-f]{8}\\) queued");
            assertThat(line.path("mdc").path("job").asText()).matches("[0-9a-f]{40}");
            assertThat(line.path("mdc").path("build").asText()).matches("[0-9a-f]{40}");
        });
        assertThat(local.stdout()).anyMatch(line -> line.startsWith("build succeeded"));
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheChoices() throws Exception {
        JavaProcess local = JavaProcess.start("local", List.of("-Xmx128m"), Main.class,
                List.of("local", "--log-format", "xml"), temp);
        assertThat(local.awaitExit(TIMEOUT)).isEqualTo(2);
        assertThat(local.output()).contains("--log-format", "text", "json");
    }
}

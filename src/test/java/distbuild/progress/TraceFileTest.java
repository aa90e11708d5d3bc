package distbuild.progress;

import static distbuild.progress.BuildEvents.W0;
import static distbuild.progress.BuildEvents.W1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import distbuild.client.BuildOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {
    @TempDir
    Path temp;

    @Test
    void everyJobThatRanHasOneRunSpanInALaneOfItsWorkerAndCacheHitsAreMarked() throws Exception {
        BuildEvents build = new BuildEvents("compile a", "compile b", "compile c", "link:compile a,compile b,compile c");
        PlainProgress display = new PlainProgress(build.timeline, new PrintStream(new ByteArrayOutputStream()), false,
                BuildEvents.NAMES);
        build.at(0.1).start(display, "compile a", W0);
        build.at(0.1).start(display, "compile b", W0); // two slots of one worker at once
        build.at(0.1).start(display, "compile c", W1);
        build.at(0.2).cached(display, "compile c", W1);
        build.at(1.0).ran(display, "compile a", W0, 0.8, "");
        build.at(1.1).ran(display, "compile b", W0, 0.9, "");
        build.at(1.5).start(display, "link", W1);
        build.at(1.9).ran(display, "link", W1, 0.3, "");
        display.finish(BuildOutcome.success(null));

        Path file = temp.resolve("trace/build.json");
        TraceFile.write(build.timeline, BuildEvents.NAMES, file);
        JsonNode trace = new ObjectMapper().readTree(file.toFile());

        // What the writing process had spent: a figure the benchmarks read (this JVM has surely spent some).
        assertThat(trace.path("otherData").path("processCpuMillis").asLong()).isPositive();

        List<JsonNode> events = new ArrayList<>();
        trace.get("traceEvents").forEach(events::add);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("ph").asText()).isIn("X", "i", "M");
            assertThat(event.get("pid").isInt()).isTrue();
            if (!event.get("ph").asText().equals("M")) {
                assertThat(event.get("ts").isNumber()).isTrue();
                assertThat(event.get("tid").isInt()).isTrue();
            }
        });
        List<JsonNode> runs = events.stream().filter(is("X", "run")).toList();
        assertThat(runs).extracting(run -> run.get("name").asText())
                .containsExactlyInAnyOrder("run compile a", "run compile b", "run link");
        JsonNode runA = only(events, "run compile a");
        JsonNode runB = only(events, "run compile b");
        assertThat(runA.get("pid")).isEqualTo(runB.get("pid"));
        assertThat(runA.get("tid")).as("overlapping jobs of one worker get lanes of their own").isNotEqualTo(runB.get("tid"));
        assertThat(runA.get("dur").asDouble()).isEqualTo(800_000.0);
        assertThat(only(events, "fetch compile a").get("ts").asDouble()).isEqualTo(100_000.0);
        assertThat(events.stream().filter(is("i", "cache-hit")).map(e -> e.get("name").asText())).containsExactly("cached compile c");
        assertThat(only(events, "wait link").get("dur").asDouble()).as("ready at 1.1s, started at 1.5s").isEqualTo(400_000.0);
        assertThat(events.stream().filter(e -> e.get("name").asText().equals("process_name"))
                .map(e -> e.get("args").get("name").asText()))
                .contains("worker worker/0", "worker worker/1");
        assertThat(new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.UTF_8)).contains("\"displayTimeUnit\"");
    }

    private static Predicate<JsonNode> is(String phase, String category) {
        return event -> event.get("ph").asText().equals(phase) && event.path("cat").asText().equals(category);
    }

    private static JsonNode only(List<JsonNode> events, String name) {
        List<JsonNode> named = events.stream().filter(e -> e.get("name").asText().equals(name)).toList();
        assertThat(named).as(name).hasSize(1);
        return named.getFirst();
    }
}

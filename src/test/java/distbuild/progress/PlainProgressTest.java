package distbuild.progress;

import static distbuild.progress.BuildEvents.W0;
import static distbuild.progress.BuildEvents.W1;
import static org.assertj.core.api.Assertions.assertThat;

import distbuild.client.BuildOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlainProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void printsALinePerEventThenTheSummary() {
        BuildEvents build = new BuildEvents("compile a", "compile b", "link:compile a,compile b");
        PlainProgress display = new PlainProgress(build.timeline, out, false, BuildEvents.NAMES);

        build.at(0.1).start(display, "compile a", W0);
        build.at(0.1).start(display, "compile b", W1);
        build.at(0.2).cached(display, "compile b", W1);
        build.at(1.2).ran(display, "compile a", W0, 1.0, "warning: unused\n");
        build.at(1.3).start(display, "link", W1);
        build.at(1.8).ran(display, "link", W1, 0.4, "");
        display.finish(BuildOutcome.success(null));

        assertThat(lines()).containsExactly(
                "[0/3] start  compile a on worker/0",
                "[0/3] start  compile b on worker/1",
                "[1/3] cached compile b",
                "[2/3] done   compile a 1.02s (worker/0)",
                "[2/3] start  link on worker/1",
                "[3/3] done   link 0.42s (worker/1)",
                "build succeeded in 1.80s: 3 jobs — 2 ran, 1 cached, 0 shared with another build",
                "  ran: compile a, link",
                "  slowest: compile a 1.02s (worker/0) · link 0.42s (worker/1)",
                "  critical path 1.43s: compile a 1.02s → link 0.42s");
    }

    @Test
    void successfulOutputOnlyWhenAskedAndAFailureAlwaysWithItsOutput() {
        BuildEvents build = new BuildEvents("greet", "break");
        PlainProgress quiet = new PlainProgress(build.timeline, out, false, BuildEvents.NAMES);
        build.at(0.1).start(quiet, "greet", W0);
        build.at(0.2).ran(quiet, "greet", W0, 0.1, "hello\n");
        build.at(0.3).start(quiet, "break", W0);
        build.at(0.6).failed(quiet, "break", W0, "cc: error: no input files\n");
        quiet.finish(BuildOutcome.failed(null, "job 'break' (3f2a9c01) failed: exit code 2"));

        assertThat(lines()).doesNotContain("[greet] hello").contains(
                "[2/2] FAILED break: exit code 2",
                "[break] cc: error: no input files",
                "build FAILED after 0.60s: job 'break' (3f2a9c01) failed: exit code 2",
                "  2 jobs — 2 ran, 0 cached, 0 shared, 0 not finished");

        bytes.reset();
        BuildEvents again = new BuildEvents("greet");
        PlainProgress chatty = new PlainProgress(again.timeline, out, true, BuildEvents.NAMES);
        again.at(0.2).ran(chatty, "greet", W0, 0.1, "hello\nworld\n");
        assertThat(lines()).contains("[greet] hello", "[greet] world");
    }

    @Test
    void aJobSharedWithAnotherBuildSaysSo() {
        BuildEvents build = new BuildEvents("common");
        PlainProgress display = new PlainProgress(build.timeline, out, false, BuildEvents.NAMES);
        var job = build.jobs.get("common");
        var result = new distbuild.model.JobResult(job.id(), null, null, 0, null,
                distbuild.model.Provenance.ran(W0, distbuild.model.Provenance.Timing.NONE).sharedWithAnotherBuild());

        build.at(0.5).finish(display, "common", result);
        display.finish(BuildOutcome.success(null));

        assertThat(lines()).contains("[1/1] shared common (worker/0), ran for another build too")
                .anyMatch(line -> line.endsWith("0 ran, 0 cached, 1 shared with another build"));
    }

    @Test
    void aLongCriticalPathShowsItsEnds() {
        String[] specs = new String[10];
        specs[0] = "step 0";
        for (int i = 1; i < specs.length; i++) {
            specs[i] = "step " + i + ":step " + (i - 1);
        }
        BuildEvents build = new BuildEvents(specs);
        PlainProgress display = new PlainProgress(build.timeline, out, false, BuildEvents.NAMES);
        for (int i = 0; i < specs.length; i++) {
            build.at(0.1 * (i + 1)).ran(display, "step " + i, W0, 0.1, "");
        }
        display.finish(BuildOutcome.success(null));

        assertThat(lines()).last().asString().startsWith("  critical path ").contains(" over 10 jobs: ")
                .contains("step 0 ", "step 2 ", "… 4 more …", "step 7 ", "step 9 ").doesNotContain("step 5 ");
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}

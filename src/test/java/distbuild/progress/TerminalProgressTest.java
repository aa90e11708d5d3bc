package distbuild.progress;

import static distbuild.progress.BuildEvents.W0;
import static distbuild.progress.BuildEvents.W1;
import static org.assertj.core.api.Assertions.assertThat;

import distbuild.client.BuildOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void redrawsOneStatusAreaInPlaceWithTheLongestRunningJobsFirst() {
        BuildEvents build = new BuildEvents("compile a", "compile b", "link:compile a,compile b");
        TerminalProgress display = new TerminalProgress(build.timeline, out, false, BuildEvents.NAMES, 80, false);

        build.at(0.1).start(display, "compile b", W1);
        build.at(0.2).start(display, "compile a", W0);
        String area = "[0/3] 2 running · 0 cached · 0.20s\n"
                + "    compile b  0.10s  worker/1\n"
                + "    compile a  0.00s  worker/0\n";
        assertThat(screen()).endsWith(area);

        bytes.reset();
        build.at(0.5).cached(display, "compile b", W1);
        // The three lines drawn last are erased (cursor up three, clear to the end), then drawn anew.
        assertThat(screen()).isEqualTo("\033[3A\r\033[J[1/3] 1 running · 1 cached · 0.50s\n"
                + "    compile a  0.30s  worker/0\n");
        display.finish(BuildOutcome.success(null));
    }

    @Test
    void outputScrollsAboveTheAreaAndTheSummaryReplacesIt() {
        BuildEvents build = new BuildEvents("test");
        TerminalProgress display = new TerminalProgress(build.timeline, out, false, BuildEvents.NAMES, 80, false);
        build.at(0.1).start(display, "test", W0);

        bytes.reset();
        build.at(0.4).failed(display, "test", W0, "FAIL: expected 3, got 4\n");
        assertThat(screen()).isEqualTo("\033[2A\r\033[J"
                + "FAILED test: exit code 2\n"
                + "[test] FAIL: expected 3, got 4\n"
                + "[1/1] 0 running · 0 cached · 0.40s\n");

        bytes.reset();
        display.finish(BuildOutcome.failed(null, "job 'test' (0a1b2c3d) failed: exit code 2"));
        assertThat(screen()).startsWith("\033[1A\r\033[Jbuild FAILED after 0.40s: job 'test' (0a1b2c3d) failed: exit code 2\n");
    }

    @Test
    void longLinesAreCutToTheTerminalWidthSoRedrawsStayAligned() {
        BuildEvents build = new BuildEvents("a job with a very long name that goes on and on and on");
        TerminalProgress display = new TerminalProgress(build.timeline, out, false, BuildEvents.NAMES, 30, false);
        build.at(0.1).start(display, "a job with a very long name that goes on and on and on", W0);

        assertThat(screen().lines()).allMatch(line -> line.length() < 30).contains("    a job with a very long n…");
        display.finish(BuildOutcome.success(null));
    }

    private String screen() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

package distbuild.progress;

import distbuild.model.Job;
import distbuild.model.JobResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A job's output as lines for the console, each prefixed by the job's name so interleaved jobs stay apart. */
final class JobOutput {
    private JobOutput() {}

    static final String RESUMED = "the coordinator is back and has the build again";

    static String waitingForCoordinator(java.net.URI coordinator, String reason, java.time.Duration window) {
        return "waiting for the coordinator at " + coordinator + ": " + reason + " (for up to "
                + BuildSummary.seconds(window.toNanos()) + ")";
    }

    static String coordinatorLost(String reason, java.time.Duration window) {
        return "lost the coordinator (" + reason + "); waiting up to " + BuildSummary.seconds(window.toNanos())
                + " for it to come back";
    }

    /** The line that says a try of a job was lost (it runs again, unless it had its share of tries). */
    static String lost(Job job, String worker, String reason) {
        return "lost   " + label(job) + " on " + worker + ": " + reason;
    }

    static String label(Job job) {
        return job.name().isEmpty() ? job.id().shortHex() : job.name();
    }

    /** What the job printed, stdout then stderr. */
    static List<String> printed(Job job, JobResult result) {
        List<String> lines = new ArrayList<>();
        String prefix = "[" + label(job) + "] ";
        addLines(lines, prefix, result.stdout());
        addLines(lines, prefix, result.stderr());
        return lines;
    }

    private static void addLines(List<String> lines, String prefix, byte[] text) {
        if (text.length == 0) {
            return;
        }
        String[] split = new String(text, StandardCharsets.UTF_8).split("\n", -1);
        int count = split[split.length - 1].isEmpty() ? split.length - 1 : split.length;
        for (int i = 0; i < count; i++) {
            lines.add(prefix + split[i]);
        }
    }
}

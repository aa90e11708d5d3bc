package distbuild.progress;

import distbuild.client.BuildOutcome;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.io.PrintStream;
import java.time.Duration;

/**
 * One line per event, for logs and pipes where nothing can be redrawn:
 * {@code [3/8] start  compile lib/a.c on worker/0}, {@code [4/8] done   compile lib/a.c 0.21s (worker/0)},
 * {@code [5/8] cached link}, {@code [6/8] FAILED test: exit code 1} followed by its output.
 */
public final class PlainProgress implements ProgressDisplay {
    private final BuildTimeline timeline;
    private final PrintStream out;
    private final boolean showOutput;
    private final WorkerNames workers;

    public PlainProgress(BuildTimeline timeline, PrintStream out, boolean showOutput, WorkerNames workers) {
        this.timeline = timeline;
        this.out = out;
        this.showOutput = showOutput;
        this.workers = workers;
    }

    @Override
    public void onJobStarted(Job job, WorkerId worker) {
        out.println(counter() + " start  " + JobOutput.label(job) + " on " + workers.of(worker));
        out.flush();
    }

    @Override
    public void onJobLost(Job job, WorkerId worker, String reason) {
        out.println(counter() + " " + JobOutput.lost(job, workers.of(worker), reason));
        out.flush();
    }

    @Override
    public void onJobFinished(Job job, JobResult result) {
        BuildTimeline.Track track = timeline.track(job.id());
        String where = track == null || track.where() == null ? "" : " (" + workers.of(track.where()) + ")";
        String name = JobOutput.label(job);
        String what;
        if (!result.succeeded()) {
            what = "FAILED " + name + ": " + result.failure();
        } else {
            what = switch (result.provenance().origin()) {
                case CACHED -> "cached " + name;
                case CUT_OFF -> "cut off " + name + ": its deps came out as before";
                case SHARED -> "shared " + name + where + ", ran for another build too";
                case RAN -> "done   " + name + " " + BuildSummary.seconds(track == null ? 0 : track.busy().toNanos()) + where;
            };
        }
        String line = counter() + " " + what;
        out.println(line);
        if (!result.succeeded() || showOutput) {
            JobOutput.printed(job, result).forEach(out::println);
        }
        out.flush();
    }

    @Override
    public void onWaitingForCoordinator(java.net.URI coordinator, String reason, Duration window) {
        out.println(JobOutput.waitingForCoordinator(coordinator, reason, window));
        out.flush();
    }

    @Override
    public void onCoordinatorLost(String reason, Duration window) {
        out.println(JobOutput.coordinatorLost(reason, window));
        out.flush();
    }

    @Override
    public void onResumed() {
        out.println(JobOutput.RESUMED);
        out.flush();
    }

    @Override
    public void finish(BuildOutcome outcome) {
        BuildSummary.lines(timeline, outcome, workers).forEach(out::println);
        out.flush();
    }

    private String counter() {
        BuildTimeline.Counts counts = timeline.counts();
        String total = Integer.toString(counts.total());
        return "[" + " ".repeat(Math.max(0, total.length() - Integer.toString(counts.finished()).length()))
                + counts.finished() + "/" + total + "]";
    }
}

package distbuild.progress;

import distbuild.client.BuildOutcome;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A status area at the bottom of a terminal, redrawn in place as the build goes:
 * {@code [12/37] 3 running · 5 cached · 4.2s}, then the longest-running jobs with their workers.
 * Job output and failures scroll above it. A redraw thread keeps the times moving while nothing
 * happens; it stops in {@link #finish}.
 */
public final class TerminalProgress implements ProgressDisplay {
    static final String ERASE_TO_END = "\033[J";
    private static final Duration REDRAW_EVERY = Duration.ofMillis(200);
    private static final int RUNNING_SHOWN = 5;

    private final BuildTimeline timeline;
    private final PrintStream out;
    private final boolean showOutput;
    private final WorkerNames workers;
    private final int columns;
    private final Thread redraws;
    private int drawnLines;
    private boolean finished;

    /** @param columns the terminal's width: longer lines are cut, since a wrapped line would break the redraw */
    public TerminalProgress(BuildTimeline timeline, PrintStream out, boolean showOutput, WorkerNames workers, int columns) {
        this(timeline, out, showOutput, workers, columns, true);
    }

    /** @param ticking whether to redraw on a timer too; off, the area changes only with events (for tests) */
    TerminalProgress(BuildTimeline timeline, PrintStream out, boolean showOutput, WorkerNames workers, int columns,
            boolean ticking) {
        this.timeline = timeline;
        this.out = out;
        this.showOutput = showOutput;
        this.workers = workers;
        this.columns = Math.max(20, columns);
        this.redraws = ticking ? Thread.ofVirtual().name("progress-redraw").start(this::redrawUntilFinished) : null;
    }

    @Override
    public void onJobStarted(Job job, WorkerId worker) {
        print(List.of());
    }

    @Override
    public void onJobLost(Job job, WorkerId worker, String reason) {
        print(List.of(JobOutput.lost(job, workers.of(worker), reason)));
    }

    @Override
    public void onJobFinished(Job job, JobResult result) {
        List<String> lines = new ArrayList<>();
        if (!result.succeeded()) {
            lines.add("FAILED " + JobOutput.label(job) + ": " + result.failure());
        }
        if (!result.succeeded() || showOutput) {
            lines.addAll(JobOutput.printed(job, result));
        }
        print(lines);
    }

    @Override
    public void onWaitingForCoordinator(java.net.URI coordinator, String reason, Duration window) {
        print(List.of(JobOutput.waitingForCoordinator(coordinator, reason, window)));
    }

    @Override
    public void onCoordinatorLost(String reason, Duration window) {
        print(List.of(JobOutput.coordinatorLost(reason, window)));
    }

    @Override
    public void onResumed() {
        print(List.of(JobOutput.RESUMED));
    }

    @Override
    public void finish(BuildOutcome outcome) {
        stop(BuildSummary.lines(timeline, outcome, workers));
    }

    @Override
    public void abandon() {
        stop(List.of());
    }

    private void stop(List<String> lastWords) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            erase();
            lastWords.forEach(out::println);
            out.flush();
        }
        if (redraws != null) {
            redraws.interrupt();
            try {
                redraws.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Prints lines above the status area, then draws the area again. */
    private synchronized void print(List<String> lines) {
        if (finished) {
            lines.forEach(out::println);
            return;
        }
        erase();
        lines.forEach(out::println);
        List<String> area = statusArea();
        area.forEach(line -> out.println(cut(line)));
        drawnLines = area.size();
        out.flush();
    }

    private void erase() {
        if (drawnLines > 0) {
            out.print("\033[" + drawnLines + "A\r" + ERASE_TO_END);
            drawnLines = 0;
        }
    }

    private List<String> statusArea() {
        BuildTimeline.Counts counts = timeline.counts();
        List<String> area = new ArrayList<>();
        area.add("[" + counts.finished() + "/" + counts.total() + "] " + counts.running() + " running · "
                + counts.cached() + " cached · " + (counts.cutOff() == 0 ? "" : counts.cutOff() + " cut off · ")
                + BuildSummary.seconds(timeline.now()));
        long now = timeline.now();
        List<BuildTimeline.Track> running = timeline.tracks().stream()
                .filter(BuildTimeline.Track::isRunning)
                .sorted(Comparator.comparingLong(BuildTimeline.Track::startedAt))
                .toList();
        for (BuildTimeline.Track track : running.subList(0, Math.min(RUNNING_SHOWN, running.size()))) {
            area.add("    " + JobOutput.label(track.job()) + "  " + BuildSummary.seconds(now - track.startedAt())
                    + "  " + workers.of(track.worker()));
        }
        if (running.size() > RUNNING_SHOWN) {
            area.add("    … and " + (running.size() - RUNNING_SHOWN) + " more");
        }
        return area;
    }

    private String cut(String line) {
        return line.length() < columns ? line : line.substring(0, columns - 2) + "…";
    }

    private void redrawUntilFinished() {
        try {
            while (true) {
                Thread.sleep(REDRAW_EVERY);
                synchronized (this) {
                    if (finished) {
                        return;
                    }
                }
                print(List.of());
            }
        } catch (InterruptedException stopped) {
            // finish() ends the redrawing
        }
    }
}

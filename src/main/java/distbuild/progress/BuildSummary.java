package distbuild.progress;

import distbuild.client.BuildOutcome;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.Provenance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The closing words on a build: how it ended and how long it took, how many jobs ran, were
 * replayed from a cache or shared with another build, which jobs ran, the slowest ones, and the
 * critical path — the chain of jobs that decided the wall time.
 */
public final class BuildSummary {
    private static final int SLOWEST_SHOWN = 3;
    /** A critical path longer than twice this (and one) shows only this many jobs at each end. */
    private static final int PATH_ENDS_SHOWN = 3;
    private static final int RAN_NAMES_SHOWN = 12;

    private BuildSummary() {}

    /** "3 cut off, " when early cutoff spared jobs; nothing otherwise. */
    private static String cutOff(BuildTimeline.Counts counts) {
        return counts.cutOff() == 0 ? "" : counts.cutOff() + " cut off, ";
    }

    public static List<String> lines(BuildTimeline timeline, BuildOutcome outcome, WorkerNames workers) {
        List<String> lines = new ArrayList<>();
        BuildTimeline.Counts counts = timeline.counts();
        String wall = seconds(timeline.now());
        if (outcome.succeeded()) {
            lines.add("build succeeded in " + wall + ": " + counts.total() + plural(counts.total(), " job") + " — "
                    + counts.ran() + " ran, " + counts.cached() + " cached, " + cutOff(counts) + counts.shared()
                    + " shared with another build");
        } else {
            lines.add("build FAILED after " + wall + ": " + outcome.failure());
            lines.add("  " + counts.total() + plural(counts.total(), " job") + " — " + counts.ran() + " ran, "
                    + counts.cached() + " cached, " + cutOff(counts) + counts.shared() + " shared, "
                    + (counts.total() - counts.finished()) + " not finished");
        }
        List<BuildTimeline.LostTry> lost = timeline.lostTries();
        if (!lost.isEmpty()) {
            List<String> named = lost.stream().limit(SLOWEST_SHOWN)
                    .map(loss -> JobOutput.label(loss.job()) + " on " + workers.of(loss.worker()) + " (" + loss.reason() + ")")
                    .toList();
            lines.add("  " + lost.size() + (lost.size() == 1 ? " try" : " tries") + " lost: " + String.join(" · ", named)
                    + (lost.size() > named.size() ? " and " + (lost.size() - named.size()) + " more" : ""));
        }
        List<BuildTimeline.Track> tracks = timeline.tracks();
        List<BuildTimeline.Track> ran = tracks.stream()
                .filter(track -> track.isFinished() && track.origin() != Provenance.Origin.CACHED
                        && track.origin() != Provenance.Origin.CUT_OFF).toList();
        List<String> cutOff = tracks.stream().filter(track -> track.isFinished() && track.origin() == Provenance.Origin.CUT_OFF)
                .map(track -> JobOutput.label(track.job())).toList();
        if (!cutOff.isEmpty()) {
            lines.add("  cut off, their deps having come out as before: " + String.join(", ",
                    cutOff.subList(0, Math.min(cutOff.size(), RAN_NAMES_SHOWN)))
                    + (cutOff.size() > RAN_NAMES_SHOWN ? " and " + (cutOff.size() - RAN_NAMES_SHOWN) + " more" : ""));
        }
        if (!ran.isEmpty()) {
            List<String> names = ran.stream().map(track -> JobOutput.label(track.job())).toList();
            lines.add("  ran: " + String.join(", ", names.subList(0, Math.min(names.size(), RAN_NAMES_SHOWN)))
                    + (names.size() > RAN_NAMES_SHOWN ? " and " + (names.size() - RAN_NAMES_SHOWN) + " more" : ""));
            List<String> slowest = ran.stream()
                    .sorted(Comparator.comparing(BuildTimeline.Track::busy).reversed())
                    .limit(SLOWEST_SHOWN)
                    .map(track -> JobOutput.label(track.job()) + " " + seconds(track.busy().toNanos())
                            + (track.where() == null ? "" : " (" + workers.of(track.where()) + ")"))
                    .toList();
            lines.add("  slowest: " + String.join(" · ", slowest));
            List<BuildTimeline.Track> path = criticalPath(timeline);
            if (!path.isEmpty()) {
                long total = path.stream().mapToLong(track -> track.busy().toNanos()).sum();
                List<String> steps = path.stream()
                        .map(track -> JobOutput.label(track.job()) + " " + seconds(track.busy().toNanos())).toList();
                if (steps.size() > 2 * PATH_ENDS_SHOWN + 1) { // a long chain: its ends, not a screenful
                    steps = Stream.of(steps.subList(0, PATH_ENDS_SHOWN).stream(),
                            Stream.of("… " + (steps.size() - 2 * PATH_ENDS_SHOWN) + " more …"),
                            steps.subList(steps.size() - PATH_ENDS_SHOWN, steps.size()).stream())
                            .flatMap(step -> step).toList();
                    lines.add("  critical path " + seconds(total) + " over " + path.size() + " jobs: "
                            + String.join(" → ", steps));
                } else {
                    lines.add("  critical path " + seconds(total) + ": " + String.join(" → ", steps));
                }
            }
        }
        return lines;
    }

    /**
     * The chain of deps with the most work along it, each job weighing what it took on its
     * worker (nothing if it was replayed): the jobs that decided how long the build took.
     */
    static List<BuildTimeline.Track> criticalPath(BuildTimeline timeline) {
        Map<Id, BuildTimeline.Track> tracks = new HashMap<>();
        timeline.tracks().forEach(track -> tracks.put(track.job().id(), track));
        Map<Id, Long> longest = new HashMap<>();
        Map<Id, Id> heaviestDep = new HashMap<>();
        Id end = null;
        for (Job job : timeline.graph().topologicalOrder()) {
            long before = 0;
            for (Id dep : job.deps()) {
                long through = longest.getOrDefault(dep, 0L);
                if (through > before) {
                    before = through;
                    heaviestDep.put(job.id(), dep);
                }
            }
            BuildTimeline.Track track = tracks.get(job.id());
            long total = before + (track == null ? 0 : track.busy().toNanos());
            longest.put(job.id(), total);
            if (end == null || total > longest.get(end)) {
                end = job.id();
            }
        }
        List<BuildTimeline.Track> path = new ArrayList<>();
        for (Id at = end; at != null && longest.get(at) > 0; at = heaviestDep.get(at)) {
            path.addFirst(tracks.get(at));
        }
        path.removeIf(track -> track.busy().isZero());
        return path;
    }

    static String seconds(long nanos) {
        Duration duration = Duration.ofNanos(Math.max(0, nanos));
        if (duration.toSeconds() >= 60) {
            return duration.toMinutes() + "m" + String.format(Locale.ROOT, "%02d", duration.toSecondsPart()) + "s";
        }
        double seconds = nanos / 1e9;
        return seconds >= 10 ? String.format(Locale.ROOT, "%.1fs", seconds) : String.format(Locale.ROOT, "%.2fs", Math.max(0, seconds));
    }

    private static String plural(int count, String word) {
        return count == 1 ? word : word + "s";
    }
}

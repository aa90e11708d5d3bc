package distbuild.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a soak came to: every build, every fault, the servers' resource samples, and how many job
 * runs went beyond one per job.
 *
 * @param jobRuns runs of jobs noted in the shared log; {@code distinctJobs} of them were of different jobs
 * @param longestCoordinatorOutage the longest time, in seconds, from a coordinator's kill to its successor being ready
 */
public record SoakReport(SoakPlan plan, double seconds, List<BuildRecord> builds, Map<FaultKind, Integer> faults,
        List<String> faultLog, List<ServerFigures> samples, int jobRuns, int distinctJobs,
        double longestCoordinatorOutage) {

    public int buildCount() {
        return builds.size();
    }

    public List<BuildRecord> failures() {
        return builds.stream().filter(BuildRecord::failed).toList();
    }

    public List<BuildRecord> wrongOutputs() {
        return builds.stream().filter(build -> !build.wrongOutputs().isEmpty()).toList();
    }

    /** Lines clients printed that are not in words for a person. */
    public List<String> unreadableLines() {
        return builds.stream().flatMap(build -> build.unreadable().stream()).toList();
    }

    public int faultCount(FaultKind kind) {
        return faults.getOrDefault(kind, 0);
    }

    public int faultCount() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Runs of a job beyond its first: work a fault cost (or a bug). */
    public int reruns() {
        return jobRuns - distinctJobs;
    }

    /** Jobs the builds' summaries say came from a cache or from another build running them at the same time. */
    public int jobsReplayedOrShared() {
        return total(BuildRecord::cached) + total(BuildRecord::shared);
    }

    int total(java.util.function.ToIntFunction<BuildRecord> count) {
        return builds.stream().mapToInt(count).filter(n -> n > 0).sum();
    }

    /**
     * Each server's figures at the start and at the end of the run, and those of the longest-lived
     * process of each role (the faults restart processes, so growth shows best in one that lived long).
     */
    List<String> resources() {
        List<String> lines = new ArrayList<>();
        if (samples.isEmpty()) {
            return lines;
        }
        double first = samples.getFirst().atSeconds();
        double last = samples.getLast().atSeconds();
        for (String role : samples.stream().map(ServerFigures::role).distinct().toList()) {
            List<ServerFigures> of = samples.stream().filter(sample -> sample.role().equals(role)).toList();
            ServerFigures start = of.stream().filter(sample -> sample.atSeconds() == first).findFirst().orElse(of.getFirst());
            ServerFigures end = of.stream().filter(sample -> sample.atSeconds() == last).findFirst().orElse(of.getLast());
            long longest = of.stream().collect(Collectors.groupingBy(ServerFigures::pid, Collectors.counting())).entrySet().stream()
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(start.pid());
            List<ServerFigures> lived = of.stream().filter(sample -> sample.pid() == longest).toList();
            lines.add(String.format(Locale.ROOT, "soak: %s: start %s; end %s; longest-lived (pid %d, %d samples over %.0f s) %s → %s",
                    role, brief(start), brief(end), longest, lived.size(), lived.getLast().atSeconds() - lived.getFirst().atSeconds(),
                    brief(lived.getFirst()), brief(lived.getLast())));
        }
        return lines;
    }

    private static String brief(ServerFigures sample) {
        return String.format(Locale.ROOT, "%d fds, %d threads, %.1f MiB", sample.fds(), sample.threads(), sample.heapAfterGcKiB() / 1024.0);
    }

    /** The report for a person: counts first, then what went wrong, then the resource samples. */
    public String text() {
        List<String> lines = new ArrayList<>();
        lines.add(plan.describe());
        lines.add(String.format(Locale.ROOT, "soak: %d builds in %.0f s (%d repeats of an earlier tree): %d failed, %d with wrong outputs",
                buildCount(), seconds, builds.stream().filter(BuildRecord::repeat).count(), failures().size(), wrongOutputs().size()));
        Map<FaultKind, Integer> ordered = new EnumMap<>(FaultKind.class);
        ordered.putAll(faults);
        lines.add("soak: " + faultCount() + " faults: " + ordered.entrySet().stream()
                .map(entry -> entry.getValue() + " × " + entry.getKey().description()).collect(Collectors.joining(", "))
                + String.format(Locale.ROOT, "; the coordinator was down at most %.1f s", longestCoordinatorOutage));
        lines.add(String.format(Locale.ROOT, "soak: jobs reported %d ran, %d cached, %d shared; %d runs of %d distinct jobs (%d reruns)",
                total(BuildRecord::ran), total(BuildRecord::cached), total(BuildRecord::shared), jobRuns, distinctJobs, reruns()));
        lines.add("soak: builds that " + java.util.Arrays.stream(BuildRecord.Episode.values())
                .map(episode -> episode.description + ": " + builds.stream().filter(build -> build.episodes().contains(episode)).count())
                .collect(Collectors.joining("; ")));
        for (BuildRecord failure : failures()) {
            lines.add("FAILED " + failure.describe());
            failure.tail().forEach(line -> lines.add("    " + line));
        }
        unreadableLines().forEach(line -> lines.add("UNREADABLE " + line));
        lines.addAll(resources());
        for (BuildRecord wrong : wrongOutputs()) {
            lines.add("WRONG OUTPUT " + wrong.describe() + ": " + String.join("; ", wrong.wrongOutputs()));
        }
        if (!failures().isEmpty() || !wrongOutputs().isEmpty()) {
            lines.add("faults:");
            faultLog.forEach(line -> lines.add("    " + line));
        }
        lines.add(ServerFigures.TABLE_HEAD);
        samples.forEach(sample -> lines.add(sample.row()));
        return String.join("\n", lines);
    }
}

package distbuild.coordinator;

import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.scheduler.Priority;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Each job's priority in a build: the work on the longest path from it to the end of the build,
 * weighing each job by how long it took last time. A job never seen is weighed by what it reads:
 * a millisecond, and {@link #NANOS_PER_INPUT_BYTE} for each byte of its source files (a compile of
 * a big file takes longer than one of a small file), or the average of the jobs that were seen if
 * that is more. So a build with no history starts the biggest compiles and the longest chains
 * first, and among equals the jobs with the most dependants.
 */
final class CriticalPath {
    private static final long UNKNOWN_NANOS = 1_000_000;
    /** About what an optimising C compiler takes per byte of source and headers: the scale matters only against known durations. */
    static final long NANOS_PER_INPUT_BYTE = 20;
    /** Counting paths rather than distinct dependants keeps this linear; the cap keeps it from overflowing. */
    private static final long DEPENDANTS_CAP = 1L << 40;

    private CriticalPath() {}

    static Map<Id, Priority> of(Graph graph, DurationHistory history) {
        return of(graph, history, job -> 0L);
    }

    /** @param inputBytes how many bytes of source files a job reads */
    static Map<Id, Priority> of(Graph graph, DurationHistory history, java.util.function.ToLongFunction<Job> inputBytes) {
        List<Job> order = graph.topologicalOrder();
        Map<Id, Long> weights = new HashMap<>();
        long knownTotal = 0;
        int known = 0;
        for (Job job : order) {
            OptionalLong last = history.lastNanos(job);
            if (last.isPresent()) {
                weights.put(job.id(), Math.max(1, last.getAsLong()));
                knownTotal += last.getAsLong();
                known++;
            }
        }
        long unknown = known == 0 ? UNKNOWN_NANOS : Math.max(1, knownTotal / known);
        for (Job job : order) {
            if (!weights.containsKey(job.id())) {
                // Capped well below overflow: a weight is summed along paths of up to a million jobs.
                long bytes = Math.min(Math.max(0, inputBytes.applyAsLong(job)), Long.MAX_VALUE / (1L << 24) / NANOS_PER_INPUT_BYTE);
                weights.put(job.id(), Math.max(unknown, UNKNOWN_NANOS + bytes * NANOS_PER_INPUT_BYTE));
            }
        }
        Map<Id, Long> remaining = new HashMap<>();
        Map<Id, Long> dependants = new HashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Job job = order.get(i);
            long own = weights.get(job.id());
            remaining.merge(job.id(), own, Long::sum);
            dependants.putIfAbsent(job.id(), 0L);
            for (Id dep : job.deps().stream().distinct().toList()) {
                long through = remaining.get(job.id());
                remaining.merge(dep, through, Math::max);
                dependants.merge(dep, Math.min(DEPENDANTS_CAP, 1 + dependants.get(job.id())),
                        (a, b) -> Math.min(DEPENDANTS_CAP, a + b));
            }
        }
        Map<Id, Priority> priorities = new HashMap<>();
        for (Job job : order) {
            priorities.put(job.id(), new Priority(remaining.get(job.id()), dependants.get(job.id())));
        }
        return priorities;
    }
}

package distbuild.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The cluster at a glance, as {@code GET /status} on the coordinator answers it (our extension,
 * in JSON; not part of the Go design): every worker, the running builds, the waiting jobs with
 * the reason each waits, and totals since the coordinator started.
 *
 * @param waiting the longest-waiting jobs, at most as many as asked for
 * @param waitingTotal how many jobs wait in all: for their deps, or in the scheduler's queues
 */
public record ClusterStatus(List<Worker> workers, List<Build> builds, List<Waiting> waiting, int waitingTotal,
        Totals totals) {
    public ClusterStatus {
        workers = List.copyOf(workers);
        builds = List.copyOf(builds);
        waiting = List.copyOf(waiting);
        Objects.requireNonNull(totals, "totals");
    }

    /**
     * @param state {@code alive}, {@code quarantined} (alive but given no jobs for now) or {@code lost}
     * @param freeSlots what it offered in its last request for work
     * @param lastSeenMillisAgo 0 while it waits for work, which is how a live worker keeps in touch
     */
    public record Worker(String id, String state, int runningJobs, int freeSlots, int cachedArtifacts,
            long lastSeenMillisAgo) {}

    /**
     * @param running jobs handed to the scheduler and not finished: queued for a worker, or running
     * @param waitingOnDeps jobs that cannot start before some of their deps finish
     */
    public record Build(String id, int jobs, int finished, int running, int waitingOnDeps, long elapsedMillis) {}

    /**
     * @param build the build it belongs to, or null when it waits in the scheduler's queues (which
     *     builds share)
     * @param reason why it has not started, in words
     */
    public record Waiting(String build, String job, String name, String reason, long waitingMillis) {}

    /** Since the coordinator started. {@code cacheHits} are jobs replayed from a cache instead of run. */
    public record Totals(long builds, long buildsSucceeded, long buildsFailed, long jobsRan, long cacheHits,
            long jobsShared) {
        /** Cache hits over the jobs that ran or hit, 0 with none. */
        public double hitRate() {
            long total = jobsRan + cacheHits;
            return total == 0 ? 0 : (double) cacheHits / total;
        }
    }
}

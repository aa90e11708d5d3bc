package distbuild.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The cluster at a glance, as {@code GET /status} on the coordinator answers it (our extension,
 * in JSON; not part of the Go design): every worker, the running builds and the last ones that
 * ended, the waiting jobs with the reason each waits, and totals since the coordinator started.
 *
 * @param workers every live worker, and the lost ones last heard from most recently
 * @param lostWorkersNotListed lost workers left out of {@code workers}: a cluster that scales up
 *     and down may remember hundreds
 * @param builds the running builds, then the most recently ended ones, newest first
 * @param waiting the longest-waiting jobs, at most as many as asked for
 * @param waitingTotal how many jobs wait in all: for their deps, or in the scheduler's queues
 * @param coordinatorVersion which distbuild the coordinator is; null from one before versions were said
 * @param sharedCaches each tool's use of the shared HTTP caches since the coordinator started, those used only;
 *     empty from a coordinator before them
 */
public record ClusterStatus(List<Worker> workers, int lostWorkersNotListed, List<Build> builds, List<Waiting> waiting,
        int waitingTotal, Totals totals, String coordinatorVersion, List<CacheUse> sharedCaches) {
    public ClusterStatus {
        workers = List.copyOf(workers);
        builds = List.copyOf(builds);
        waiting = List.copyOf(waiting);
        Objects.requireNonNull(totals, "totals");
        sharedCaches = sharedCaches == null ? List.of() : List.copyOf(sharedCaches);
    }

    public ClusterStatus(List<Worker> workers, int lostWorkersNotListed, List<Build> builds, List<Waiting> waiting,
            int waitingTotal, Totals totals, String coordinatorVersion) {
        this(workers, lostWorkersNotListed, builds, waiting, waitingTotal, totals, coordinatorVersion, List.of());
    }

    /**
     * One tool's use of the shared HTTP caches ({@code ccache}, {@code bazel}, {@code gradle}, {@code sccache}).
     *
     * @param refused uploads refused: too large, content that is not its key, results naming absent blobs
     */
    public record CacheUse(String tool, long hits, long misses, long stored, long refused, long bytesIn, long bytesOut) {
        /** Hits over lookups, 0 with none. */
        public double hitRate() {
            return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
        }
    }

    /**
     * @param state {@code alive}, {@code draining} (stopping: finishing its jobs, taking no more),
     *     {@code quarantined} (alive but given no jobs for now) or {@code lost}
     * @param freeSlots what it offered in its last request for work
     * @param running the first few jobs it runs, as people name them
     * @param cachedArtifacts the artifacts the coordinator knows it holds
     * @param cacheBytes the bytes its caches hold, as it last said; -1 from a worker that does not say
     * @param receivedBytes the bytes it downloaded since it started, as it last said; -1 when unknown
     * @param lastSeenMillisAgo 0 while it waits for work, which is how a live worker keeps in touch
     * @param version which distbuild it is, or null if it does not say (a worker of the reference design)
     * @param machine what its machine offers (OS, architecture, CPUs, memory, labels), or null if it does not say
     */
    public record Worker(String id, String state, int runningJobs, List<String> running, int freeSlots,
            int cachedArtifacts, long cacheBytes, long receivedBytes, long lastSeenMillisAgo, String version, String machine) {
        public Worker {
            running = running == null ? List.of() : List.copyOf(running); // a coordinator from before sends none
        }
    }

    /**
     * @param submitter who sent it and from where, or null when unknown
     * @param state {@code running}, {@code succeeded}, {@code failed}, or {@code abandoned} (its
     *     client went away, or the coordinator stopped)
     * @param running jobs handed to the scheduler and not finished: queued for a worker, or running
     * @param waitingOnDeps jobs that cannot start before some of their deps finish
     * @param startedAtEpochMillis when the coordinator got it
     * @param elapsedMillis how long it has run, or ran
     * @param failure why it failed, or null
     */
    public record Build(String id, String submitter, String state, int jobs, int finished, int running,
            int waitingOnDeps, long startedAtEpochMillis, long elapsedMillis, String failure) {
        public static final String RUNNING = "running";
        public static final String SUCCEEDED = "succeeded";
        public static final String FAILED = "failed";
        public static final String ABANDONED = "abandoned";

        /** Whether it runs still; a coordinator from before builds had states listed only running ones. */
        public boolean stillRunning() {
            return state == null || RUNNING.equals(state);
        }
    }

    /**
     * @param build a running build it is one of (the scheduler's queues are shared: there may be
     *     more), or null when none is known
     * @param reason why it has not started, in words
     */
    public record Waiting(String build, String job, String name, String reason, long waitingMillis) {}

    /**
     * Since the coordinator started. {@code cacheHits} are jobs replayed from a cache instead of
     * run; {@code bytesMoved} are the bytes clients uploaded and workers downloaded (from the
     * coordinator and from each other), as far as they say.
     */
    public record Totals(long builds, long buildsSucceeded, long buildsFailed, long jobsRan, long cacheHits,
            long jobsShared, long bytesMoved) {
        /** Cache hits over the jobs that ran or hit, 0 with none. */
        public double hitRate() {
            long total = jobsRan + cacheHits;
            return total == 0 ? 0 : (double) cacheHits / total;
        }
    }
}

package distbuild.protocol;

import java.util.List;
import java.util.Objects;

/**
 * One build in full, as {@code GET /status/build?id=HEX} on the coordinator answers it (our
 * extension, in JSON): its summary and every job, with when it became ready, started and
 * finished, how long its phases took on the worker, and a failed job's output.
 *
 * @param jobs in the graph's order: every failed or started job, and others up to the number
 *     asked for; fewer than {@code build.jobs()} when some were left out
 */
public record BuildDetails(ClusterStatus.Build build, List<JobRow> jobs) {
    public BuildDetails {
        Objects.requireNonNull(build, "build");
        jobs = List.copyOf(jobs);
    }

    /**
     * One job of the build. Times are milliseconds since the build started, -1 until the job gets
     * there; a job run again (its dep's artifact was lost) shows its last try.
     *
     * @param state {@code pending} (the build's sources are still being uploaded), {@code waiting}
     *     (for its deps), {@code queued} (for a worker), {@code started}
     *     (handed to a worker: fetching its inputs or running), {@code ran}, {@code cached},
     *     {@code shared} (ran once for another build too), {@code failed}, or {@code cancelled}
     *     (the build ended first)
     * @param worker where it was last handed, or null
     * @param tries how often it was handed to a worker, lost tries included
     * @param fetchMillis its worker's time staging inputs, as the worker reports it (0 when unknown)
     * @param exitCode its command's exit code once finished, or null
     * @param error why it failed without an exit code (or as well), or null
     * @param stdout a failed job's standard output (its end, when long), else null; kept for the
     *     first few failed jobs of a build only
     * @param stderr a failed job's standard error (its end, when long), else null
     */
    public record JobRow(String id, String name, String state, String worker, int tries, long readyAtMillis,
            long startedAtMillis, long finishedAtMillis, long fetchMillis, long runMillis, long storeMillis,
            Integer exitCode, String error, String stdout, String stderr) {
        public static final String PENDING = "pending";
        public static final String WAITING = "waiting";
        public static final String QUEUED = "queued";
        public static final String STARTED = "started";
        public static final String RAN = "ran";
        public static final String CACHED = "cached";
        public static final String SHARED = "shared";
        /** Not run: an earlier job's result replayed, its inputs having come out the same (early cutoff). */
        public static final String CUT_OFF = "cut off";
        public static final String FAILED = "failed";
        public static final String CANCELLED = "cancelled";
    }
}

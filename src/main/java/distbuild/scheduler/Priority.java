package distbuild.scheduler;

/**
 * How urgent a job is: among jobs ready to run, the one with the most work on the longest path
 * from it to the end of its build goes first, since that path decides when the build ends.
 *
 * @param remainingWorkNanos the estimated work on that path, the job's own included
 * @param dependants how many jobs depend on it, directly or not: the tie-breaker when nothing is known of durations
 */
public record Priority(long remainingWorkNanos, long dependants) {
    public static final Priority NONE = new Priority(0, 0);
}

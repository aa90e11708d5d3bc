package distbuild.scheduler;

/**
 * How urgent a job is: among jobs ready to run, the one with the most work on the longest path
 * from it to the end of its build goes first, since that path decides when the build ends.
 *
 * @param remainingWorkNanos the estimated work on that path, the job's own included
 * @param dependants how many jobs depend on it, directly or not: the tie-breaker when nothing is known of durations
 * @param share whose slots it counts against (its build and who sent it): slots are shared fairly
 *     between shares with jobs ready, see {@link FairShares}
 */
public record Priority(long remainingWorkNanos, long dependants, Share share) {
    public static final Priority NONE = new Priority(0, 0);

    public Priority(long remainingWorkNanos, long dependants) {
        this(remainingWorkNanos, dependants, Share.COMMON);
    }

    public Priority {
        share = share == null ? Share.COMMON : share;
    }

    /** The same priority, counted against {@code newShare}. */
    public Priority inShare(Share newShare) {
        return new Priority(remainingWorkNanos, dependants, newShare);
    }
}

package distbuild.scheduler;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * One of SPEC §7's queues: each job counts from a moment of its own (when it may go to these
 * workers), and among the jobs that count already, the one with the most work hanging on it goes
 * first — the critical path first — of the build running the fewest jobs ({@link FairShares}).
 * Guarded by the scheduler's lock.
 */
final class TimedQueue {
    /** Most work hanging on it first; among equals, the one submitted first. */
    static final Comparator<PendingJob> BY_PRIORITY = Comparator.<PendingJob>comparingLong(job -> -job.remainingWork)
            .thenComparingLong(job -> -job.dependants)
            .thenComparingLong(job -> job.sequence);

    private final ToLongFunction<PendingJob> eligibleAt;
    /** Jobs whose moment has not come, earliest first. */
    private final TreeSet<PendingJob> waiting;
    /** Jobs whose moment has come, by share, each by priority. */
    private final Map<Share, TreeSet<PendingJob>> eligible = new HashMap<>();

    /** @param eligibleAt the job's moment for this queue; it must not change while the job is queued */
    TimedQueue(ToLongFunction<PendingJob> eligibleAt) {
        this.eligibleAt = eligibleAt;
        this.waiting = new TreeSet<>(Comparator.comparingLong(eligibleAt).thenComparingLong(job -> job.sequence));
    }

    void add(PendingJob job, long now) {
        if (eligibleAt.applyAsLong(job) - now <= 0) {
            makeEligible(job);
        } else {
            waiting.add(job);
        }
    }

    private void makeEligible(PendingJob job) {
        eligible.computeIfAbsent(job.share, share -> new TreeSet<>(BY_PRIORITY)).add(job);
    }

    void remove(PendingJob job) {
        TreeSet<PendingJob> ofShare = eligible.get(job.share);
        if (ofShare != null && ofShare.remove(job)) {
            if (ofShare.isEmpty()) {
                eligible.remove(job.share);
            }
        } else {
            waiting.remove(job);
        }
    }

    boolean isEmpty() {
        return eligible.isEmpty() && waiting.isEmpty();
    }

    /**
     * The job to take now among those {@code fits} accepts (a worker may not run every job), or
     * null: of the jobs whose moment has come, the most urgent of the share running the fewest.
     */
    PendingJob best(long now, java.util.function.Predicate<PendingJob> fits, FairShares shares) {
        while (!waiting.isEmpty() && eligibleAt.applyAsLong(waiting.first()) - now <= 0) {
            makeEligible(waiting.pollFirst());
        }
        PendingJob best = null;
        for (TreeSet<PendingJob> ofShare : eligible.values()) {
            for (PendingJob job : ofShare) {
                if (fits.test(job)) {
                    if (best == null || shares.before(job, best)) {
                        best = job;
                    }
                    break; // the share's most urgent that fits
                }
            }
        }
        return best;
    }

    /** The next moment a waiting job's time comes, if earlier than {@code current} and after {@code now}. */
    long nextEligible(long current, long now) {
        return waiting.isEmpty() ? current : JobQueues.earliest(current, eligibleAt.applyAsLong(waiting.first()), now);
    }

    /** Every job in the queue, for emptying it. */
    Iterable<PendingJob> all() {
        TreeSet<PendingJob> all = new TreeSet<>(BY_PRIORITY);
        eligible.values().forEach(all::addAll);
        all.addAll(waiting);
        return all;
    }

    void clear() {
        eligible.clear();
        waiting.clear();
    }
}

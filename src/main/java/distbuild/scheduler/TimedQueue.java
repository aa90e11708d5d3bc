package distbuild.scheduler;

import java.util.Comparator;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * One of SPEC §7's queues: each job counts from a moment of its own (when it may go to these
 * workers), and among the jobs that count already, the one with the most work hanging on it goes
 * first — the critical path first. Guarded by the scheduler's lock.
 */
final class TimedQueue {
    /** Most work hanging on it first; among equals, the one submitted first. */
    static final Comparator<PendingJob> BY_PRIORITY = Comparator.<PendingJob>comparingLong(job -> -job.remainingWork)
            .thenComparingLong(job -> -job.dependants)
            .thenComparingLong(job -> job.sequence);

    private final ToLongFunction<PendingJob> eligibleAt;
    /** Jobs whose moment has not come, earliest first. */
    private final TreeSet<PendingJob> waiting;
    /** Jobs whose moment has come, by priority. */
    private final TreeSet<PendingJob> eligible = new TreeSet<>(BY_PRIORITY);

    /** @param eligibleAt the job's moment for this queue; it must not change while the job is queued */
    TimedQueue(ToLongFunction<PendingJob> eligibleAt) {
        this.eligibleAt = eligibleAt;
        this.waiting = new TreeSet<>(Comparator.comparingLong(eligibleAt).thenComparingLong(job -> job.sequence));
    }

    void add(PendingJob job, long now) {
        if (eligibleAt.applyAsLong(job) - now <= 0) {
            eligible.add(job);
        } else {
            waiting.add(job);
        }
    }

    void remove(PendingJob job) {
        if (!eligible.remove(job)) {
            waiting.remove(job);
        }
    }

    boolean isEmpty() {
        return eligible.isEmpty() && waiting.isEmpty();
    }

    /** The job to take now, or null: the highest priority among those whose moment has come. */
    PendingJob best(long now) {
        return best(now, job -> true);
    }

    /** The same among the jobs {@code fits} accepts (a worker may not run every job). */
    PendingJob best(long now, java.util.function.Predicate<PendingJob> fits) {
        while (!waiting.isEmpty() && eligibleAt.applyAsLong(waiting.first()) - now <= 0) {
            eligible.add(waiting.pollFirst());
        }
        for (PendingJob job : eligible) {
            if (fits.test(job)) {
                return job;
            }
        }
        return null;
    }

    /** The next moment a waiting job's time comes, if earlier than {@code current} and after {@code now}. */
    long nextEligible(long current, long now) {
        return waiting.isEmpty() ? current : JobQueues.earliest(current, eligibleAt.applyAsLong(waiting.first()), now);
    }

    /** Every job in the queue, for emptying it. */
    Iterable<PendingJob> all() {
        TreeSet<PendingJob> all = new TreeSet<>(BY_PRIORITY);
        all.addAll(eligible);
        all.addAll(waiting);
        return all;
    }

    void clear() {
        eligible.clear();
        waiting.clear();
    }
}

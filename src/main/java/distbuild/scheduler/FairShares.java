package distbuild.scheduler;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Slots shared fairly between the people and the builds running at once: a worker with a free
 * slot takes the next job of the person who runs the fewest jobs right now, of that person's
 * build that runs the fewest for its level (a build one level up counts as half as many running,
 * so it gets about twice the slots), and within a build the most urgent (critical path first). A
 * build started after a huge one then gets its share of slots at once, instead of waiting behind
 * every job the huge one has ready, and one person's ten builds do not crowd out another's one.
 * Counted afresh for each dispatch from what the workers run, so nothing here can drift from the
 * truth. Guarded by the scheduler's lock.
 */
final class FairShares {
    /** What each share runs, in units: a job of a build at the highest level counts 1, each level down doubles it. */
    private final Map<Share, Long> byShare = new HashMap<>();
    /** The same summed over each person's builds, so a person's level counts between people too. */
    private final Map<String, Long> byUser = new HashMap<>();

    /** What {@code workers} run now, by share. */
    static FairShares runningOn(Collection<WorkerState> workers) {
        FairShares shares = new FairShares();
        for (WorkerState worker : workers) {
            for (PendingJob job : worker.running) {
                shares.took(job);
            }
        }
        return shares;
    }

    /** The job was just handed out: its share and its person run one more. */
    void took(PendingJob job) {
        long units = 1L << (Share.HIGHEST - job.share.level());
        byShare.merge(job.share, units, Long::sum);
        byUser.merge(job.share.user(), units, Long::sum);
    }

    /**
     * Whether {@code candidate} goes before {@code best}: its share is {@link #lighter}; or neither
     * is, and it is more urgent.
     */
    boolean before(PendingJob candidate, PendingJob best) {
        if (lighter(candidate.share, best.share)) {
            return true;
        }
        return !lighter(best.share, candidate.share) && TimedQueue.BY_PRIORITY.compare(candidate, best) < 0;
    }

    /**
     * Whether {@code a}'s person runs less than {@code b}'s, counted by level; or as much, and
     * {@code a}'s build less.
     */
    boolean lighter(Share a, Share b) {
        int byPerson = Long.compare(byUser.getOrDefault(a.user(), 0L), byUser.getOrDefault(b.user(), 0L));
        if (byPerson != 0) {
            return byPerson < 0;
        }
        return byShare.getOrDefault(a, 0L) < byShare.getOrDefault(b, 0L);
    }
}

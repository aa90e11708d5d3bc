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
    private final Map<Share, Integer> byShare = new HashMap<>();
    private final Map<String, Integer> byUser = new HashMap<>();

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
        byShare.merge(job.share, 1, Integer::sum);
        byUser.merge(job.share.user(), 1, Integer::sum);
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

    /** Whether {@code a}'s person runs fewer jobs than {@code b}'s; or as many, and {@code a}'s build fewer for its level. */
    boolean lighter(Share a, Share b) {
        int byPerson = Integer.compare(byUser.getOrDefault(a.user(), 0), byUser.getOrDefault(b.user(), 0));
        if (byPerson != 0) {
            return byPerson < 0;
        }
        return weighted(a, b) < weighted(b, a);
    }

    /** What {@code share} runs, scaled so that it compares with {@code other}'s: each level up halves it. */
    private long weighted(Share share, Share other) {
        return (long) byShare.getOrDefault(share, 0) << (other.level() - Share.LOWEST);
    }
}

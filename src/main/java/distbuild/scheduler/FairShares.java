package distbuild.scheduler;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Slots shared fairly between the builds running at once: a worker with a free slot takes the
 * next job of the build that runs the fewest jobs right now, and within a build the most urgent
 * (critical path first). A build started after a huge one then gets its share of slots at once,
 * instead of waiting behind every job the huge one has ready. Counted afresh for each dispatch
 * from what the workers run, so nothing here can drift from the truth. Guarded by the scheduler's lock.
 */
final class FairShares {
    private final Map<String, Integer> running = new HashMap<>();

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

    int running(String share) {
        return running.getOrDefault(share, 0);
    }

    /** The job was just handed out: its share runs one more. */
    void took(PendingJob job) {
        running.merge(job.share, 1, Integer::sum);
    }

    /** Whether {@code candidate} goes before {@code best}: its share runs fewer jobs, or as many and it is more urgent. */
    boolean before(PendingJob candidate, PendingJob best) {
        int byLoad = Integer.compare(running(candidate.share), running(best.share));
        return byLoad < 0 || (byLoad == 0 && TimedQueue.BY_PRIORITY.compare(candidate, best) < 0);
    }
}

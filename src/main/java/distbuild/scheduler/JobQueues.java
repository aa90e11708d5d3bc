package distbuild.scheduler;

import java.time.Duration;
import java.util.Set;

/**
 * The queues of SPEC §7 and nothing else: where a waiting job sits, and which job a worker takes
 * next. Time only decides eligibility: a job's place in a second queue or the global queue has
 * a moment from which it counts, checked when a worker looks. Guarded by the scheduler's lock.
 */
final class JobQueues {
    private final long cacheTimeout;
    private final long depsTimeout;
    private final TimedQueue global = new TimedQueue(job -> job.globalQueueAt);

    JobQueues(Duration cacheTimeout, Duration depsTimeout) {
        this.cacheTimeout = cacheTimeout.toNanos();
        this.depsTimeout = depsTimeout.toNanos();
    }

    /**
     * Queues a job: in the first queue of every worker that has it cached; in the second queue
     * of every worker holding a dep, from now if it is cached nowhere, else after cacheTimeout;
     * in the global queue depsTimeout after that — or at once when no worker has any claim on
     * it, since waiting would then favour nobody.
     */
    void enqueue(PendingJob job, long now, Set<WorkerState> cachedOn, Set<WorkerState> depHolders) {
        for (WorkerState worker : cachedOn) {
            worker.firstQueue.add(job);
            job.inFirstQueueOf.add(worker);
        }
        job.secondQueueAt = cachedOn.isEmpty() ? now : now + cacheTimeout;
        for (WorkerState worker : depHolders) {
            if (!cachedOn.contains(worker)) {
                worker.secondQueue.add(job, now);
                job.inSecondQueueOf.add(worker);
            }
        }
        boolean someoneHasAClaim = !cachedOn.isEmpty() || !depHolders.isEmpty();
        job.globalQueueAt = someoneHasAClaim ? job.secondQueueAt + depsTimeout : now;
        global.add(job, now);
        job.inGlobalQueue = true;
    }

    /** Late cache news: the worker has the job's artifact, so the job goes to its first queue at once. */
    void cachedOn(PendingJob job, WorkerState worker) {
        if (job.inFirstQueueOf.add(worker)) {
            worker.firstQueue.add(job);
            if (job.inSecondQueueOf.remove(worker)) {
                worker.secondQueue.remove(job);
            }
        }
    }

    void remove(PendingJob job) {
        job.inFirstQueueOf.forEach(worker -> worker.firstQueue.remove(job));
        job.inFirstQueueOf.clear();
        job.inSecondQueueOf.forEach(worker -> worker.secondQueue.remove(job));
        job.inSecondQueueOf.clear();
        if (job.inGlobalQueue) {
            global.remove(job);
            job.inGlobalQueue = false;
        }
    }

    /** Empties a worker's own queues, which only it could take from. */
    void forget(WorkerState worker) {
        worker.firstQueue.forEach(job -> job.inFirstQueueOf.remove(worker));
        worker.firstQueue.clear();
        worker.secondQueue.all().forEach(job -> job.inSecondQueueOf.remove(worker));
        worker.secondQueue.clear();
    }

    /**
     * The job the worker should take now: its first queue (what it has cached), then its second,
     * then the global one; within a queue, of the jobs whose time has come, the one with the most
     * work hanging on it of the build that runs the fewest jobs now.
     */
    PendingJob nextFor(WorkerState worker, long now, FairShares shares) {
        for (PendingJob cached : worker.firstQueue) {
            if (WorkerFit.fits(cached, worker)) {
                return cached;
            }
        }
        PendingJob second = worker.secondQueue.best(now, job -> WorkerFit.fits(job, worker), shares);
        PendingJob any = global.best(now, job -> WorkerFit.fits(job, worker), shares);
        if (second == null || any == null) {
            return second != null ? second : any;
        }
        // Locality first, unless it would keep a build that runs fewer jobs waiting: a huge build
        // whose jobs' deps this worker holds must not take every slot from a small one.
        return shares.lighter(any.share, second.share) ? any : second;
    }

    /** The next moment a job becomes eligible for this worker, or {@code none} if that is earlier. */
    long nextEligible(WorkerState worker, long now, long none) {
        return global.nextEligible(worker.secondQueue.nextEligible(none, now), now);
    }

    /** {@code candidate} if it lies after {@code now} and before {@code current}, else {@code current}. */
    static long earliest(long current, long candidate, long now) {
        return candidate - now > 0 && candidate - current < 0 ? candidate : current;
    }
}

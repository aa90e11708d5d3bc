package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Collection;
import java.util.function.Supplier;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;

/**
 * What becomes of a job when a try of it ends without its result through no fault of its own (its
 * worker died while running it, or could not fetch its inputs), or when it cannot be tried at all
 * (no live worker holds some of its deps): queued again up to {@link #MAX_TRIES} tries, then given
 * up with every reason; or handed back to its builds to make those deps again. (A try its worker
 * merely stopped listing is queued again by {@link RunningReports}, without counting: the worker is
 * at fault, and {@link Quarantine} deals with it.) Results are completed only once the scheduler's
 * lock is released. Called with that lock held.
 */
final class Tries {
    /** How often a job is tried when tries fail for reasons that are not its own, before it fails. */
    static final int MAX_TRIES = 3;

    private final Logger log;
    private final JobTable jobs;
    private final JobQueues queues;
    private final ObjLongConsumer<PendingJob> enqueue;
    private final Consumer<Runnable> afterUnlock;
    private final Supplier<Collection<WorkerState>> liveWorkers;

    /**
     * @param enqueue puts a job back in the queues, at a time
     * @param afterUnlock runs a completion once the scheduler's lock is released
     * @param liveWorkers the workers alive now
     */
    Tries(Logger log, JobTable jobs, JobQueues queues, ObjLongConsumer<PendingJob> enqueue, Consumer<Runnable> afterUnlock,
            Supplier<Collection<WorkerState>> liveWorkers) {
        this.log = log;
        this.jobs = jobs;
        this.queues = queues;
        this.enqueue = enqueue;
        this.afterUnlock = afterUnlock;
        this.liveWorkers = liveWorkers;
    }

    /** A worker says its try of the job failed for a reason not the job's own: try again, if it still runs there. */
    void failedOn(WorkerState worker, JobResult result, long now) {
        PendingJob job = jobs.get(result.jobId());
        if (job == null || !job.runningOn.containsKey(worker)) {
            return; // nobody wants it any more, or it was handed out again meanwhile
        }
        if (result.retry().workerUnable()) {
            log.info("worker {} cannot run job {}: {}", worker.id, job.job.describe(), result.error());
            if (JobTable.stopOn(job, worker)) {
                JobTable.lostOn(job, worker.id, result.error());
                java.util.Optional<String> noneLeft = WorkerFit.unable(job, worker.id, result.error(), liveWorkers.get());
                if (noneLeft.isEmpty()) {
                    enqueue.accept(job, now);
                } else {
                    giveUp(job, noneLeft.get());
                }
            }
            return;
        }
        log.warn("job {} failed on {} for a reason not its own: {}", job.job.describe(), worker.id, result.error());
        if (JobTable.stopOn(job, worker)) {
            again(job, worker.id, result.error(), now);
        }
    }

    /** Its worker died: every job it was running, and no other worker runs, is tried again. Returns how many. */
    int workerDied(WorkerState dead, long now) {
        List<PendingJob> orphans = new ArrayList<>();
        for (PendingJob job : List.copyOf(dead.running)) {
            if (JobTable.stopOn(job, dead) && job.status == PendingJob.Status.RUNNING) {
                orphans.add(job);
            }
        }
        orphans.forEach(job -> again(job, dead.id, "the worker stopped answering while running it", now));
        return orphans.size();
    }

    /**
     * Fails the queued jobs that no live worker is left to try, of those some workers said they
     * cannot run (a worker that could have died): waiting would be for a worker that may never come.
     */
    void failUnfitJobs(List<PendingJob> queued) {
        for (PendingJob job : queued) {
            if (!job.unableOn.isEmpty()) {
                WorkerFit.noneLeft(job, liveWorkers.get()).ifPresent(why -> giveUp(job, why));
            }
        }
    }

    /** Queues a job whose try on {@code worker} failed through no fault of its own, unless it has had its share of tries. */
    void again(PendingJob job, WorkerId worker, String why, long now) {
        JobTable.lostOn(job, worker, why);
        job.failedTries.add(why + " (on " + worker + ")");
        if (job.failedTries.size() < MAX_TRIES) {
            enqueue.accept(job, now);
            return;
        }
        String reasons = String.join("; ", job.failedTries);
        giveUp(job, "gave up after " + job.failedTries.size() + " tries that failed for reasons not the job's own: " + reasons);
    }

    void giveUp(PendingJob job, String why) {
        log.warn("job {}: {}", job.job.describe(), why);
        JobResult gaveUp = JobResult.error(job.id(), why);
        remove(job);
        afterUnlock.accept(() -> job.result.complete(gaveUp));
    }

    /** No live worker holds these deps of the job: handing it out would only fail the fetch, so its builds make them again. */
    void depsLost(PendingJob job, Set<Id> lost) {
        log.info("job {} cannot run: no live worker holds {} of its deps; its builds run them again",
                job.job.describe(), lost.size());
        remove(job);
        afterUnlock.accept(() -> job.result.completeExceptionally(new LostDepsException(job.id(), lost)));
    }

    /** Takes the job out of the scheduler for good. */
    private void remove(PendingJob job) {
        queues.remove(job);
        jobs.remove(job);
        job.status = PendingJob.Status.DONE;
    }
}

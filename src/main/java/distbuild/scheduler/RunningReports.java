package distbuild.scheduler;

import distbuild.model.Id;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What a heartbeat says a worker runs, checked against what it was handed: a job it runs again
 * after being thought dead is taken back; one it was never handed it is told to cancel; one it
 * was handed but no longer lists is queued again. Dropping jobs and claiming others' count
 * against it ({@link Quarantine}). Guarded by the scheduler's lock.
 */
final class RunningReports {
    /** Puts a job back in the queues. */
    interface Requeue {
        void enqueue(PendingJob job, long now);
    }

    private final Logger log;
    private final JobTable jobs;
    private final JobQueues queues;
    private final RestartRecovery recovery;
    private final Quarantine quarantine;
    private final Requeue requeue;

    RunningReports(Logger log, JobTable jobs, JobQueues queues, RestartRecovery recovery, Quarantine quarantine,
            Requeue requeue) {
        this.log = log;
        this.jobs = jobs;
        this.queues = queues;
        this.recovery = recovery;
        this.quarantine = quarantine;
        this.requeue = requeue;
    }

    /**
     * Applies one heartbeat's lists of running and finished jobs.
     *
     * @return true if the heartbeat is outdated: it lists as running a job this worker already reported finished
     */
    boolean apply(WorkerState worker, Collection<Id> runningJobs, Collection<Id> finishedJobs, long now) {
        boolean outdated = false;
        for (Id id : runningJobs) {
            outdated |= noteRunning(worker, id, now);
        }
        Set<Id> accountedFor = new LinkedHashSet<>(runningJobs);
        accountedFor.addAll(finishedJobs);
        requeueUnlisted(worker, accountedFor, now);
        return outdated;
    }

    /** A job the worker lists as running; true if that shows the heartbeat is outdated. */
    private boolean noteRunning(WorkerState worker, Id id, long now) {
        if (worker.recentlyFinished.contains(id)) {
            return true;
        }
        PendingJob pending = jobs.get(id);
        if (pending == null && recovery.keep(id, worker, now)) {
            return false; // a build may come back for it
        } else if (pending == null) {
            worker.toCancel.add(id); // no build wants it
        } else if (pending.runningOn.containsKey(worker)) {
            return false;
        } else if (worker.handed.contains(id) || recovery.mayClaim(worker.id, now)) {
            // Queued again while this worker was thought dead, or handed to it in an answer it
            // missed and then given anyway: it runs here, so take it back.
            queues.remove(pending);
            JobTable.startOn(pending, worker, now);
        } else {
            // Never handed to it: a worker cannot take a job by saying it runs it.
            log.warn("{} lists job {} as running, but it was never handed that job: told to cancel it", worker.id,
                    pending.job.describe());
            worker.toCancel.add(id);
            quarantine.strike(worker, now, "listed job " + pending.job.describe() + " as running, never handed it");
        }
        return false;
    }

    private void requeueUnlisted(WorkerState worker, Set<Id> accountedFor, long now) {
        List<PendingJob> dropped = new ArrayList<>();
        for (PendingJob job : List.copyOf(worker.running)) {
            long handedAgo = now - job.runningOn.get(worker);
            if (accountedFor.contains(job.id()) || handedAgo < Scheduler.ASSIGNMENT_GRACE.toNanos()) {
                continue;
            }
            log.warn("job {} was handed to {} {} ms ago, but the worker does not list it: handing it out again",
                    job.job.describe(), worker.id, TimeUnit.NANOSECONDS.toMillis(handedAgo));
            if (JobTable.stopOn(job, worker)) {
                requeue.enqueue(job, now);
            }
            dropped.add(job);
        }
        if (!dropped.isEmpty()) {
            // One strike per heartbeat, not per job: a worker restarted with all its slots full drops them all at once.
            String first = dropped.getFirst().job.describe();
            Duration quarantined = quarantine.strike(worker, now, "dropped " + (dropped.size() == 1 ? "job " + first
                    : dropped.size() + " jobs, such as " + first));
            String why = "the worker stopped listing it" + (quarantined.isZero() ? ""
                    : "; it gets no jobs for " + quarantined.toSeconds() + " s (quarantined)");
            dropped.forEach(job -> JobTable.lostOn(job, worker.id, why));
        }
    }
}

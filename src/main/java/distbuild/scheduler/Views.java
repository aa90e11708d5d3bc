package distbuild.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's state as a person reads it ({@link SchedulerView}): each worker, and each
 * waiting job with why it waits, in words. Guarded by the scheduler's lock.
 */
final class Views {
    private final WorkerRegistry workers;
    private final JobTable jobs;
    private final RestartRecovery recovery;
    private final Quarantine quarantine;

    Views(WorkerRegistry workers, JobTable jobs, RestartRecovery recovery, Quarantine quarantine) {
        this.workers = workers;
        this.jobs = jobs;
        this.recovery = recovery;
        this.quarantine = quarantine;
    }

    SchedulerView view(int maxWaiting, long now) {
        List<SchedulerView.WorkerView> workerViews = new ArrayList<>();
        for (WorkerState worker : workers.all()) {
            workerViews.add(new SchedulerView.WorkerView(worker.id, worker.alive, quarantine.holdsBack(worker, now),
                    worker.running.size(), worker.running.stream().limit(SchedulerView.WorkerView.RUNNING_NAMED)
                            .map(job -> job.job.describe()).toList(), worker.freeSlots, worker.artifacts.size(),
                    Duration.ofNanos(worker.waitingPolls > 0 ? 0 : Math.max(0, now - worker.lastSeen))));
        }
        // The longest waiting, without sorting them all: this runs under the scheduler's lock.
        Comparator<PendingJob> longestWaiting = Comparator.comparingLong((PendingJob job) -> job.queuedAt)
                .thenComparingLong(job -> job.sequence);
        PriorityQueue<PendingJob> oldest = new PriorityQueue<>(longestWaiting.reversed());
        int queued = 0;
        for (PendingJob job : (Iterable<PendingJob>) jobs.queued()::iterator) {
            queued++;
            oldest.add(job);
            if (oldest.size() > maxWaiting) {
                oldest.poll();
            }
        }
        List<PendingJob> listed = new ArrayList<>(oldest);
        listed.sort(longestWaiting);
        String cluster = clusterWideReason(now);
        List<SchedulerView.WaitingJob> waiting = listed.stream()
                .map(job -> new SchedulerView.WaitingJob(job.job, cluster != null ? cluster : whyWaiting(job, now),
                        Duration.ofNanos(now - job.queuedAt)))
                .toList();
        return new SchedulerView(workerViews, waiting, queued);
    }

    /** A reason that holds for every queued job at once, or null: worked out once per view. */
    private String clusterWideReason(long now) {
        if (recovery.holding(workers, now)) {
            return "held back until the workers known before the coordinator restarted are back";
        }
        List<WorkerState> live = workers.live();
        if (live.isEmpty()) {
            return "no live worker";
        }
        if (live.stream().allMatch(worker -> quarantine.holdsBack(worker, now)) && live.size() > 1) {
            return "every live worker is quarantined"; // (the only live worker never is)
        }
        return null;
    }

    /** Why a queued job has not gone to a worker yet, when some worker is alive and nothing holds jobs back. */
    private String whyWaiting(PendingJob job, long now) {
        var unmet = UnmetRequirements.why(job, workers.live());
        if (unmet.isPresent()) {
            return "no worker meets its requirements (" + job.job.needs().describeAskOfMachine() + "): " + unmet.get();
        }
        if (!job.inFirstQueueOf.isEmpty()) {
            return "cached on " + names(job.inFirstQueueOf) + ": waiting for it to take the job"
                    + (job.secondQueueAt - now > 0 ? " (others may in " + millis(job.secondQueueAt - now) + ")" : "");
        }
        if (!job.inSecondQueueOf.isEmpty() && job.globalQueueAt - now > 0) {
            return "waiting for " + names(job.inSecondQueueOf) + ", which holds its deps"
                    + " (any worker may take it in " + millis(job.globalQueueAt - now) + ")";
        }
        return "no free slot on any live worker";
    }

    private static String names(Collection<WorkerState> holders) {
        List<String> ids = holders.stream().map(worker -> worker.id.toString()).sorted().toList();
        return ids.size() <= 2 ? String.join(" and ", ids) : ids.get(0) + " and " + (ids.size() - 1) + " more";
    }

    private static String millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
    }
}

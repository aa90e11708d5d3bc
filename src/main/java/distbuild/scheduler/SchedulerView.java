package distbuild.scheduler;

import distbuild.model.Job;
import distbuild.model.WorkerId;
import java.time.Duration;
import java.util.List;

/**
 * What the scheduler can tell of the cluster at one moment, for people: each worker as it last
 * heard of it, and the jobs waiting in its queues, each with the reason it waits, in words.
 *
 * @param waiting at most the number of jobs asked for, longest waiting first
 * @param waitingTotal how many jobs wait in all
 */
public record SchedulerView(List<WorkerView> workers, List<WaitingJob> waiting, int waitingTotal) {
    /**
     * @param freeSlots the slots it offered in its last request for work
     * @param sinceSeen how long since it last made contact (a worker waiting for work is in contact)
     */
    public record WorkerView(WorkerId id, boolean alive, boolean quarantined, int runningJobs, int freeSlots,
            int cachedArtifacts, Duration sinceSeen) {}

    public record WaitingJob(Job job, String reason, Duration waited) {}
}

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
     * @param running the names of the first {@link #RUNNING_NAMED} jobs it runs
     * @param freeSlots the slots it offered in its last request for work
     * @param sinceSeen how long since it last made contact (a worker waiting for work is in contact)
     */
    public record WorkerView(WorkerId id, boolean alive, boolean quarantined, int runningJobs, List<String> running,
            int freeSlots, int cachedArtifacts, Duration sinceSeen) {
        public static final int RUNNING_NAMED = 8;
    }

    public record WaitingJob(Job job, String reason, Duration waited) {}
}

package distbuild.protocol;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.model.WorkerOffers;
import java.util.List;
import java.util.Objects;

/**
 * What a worker tells the coordinator on every heartbeat: who it is, what it runs, how many
 * more jobs it can take, what finished since the last heartbeat, what entered its cache and what
 * left it (our extension: {@code RemovedArtifacts}, evicted to keep the cache within its limit).
 *
 * @param reportsAtOnce our extension: the worker reports a finished job at once, in a heartbeat of
 *     its own, so a heartbeat of its may be held as a long poll even while its jobs run. A worker of
 *     the reference design keeps one heartbeat in flight and reports only in its next one: holding
 *     that heartbeat would hold its news back.
 * @param stats our extension: the worker's cache size and bytes received, for the status page; null
 *     from a worker that does not send it
 * @param offers our extension: what the worker's machine offers to jobs that require something of
 *     it; null from a worker that does not say (it then gets no such job)
 */
public record HeartbeatRequest(
        WorkerId workerId,
        List<Id> runningJobs,
        int freeSlots,
        List<JobResult> finishedJobs,
        List<Id> addedArtifacts,
        List<Id> removedArtifacts,
        boolean reportsAtOnce,
        Stats stats,
        WorkerOffers offers) {
    /**
     * What a worker tells about itself for people watching the cluster; never used to schedule.
     *
     * @param cacheBytes the bytes its artifact and file caches hold
     * @param receivedBytes the bytes it downloaded since it started: sources, deps from peers
     * @param draining it is stopping: it takes no more jobs and finishes those it runs
     */
    public record Stats(long cacheBytes, long receivedBytes, boolean draining) {
        public Stats {
            if (cacheBytes < 0 || receivedBytes < 0) {
                throw new IllegalArgumentException("Stats cannot be negative: " + cacheBytes + ", " + receivedBytes);
            }
        }

        public Stats whileDraining() {
            return new Stats(cacheBytes, receivedBytes, true);
        }
    }

    public HeartbeatRequest(WorkerId workerId, List<Id> runningJobs, int freeSlots, List<JobResult> finishedJobs,
            List<Id> addedArtifacts, List<Id> removedArtifacts, boolean reportsAtOnce, Stats stats) {
        this(workerId, runningJobs, freeSlots, finishedJobs, addedArtifacts, removedArtifacts, reportsAtOnce, stats, null);
    }

    public HeartbeatRequest(WorkerId workerId, List<Id> runningJobs, int freeSlots, List<JobResult> finishedJobs,
            List<Id> addedArtifacts, List<Id> removedArtifacts, boolean reportsAtOnce) {
        this(workerId, runningJobs, freeSlots, finishedJobs, addedArtifacts, removedArtifacts, reportsAtOnce, null);
    }

    public HeartbeatRequest(WorkerId workerId, List<Id> runningJobs, int freeSlots, List<JobResult> finishedJobs,
            List<Id> addedArtifacts) {
        this(workerId, runningJobs, freeSlots, finishedJobs, addedArtifacts, List.of(), false);
    }

    public HeartbeatRequest(WorkerId workerId, List<Id> runningJobs, int freeSlots, List<JobResult> finishedJobs,
            List<Id> addedArtifacts, List<Id> removedArtifacts) {
        this(workerId, runningJobs, freeSlots, finishedJobs, addedArtifacts, removedArtifacts, false);
    }

    public HeartbeatRequest {
        Objects.requireNonNull(workerId, "workerId");
        runningJobs = List.copyOf(runningJobs);
        finishedJobs = List.copyOf(finishedJobs);
        addedArtifacts = List.copyOf(addedArtifacts);
        removedArtifacts = List.copyOf(removedArtifacts);
        if (freeSlots < 0) {
            throw new IllegalArgumentException("FreeSlots cannot be negative, got " + freeSlots);
        }
    }

    /** Whether this heartbeat carries news (results or new artifacts) rather than only asking for work. */
    public boolean reportsSomething() {
        return !finishedJobs.isEmpty() || !addedArtifacts.isEmpty() || !removedArtifacts.isEmpty();
    }
}

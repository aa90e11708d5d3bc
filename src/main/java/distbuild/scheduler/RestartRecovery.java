package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.WorkerId;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * What a scheduler that replaces a stopped one does differently for a while. Workers kept running
 * their jobs while the coordinator was away, and builds come back for them: so no job is handed
 * out until the workers it knew are back (or a grace has passed), lest one still running on a
 * worker not yet back start a second time; and jobs a worker reports running that no build wants
 * yet are left running for a window, for a build coming back to claim. Guarded by the scheduler's lock.
 */
final class RestartRecovery {
    private final Logger log;
    private final Set<WorkerId> awaitedWorkers = new HashSet<>();
    /** The workers the stopped scheduler knew: the only ones whose word about their jobs counts in the claim window. */
    private final Set<WorkerId> knownBefore = new HashSet<>();
    private final Map<Id, WorkerState> unclaimed = new HashMap<>();
    private long holdUntil;
    private long claimUntil;
    private boolean active;

    RestartRecovery(Logger log) {
        this.log = log;
    }

    void begin(Collection<WorkerId> knownWorkers, Duration grace, Duration claimWindow, long now) {
        awaitedWorkers.addAll(knownWorkers);
        knownBefore.addAll(knownWorkers);
        holdUntil = now + grace.toNanos();
        claimUntil = now + claimWindow.toNanos();
        active = true;
        log.info("recovering: waiting up to {} ms for {} workers before handing out jobs", grace.toMillis(),
                knownWorkers.size());
    }

    /** Whether jobs are still held back: some known worker is not back, and the grace is not over. */
    boolean holding(WorkerRegistry workers, long now) {
        if (holdUntil == 0) {
            return false;
        }
        boolean allBack = awaitedWorkers.stream().allMatch(workers::isAlive);
        if (!allBack && now - holdUntil < 0) {
            return true;
        }
        log.info(allBack ? "every known worker is back: handing out jobs" : "handing out jobs: not every known worker came back");
        holdUntil = 0;
        awaitedWorkers.clear();
        return false;
    }

    /** Whether it still waits for known workers (until a job asks and finds them all back, or the grace is over). */
    boolean awaitingWorkers() {
        return holdUntil != 0;
    }

    /** The moment holding ends at the latest, if it is earlier than {@code current}. */
    long wakeUp(long current, long now) {
        return holdUntil != 0 ? JobQueues.earliest(current, holdUntil, now) : current;
    }

    /** A worker runs a job no build wants: true if it is kept for a build to claim rather than cancelled. */
    boolean keep(Id job, WorkerState worker, long now) {
        if (!active || now - claimUntil >= 0) {
            unclaimed.clear();
            return false;
        }
        if (!knownBefore.contains(worker.id)) {
            return false; // a newcomer cannot have been running it before the restart
        }
        unclaimed.put(job, worker);
        return true;
    }

    /**
     * Whether a worker may still speak of a job it was not handed by this scheduler (list it as
     * running, report its result): only a worker the scheduler before knew, in the window after a
     * restart, since that one may have handed it the job.
     */
    boolean mayClaim(WorkerId worker, long now) {
        return active && now - claimUntil < 0 && knownBefore.contains(worker);
    }

    /** The live worker that still runs {@code job} from before the restart, if any; it is claimed. */
    WorkerState claim(Id job) {
        WorkerState runner = unclaimed.remove(job);
        return runner != null && runner.alive ? runner : null;
    }

    void finished(Id job) {
        unclaimed.remove(job);
    }

    void lost(WorkerState worker) {
        unclaimed.values().removeIf(runner -> runner == worker);
    }
}

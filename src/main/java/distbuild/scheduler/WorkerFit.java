package distbuild.scheduler;

import distbuild.model.WorkerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Workers that differ: which of them may take a job. A worker that says it cannot run a job
 * ({@link distbuild.model.Retry#workerUnable}: it lacks a program the job needs as planned, or
 * cannot lay out its tree) is not given that job again, and no try is counted against the job;
 * once every live worker has said so, the job fails naming each and why, rather than run with
 * another compiler or wait for a worker that may never come. A job that requires something of the
 * machine goes only to a worker that offers it, and a job planned with a compiler only to a worker
 * that does not list another build of it (see {@link UnmetRequirements} for one that none does). Guarded by the scheduler's lock.
 */
final class WorkerFit {
    private WorkerFit() {}

    static boolean fits(PendingJob job, WorkerState worker) {
        return (job.unableOn.isEmpty() || !job.unableOn.containsKey(worker.id))
                && job.job.needs().metBy(worker.offers);
    }

    /**
     * Notes that {@code worker} cannot run the job. Returns the job's failure if no live worker is
     * left that has not said the same.
     */
    static Optional<String> unable(PendingJob job, WorkerId worker, String why, Collection<WorkerState> live) {
        job.unableOn.put(worker, why);
        return noneLeft(job, live);
    }

    /** The job's failure if every live worker has said it cannot run it. */
    static Optional<String> noneLeft(PendingJob job, Collection<WorkerState> live) {
        for (WorkerState candidate : live) {
            if (fits(job, candidate)) {
                return Optional.empty();
            }
        }
        List<String> each = new ArrayList<>();
        job.unableOn.forEach((id, reason) -> each.add(id + ": " + reason));
        // A worker that does not meet its requirements never said so: it was never given the job.
        for (WorkerState candidate : live) {
            if (!job.unableOn.containsKey(candidate.id)) {
                each.add(candidate.id + ": lacks " + String.join(", ", job.job.needs().unmetBy(candidate.offers)));
            }
        }
        return Optional.of("no worker can run it (" + String.join("; ", each) + ")");
    }
}

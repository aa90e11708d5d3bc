package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.WorkerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs some build waits for, each once whatever the number of builds, and which workers run
 * them. Guarded by the scheduler's lock.
 */
final class JobTable {
    private final Map<Id, PendingJob> jobs = new HashMap<>();
    private long nextSequence;

    PendingJob get(Id id) {
        return jobs.get(id);
    }

    /** A new pending job, queued by the caller; {@code get} finds it from now on. */
    PendingJob add(Job job, Map<Id, String> sourceFiles) {
        PendingJob pending = new PendingJob(job, sourceFiles, nextSequence++);
        jobs.put(job.id(), pending);
        return pending;
    }

    /** Removes the job that finished or that nobody wants any more; null if there is none. */
    PendingJob remove(Id id) {
        return jobs.remove(id);
    }

    boolean remove(PendingJob job) {
        return jobs.remove(job.id(), job);
    }

    int size() {
        return jobs.size();
    }

    /** The jobs waiting in the queues for a worker, in no particular order. */
    java.util.stream.Stream<PendingJob> queued() {
        return jobs.values().stream().filter(job -> job.status == PendingJob.Status.QUEUED);
    }

    /** Every job, removed: the scheduler is shutting down. */
    List<PendingJob> removeAll() {
        List<PendingJob> all = new ArrayList<>(jobs.values());
        jobs.clear();
        return all;
    }

    /** The job now runs on {@code worker} too (handed to it, or found running there). */
    static void startOn(PendingJob job, WorkerState worker, long now) {
        job.status = PendingJob.Status.RUNNING;
        job.runningOn.put(worker, now);
        worker.handed.add(job.id());
        worker.running.add(job);
        job.startListeners.forEach(listener -> listener.accept(worker.id));
        // A cancel or a finish this worker still has on record is about an earlier run of this ID.
        worker.toCancel.remove(job.id());
        worker.recentlyFinished.remove(job.id());
    }

    /** A try of the job on {@code worker} ended without its result, for {@code why}: its builds are told. */
    static void lostOn(PendingJob job, WorkerId worker, String why) {
        job.lossListeners.forEach(listener -> listener.accept(worker, why));
    }

    /** The job no longer runs on {@code worker}; true if it now runs nowhere. */
    static boolean stopOn(PendingJob job, WorkerState worker) {
        worker.running.remove(job);
        job.runningOn.remove(worker);
        return job.runningOn.isEmpty();
    }
}

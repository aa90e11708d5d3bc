package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** One build's interest in a job the scheduler runs once for every build that wants it. */
final class SchedulerTicket implements JobTicket {
    private final Scheduler scheduler;
    private final PendingJob job;
    /** Whether the job was already wanted by another build when this one asked for it. */
    private final boolean shared;
    private boolean cancelled;

    SchedulerTicket(Scheduler scheduler, PendingJob job, boolean shared) {
        this.scheduler = scheduler;
        this.job = job;
        this.shared = shared;
    }

    @Override
    public Id jobId() {
        return job.id();
    }

    @Override
    public CompletableFuture<JobResult> result() {
        return shared ? job.result.thenApply(r -> r.withProvenance(r.provenance().sharedWithAnotherBuild())) : job.result;
    }

    @Override
    public void onStart(Consumer<WorkerId> listener) {
        scheduler.listenForStarts(job, listener);
    }

    @Override
    public void onLost(BiConsumer<WorkerId, String> listener) {
        scheduler.listenForLosses(job, listener);
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
        }
        scheduler.release(job);
    }
}

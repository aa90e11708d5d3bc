package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.util.ArrayList;
import java.util.List;
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
    /** What this ticket asked to hear, to be forgotten with it: the job may outlive it for other builds. */
    private final List<Consumer<WorkerId>> startListeners = new ArrayList<>();
    private final List<BiConsumer<WorkerId, String>> lossListeners = new ArrayList<>();

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
        synchronized (this) {
            startListeners.add(listener);
        }
        scheduler.listenForStarts(job, listener);
    }

    @Override
    public void onLost(BiConsumer<WorkerId, String> listener) {
        synchronized (this) {
            lossListeners.add(listener);
        }
        scheduler.listenForLosses(job, listener);
    }

    @Override
    public void cancel() {
        List<Consumer<WorkerId>> starts;
        List<BiConsumer<WorkerId, String>> losses;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            starts = List.copyOf(startListeners);
            losses = List.copyOf(lossListeners);
        }
        scheduler.release(job, starts, losses);
    }
}

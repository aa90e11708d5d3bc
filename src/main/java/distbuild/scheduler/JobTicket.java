package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.JobResult;
import java.util.concurrent.CompletableFuture;

/**
 * One build's interest in a job. Several tickets may share one job; the job runs once and every
 * ticket sees its result. Cancelling the last ticket of a job drops it from the queues or, if
 * it runs, asks its worker to stop it.
 */
public interface JobTicket {
    Id jobId();

    /** Completes with the job's result, whether it succeeded or failed. */
    CompletableFuture<JobResult> result();

    /**
     * Calls {@code listener} with the worker each time the job is handed to one (again after a
     * worker is lost), and at once if it runs already. Called under the scheduler's lock: the
     * listener must only take note and return.
     */
    default void onStart(java.util.function.Consumer<distbuild.model.WorkerId> listener) {}

    /**
     * Calls {@code listener} with the worker and the reason each time a try of the job on a worker
     * ends without its result (the worker died, stopped listing it, or could not run it for a
     * reason not the job's own); the job is then handed out again, unless it had its share of
     * tries. Called under the scheduler's lock, like {@link #onStart}.
     */
    default void onLost(java.util.function.BiConsumer<distbuild.model.WorkerId, String> listener) {}

    /** Withdraws this interest; idempotent. */
    void cancel();
}

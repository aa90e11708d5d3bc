package distbuild.coordinator;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.scheduler.JobTicket;
import java.util.concurrent.CompletableFuture;

/** A job whose result the coordinator already knows and whose artifact a live worker holds. */
record ReplayedJob(Id jobId, CompletableFuture<JobResult> result) implements JobTicket {
    ReplayedJob(JobResult known) {
        this(known.jobId(), CompletableFuture.completedFuture(known));
    }

    @Override
    public void cancel() {}
}

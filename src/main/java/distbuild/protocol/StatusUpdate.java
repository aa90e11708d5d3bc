package distbuild.protocol;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.util.Objects;

/**
 * Every message of a build's stream after {@link BuildStarted}. On the wire this is one struct
 * with three optional fields, and a peer may set more than one; readers handle
 * {@code jobFinished} first, then the end of the build.
 *
 * @param jobFinished a job that finished (ran or was replayed from cache), or null
 * @param buildFailed why the build failed, or null; ends the stream
 * @param buildFinished true when every job succeeded; ends the stream
 * @param jobStarted a job was handed to a worker, or null; sent only to clients that asked for
 *     it (our extension, see {@link BuildRequest#reportJobStarts()})
 * @param jobLost a try of a job on a worker ended without its result, or null; sent to the same
 *     clients as {@code jobStarted}
 */
public record StatusUpdate(JobResult jobFinished, String buildFailed, boolean buildFinished, JobStarted jobStarted,
        JobLost jobLost) {
    /** A job of the build went to {@code worker}; it may go to another one later if that one is lost. */
    public record JobStarted(Id jobId, WorkerId worker) {
        public JobStarted {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(worker, "worker");
        }
    }

    /**
     * A try of a job on {@code worker} ended without its result (the worker died, dropped the job
     * or could not run it); the job is handed out again unless it had its share of tries.
     */
    public record JobLost(Id jobId, WorkerId worker, String reason) {
        public JobLost {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public StatusUpdate(JobResult jobFinished, String buildFailed, boolean buildFinished) {
        this(jobFinished, buildFailed, buildFinished, null, null);
    }

    public static StatusUpdate ofJob(JobResult result) {
        return new StatusUpdate(Objects.requireNonNull(result, "result"), null, false);
    }

    public static StatusUpdate started(Id jobId, WorkerId worker) {
        return new StatusUpdate(null, null, false, new JobStarted(jobId, worker), null);
    }

    public static StatusUpdate lost(Id jobId, WorkerId worker, String reason) {
        return new StatusUpdate(null, null, false, null, new JobLost(jobId, worker, reason));
    }

    public static StatusUpdate failed(String error) {
        return new StatusUpdate(null, Objects.requireNonNull(error, "error"), false);
    }

    public static StatusUpdate finished() {
        return new StatusUpdate(null, null, true);
    }

    /** Whether this update ends the build's stream. */
    public boolean isFinal() {
        return buildFailed != null || buildFinished;
    }
}

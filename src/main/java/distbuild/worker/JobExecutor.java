package distbuild.worker;

import distbuild.model.JobResult;

/**
 * Runs one job to a result. Failures of the job — a command exits non-zero, an input cannot be
 * fetched — are results, not exceptions; an exception means the worker itself broke.
 * Interruption means the job was cancelled: stop at once and throw {@link InterruptedException}.
 */
@FunctionalInterface
public interface JobExecutor {
    JobResult execute(JobRun run) throws Exception;
}

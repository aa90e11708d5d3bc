package distbuild.client;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;

/** Hears about a build as it runs. Called from the thread running {@link Client#build}, one event at a time. */
public interface BuildListener {
    /** The coordinator accepted the build and lacks {@code missingFiles} of its source files. */
    default void onStarted(Id buildId, int missingFiles) {}

    /** The job was handed to {@code worker} (again, if an earlier worker was lost). Coordinators of the reference design never say. */
    default void onJobStarted(Job job, WorkerId worker) {}

    /**
     * A try of the job on {@code worker} ended without its result, for {@code reason}; it runs
     * again, unless it had its share of tries (then its failure follows).
     */
    default void onJobLost(Job job, WorkerId worker, String reason) {}

    /**
     * The job finished: it ran, was replayed from a cache, or was shared with another build (see
     * {@link JobResult#provenance()}), and succeeded or failed ({@link JobResult#succeeded()}).
     */
    default void onJobFinished(Job job, JobResult result) {}

    /**
     * The coordinator could not be reached to start the build ({@code reason}); it is tried again
     * for up to {@code window}, in case it is restarting.
     */
    default void onWaitingForCoordinator(java.net.URI coordinator, String reason, java.time.Duration window) {}

    /** The coordinator was lost mid-build ({@code reason}); the build waits up to {@code window} for it. */
    default void onCoordinatorLost(String reason, java.time.Duration window) {}

    /** The coordinator is back and has the build again. */
    default void onResumed() {}

    /** A listener that tells this one, then {@code next}, of every event. */
    default BuildListener andThen(BuildListener next) {
        BuildListener first = this;
        return new BuildListener() {
            @Override
            public void onStarted(Id buildId, int missingFiles) {
                first.onStarted(buildId, missingFiles);
                next.onStarted(buildId, missingFiles);
            }

            @Override
            public void onJobStarted(Job job, WorkerId worker) {
                first.onJobStarted(job, worker);
                next.onJobStarted(job, worker);
            }

            @Override
            public void onJobLost(Job job, WorkerId worker, String reason) {
                first.onJobLost(job, worker, reason);
                next.onJobLost(job, worker, reason);
            }

            @Override
            public void onJobFinished(Job job, JobResult result) {
                first.onJobFinished(job, result);
                next.onJobFinished(job, result);
            }

            @Override
            public void onWaitingForCoordinator(java.net.URI coordinator, String reason, java.time.Duration window) {
                first.onWaitingForCoordinator(coordinator, reason, window);
                next.onWaitingForCoordinator(coordinator, reason, window);
            }

            @Override
            public void onCoordinatorLost(String reason, java.time.Duration window) {
                first.onCoordinatorLost(reason, window);
                next.onCoordinatorLost(reason, window);
            }

            @Override
            public void onResumed() {
                first.onResumed();
                next.onResumed();
            }
        };
    }

    BuildListener NONE = new BuildListener() {};
}

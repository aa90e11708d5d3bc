package distbuild.protocol;

import distbuild.model.Id;
import java.util.Optional;

/** What the coordinator tells people watching it (our extension): see {@link StatusHandler}. */
public interface StatusService {
    /** The cluster at a glance, listing at most {@code maxWaiting} waiting jobs. */
    ClusterStatus status(int maxWaiting);

    /**
     * One running or recently ended build, job by job: every failed or started job, and others up
     * to {@code mostJobs}; empty when the build is unknown or long gone.
     */
    Optional<BuildDetails> buildDetails(Id build, int mostJobs);
}

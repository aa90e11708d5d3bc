package distbuild.coordinator;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.scheduler.JobTicket;
import distbuild.scheduler.Priority;
import java.util.Map;

/** How a build gets one of its jobs done: by the scheduler, or straight from a known result. */
interface JobStarter {
    JobTicket start(Job job, Map<Id, String> sourceFiles, Priority priority);

    /** Runs {@code starts} (calls to {@link #start}) as one step, so the most urgent of those jobs goes first. */
    default void batch(Runnable starts) {
        starts.run();
    }
}

package distbuild.scheduler;

import java.util.concurrent.CancellationException;

/** The scheduler was shut down before the job finished: the coordinator is stopping, the job did not fail. */
public final class SchedulerStoppedException extends CancellationException {
    public SchedulerStoppedException() {
        super("the coordinator is shutting down");
    }
}

package distbuild.scheduler;

import distbuild.model.Id;
import java.util.List;

/** What a worker's poll brings back: jobs to start and jobs to stop. */
public record Dispatch(List<Assignment> jobs, List<Id> cancelled) {
    public static final Dispatch NOTHING = new Dispatch(List.of(), List.of());

    public Dispatch {
        jobs = List.copyOf(jobs);
        cancelled = List.copyOf(cancelled);
    }

    public boolean isEmpty() {
        return jobs.isEmpty() && cancelled.isEmpty();
    }
}

package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.Job;
import java.util.Map;

/** A job handed to a worker, with the source files it reads (ID → path). */
public record Assignment(Job job, Map<Id, String> sourceFiles) {
    public Assignment {
        sourceFiles = Map.copyOf(sourceFiles);
    }
}

package distbuild.protocol;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.WorkerId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A job as a worker receives it: the job itself, the source files it reads (ID → path in the
 * source tree) and, for each dep, a worker that holds its artifact. On the wire the job's own
 * fields are inlined next to {@code SourceFiles} and {@code Artifacts}.
 *
 * @param cachedOn a worker that holds this job's own artifact, to fetch it from rather than run
 *     the job again; null if none (our extension, {@code "CachedOn"})
 */
public record JobSpec(Job job, Map<Id, String> sourceFiles, Map<Id, WorkerId> artifacts, WorkerId cachedOn) {
    public JobSpec {
        Objects.requireNonNull(job, "job");
        sourceFiles = Collections.unmodifiableMap(new LinkedHashMap<>(sourceFiles));
        artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
    }

    public JobSpec(Job job, Map<Id, String> sourceFiles, Map<Id, WorkerId> artifacts) {
        this(job, sourceFiles, artifacts, null);
    }

    public Id id() {
        return job.id();
    }
}

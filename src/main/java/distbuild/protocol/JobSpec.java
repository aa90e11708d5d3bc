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
 *     the job again; null if none (our extension, {@code "CachedOn"}). With {@code replayOf}, a
 *     worker that holds that job's artifact instead.
 * @param replayOf an earlier job whose commands and inputs were exactly this one's (early cutoff):
 *     its artifact and result may be taken as this job's instead of running it; null if none (our
 *     extension, {@code "ReplayOf"}; a peer of the reference design runs the job, which is as right)
 */
public record JobSpec(Job job, Map<Id, String> sourceFiles, Map<Id, WorkerId> artifacts, WorkerId cachedOn, Id replayOf) {
    public JobSpec {
        Objects.requireNonNull(job, "job");
        sourceFiles = Collections.unmodifiableMap(new LinkedHashMap<>(sourceFiles));
        artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
    }

    public JobSpec(Job job, Map<Id, String> sourceFiles, Map<Id, WorkerId> artifacts) {
        this(job, sourceFiles, artifacts, null, null);
    }

    public JobSpec(Job job, Map<Id, String> sourceFiles, Map<Id, WorkerId> artifacts, WorkerId cachedOn) {
        this(job, sourceFiles, artifacts, cachedOn, null);
    }

    public Id id() {
        return job.id();
    }
}

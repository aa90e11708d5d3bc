package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.WorkerId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which workers may say they hold an artifact: the worker handed its job (it runs it, or replays
 * it from its cache), and every worker handed a job that needs it (it fetches it from a holder
 * the coordinator named). A worker's word on anything else is not taken: otherwise one claim to
 * hold an artifact would get it its job "replayed from cache", and its forged result accepted.
 *
 * <p>Kept past a worker's death, since a worker restarted on its data still has its cache; bounded,
 * the artifacts granted longest ago forgotten first. Guarded by the scheduler's lock.
 */
final class ArtifactGrants {
    /** About 40 MiB at the most: far more artifacts than the builds in flight use. */
    static final int MAX_ARTIFACTS = 256 * 1024;

    private final int maxArtifacts;
    private final Map<Id, Set<WorkerId>> holders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Id, Set<WorkerId>> eldest) {
            return size() > maxArtifacts;
        }
    };

    ArtifactGrants(int maxArtifacts) {
        this.maxArtifacts = maxArtifacts;
    }

    /** {@code job} was handed to {@code worker}: it will hold the job's artifact and those of its deps. */
    void handed(WorkerId worker, Job job) {
        grant(job.id(), worker);
        job.deps().forEach(dep -> grant(dep, worker));
    }

    void grant(Id artifact, WorkerId worker) {
        holders.computeIfAbsent(artifact, id -> new java.util.HashSet<>(2)).add(worker);
    }

    boolean allows(Id artifact, WorkerId worker) {
        Set<WorkerId> granted = holders.get(artifact);
        return granted != null && granted.contains(worker);
    }
}

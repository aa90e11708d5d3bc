package distbuild.scheduler;

import distbuild.model.Id;
import java.util.Set;

/**
 * A job cannot run because no live worker holds the artifact of some of its deps any more (their
 * holders died, or lost them): the builds that want it must run those deps again first.
 */
public final class LostDepsException extends RuntimeException {
    private final Set<Id> deps;

    public LostDepsException(Id job, Set<Id> deps) {
        super("no live worker holds the artifacts of " + deps.size() + " deps of job " + job.shortHex());
        this.deps = Set.copyOf(deps);
    }

    public Set<Id> deps() {
        return deps;
    }
}

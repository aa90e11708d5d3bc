package distbuild.security;

import distbuild.model.WorkerId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * On a coordinator that knows workers by their own credentials ({@code distbuild credentials
 * --worker NAME}): which worker may speak for which worker ID. The first heartbeat of an ID binds
 * it to the name whose credential sent it; after that, only that credential may send that ID's
 * heartbeats — its results, its artifacts, the jobs it says it runs — so one worker cannot speak
 * as another. A worker that starts again under a new URL binds its new ID the same way, and an ID
 * whose worker is lost is free again (its port may be another worker's next). Bindings live in
 * memory: after a coordinator restart the first heartbeat of each ID binds it anew. The shared
 * worker credential is not enough to heartbeat here. Thread-safe.
 */
public final class WorkerBindings {
    private final boolean byName;
    private final Map<WorkerId, String> names = new ConcurrentHashMap<>();

    /** @param byName whether workers are known by their own credentials; if not, anyone with the worker role may heartbeat */
    public WorkerBindings(boolean byName) {
        this.byName = byName;
    }

    /** Forgets the bindings of every worker ID but {@code live}. */
    public void keepOnly(java.util.Collection<WorkerId> live) {
        names.keySet().retainAll(java.util.Set.copyOf(live));
    }

    /** Lets {@code caller} speak for {@code worker}, binding the ID at its first heartbeat; throws why not. */
    public void admit(WorkerId worker, Caller caller) throws AccessDeniedException {
        if (!byName) {
            return;
        }
        String name = caller.worker().orElseThrow(() -> new AccessDeniedException(true, "this coordinator knows each"
                + " worker by a credential of its own: start the worker with the directory made for it by"
                + " `distbuild credentials DIR --worker NAME` (DIR/worker-NAME), not the shared worker directory"));
        String bound = names.putIfAbsent(worker, name);
        if (bound != null && !bound.equals(name)) {
            throw new AccessDeniedException(true, "worker ID " + worker + " belongs to worker " + bound
                    + "; the credential sent is worker " + name + "'s");
        }
    }
}

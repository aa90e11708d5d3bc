package distbuild.coordinator;

import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatRequest;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each worker last said about itself in its heartbeats ({@link HeartbeatRequest.Stats}), for
 * the status pages, and how many bytes that adds to the cluster's total. Holds only workers the
 * scheduler still knows. Thread-safe.
 */
final class WorkerStatsBoard {
    private final Map<WorkerId, HeartbeatRequest.Stats> latest = new ConcurrentHashMap<>();

    /**
     * Takes a worker's news; returns the bytes it received since it last said. A worker started
     * again counts from zero, so a smaller count than before is all new.
     */
    long update(WorkerId worker, HeartbeatRequest.Stats stats) {
        HeartbeatRequest.Stats before = latest.put(worker, stats);
        if (before == null) {
            return stats.receivedBytes();
        }
        long grown = stats.receivedBytes() - before.receivedBytes();
        return grown >= 0 ? grown : stats.receivedBytes();
    }

    Optional<HeartbeatRequest.Stats> of(WorkerId worker) {
        return Optional.ofNullable(latest.get(worker));
    }

    /** Forgets the workers the scheduler forgot. */
    void keepOnly(Collection<WorkerId> known) {
        latest.keySet().retainAll(new HashSet<>(known));
    }
}

package distbuild.coordinator;

import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each worker last said about itself in its heartbeats ({@link HeartbeatRequest.Stats}), for
 * the status pages, and how many bytes that adds to the cluster's total. Holds the workers heard
 * from most recently, up to {@link #MOST_WORKERS}. Thread-safe.
 *
 * <p>A worker's heartbeats may arrive out of order (a poll held while a report overtakes it), so
 * bytes are added only as a worker's count passes the highest it said before. A worker started
 * again counts from zero: what it downloads is added once its count passes the old one, so the
 * total may fall short after a restart, and never counts a byte twice. What is shown is what
 * arrived last: at worst one heartbeat old.
 */
final class WorkerStatsBoard {
    static final int MOST_WORKERS = 10_000;

    /** What a worker said last, and the most bytes it ever said it had received. */
    private record Heard(HeartbeatRequest.Stats stats, long mostReceived) {}

    private final Map<WorkerId, Heard> heard = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<WorkerId, Heard> eldest) {
            return size() > MOST_WORKERS;
        }
    };

    /** Takes a worker's news; returns the bytes it adds to what workers received. */
    synchronized long update(WorkerId worker, HeartbeatRequest.Stats stats) {
        Heard before = heard.get(worker);
        long most = before == null ? 0 : before.mostReceived();
        long added = Math.max(0, stats.receivedBytes() - most);
        heard.put(worker, new Heard(stats, most + added));
        return added;
    }

    synchronized Optional<HeartbeatRequest.Stats> of(WorkerId worker) {
        return Optional.ofNullable(heard.get(worker)).map(Heard::stats);
    }
}

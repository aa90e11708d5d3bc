package distbuild.coordinator;

import distbuild.model.WorkerId;
import distbuild.model.WorkerOffers;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.PeerVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each worker last said about itself in its heartbeats, for the status pages: its
 * {@link HeartbeatRequest.Stats} (and how many bytes that adds to the cluster's total), its
 * version and what its machine offers. Holds the workers heard from most recently, up to
 * {@link #MOST_WORKERS}. Thread-safe.
 *
 * <p>A worker's heartbeats may arrive out of order (a poll held while a report overtakes it), so
 * bytes are added only as a worker's count passes the highest it said before. A worker started
 * again counts from zero: what it downloads is added once its count passes the old one, so the
 * total may fall short after a restart, and never counts a byte twice. What is shown is what
 * arrived last: at worst one heartbeat old.
 */
final class WorkerStatsBoard {
    static final int MOST_WORKERS = 10_000;

    /**
     * What a worker said last, and the most bytes it ever said it had received.
     *
     * @param stats null until it says (a worker of the reference design never does); likewise version and offers
     */
    record Heard(HeartbeatRequest.Stats stats, long mostReceived, PeerVersion version, WorkerOffers offers) {
        static final Heard NOTHING = new Heard(null, 0, null, null);
    }

    private final Map<WorkerId, Heard> heard = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<WorkerId, Heard> eldest) {
            return size() > MOST_WORKERS;
        }
    };

    /** Takes a worker's news; returns the bytes it adds to what workers received. */
    synchronized long update(WorkerId worker, HeartbeatRequest.Stats stats) {
        Heard before = of(worker);
        long added = Math.max(0, stats.receivedBytes() - before.mostReceived());
        heard.put(worker, new Heard(stats, before.mostReceived() + added, before.version(), before.offers()));
        return added;
    }

    synchronized void version(WorkerId worker, PeerVersion version) {
        Heard before = of(worker);
        heard.put(worker, new Heard(before.stats(), before.mostReceived(), version, before.offers()));
    }

    synchronized void offers(WorkerId worker, WorkerOffers offers) {
        Heard before = of(worker);
        heard.put(worker, new Heard(before.stats(), before.mostReceived(), before.version(), offers));
    }

    synchronized Optional<HeartbeatRequest.Stats> stats(WorkerId worker) {
        return Optional.ofNullable(of(worker).stats());
    }

    /** All it said; {@link Heard#NOTHING} for a worker not heard from. */
    synchronized Heard of(WorkerId worker) {
        return heard.getOrDefault(worker, Heard.NOTHING);
    }
}

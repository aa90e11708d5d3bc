package distbuild.coordinator;

import distbuild.model.WorkerId;
import distbuild.model.WorkerOffers;
import distbuild.protocol.PeerVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each worker says it is, for the status pages: its version and what its machine offers.
 * Holds the workers heard from most recently, as {@link WorkerStatsBoard} does. Thread-safe.
 */
final class WorkerDescriptions {
    /** @param version null until it says (a worker of the reference design never does); likewise {@code offers} */
    record Description(PeerVersion version, WorkerOffers offers) {}

    private final Map<WorkerId, Description> described = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<WorkerId, Description> eldest) {
            return size() > WorkerStatsBoard.MOST_WORKERS;
        }
    };

    synchronized void version(WorkerId worker, PeerVersion version) {
        Description before = described.get(worker);
        described.put(worker, new Description(version, before == null ? null : before.offers()));
    }

    synchronized void offers(WorkerId worker, WorkerOffers offers) {
        Description before = described.get(worker);
        described.put(worker, new Description(before == null ? null : before.version(), offers));
    }

    synchronized Description of(WorkerId worker) {
        Description description = described.get(worker);
        return description == null ? new Description(null, null) : description;
    }
}

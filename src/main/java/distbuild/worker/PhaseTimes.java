package distbuild.worker;

import distbuild.model.Provenance;
import java.time.Duration;

/**
 * How long one run of a job spent fetching its inputs, running its commands and storing its
 * artifact; each link of the executor chain times its own phase. Reported with the result, so
 * that a client can draw where the time went.
 */
public final class PhaseTimes {
    private volatile long fetchNanos;
    private volatile long runNanos;
    private volatile long storeNanos;

    void fetchedSince(long startNanos) {
        fetchNanos = System.nanoTime() - startNanos;
    }

    void ranSince(long startNanos) {
        runNanos = System.nanoTime() - startNanos;
    }

    void storedSince(long startNanos) {
        storeNanos = System.nanoTime() - startNanos;
    }

    Provenance.Timing timing() {
        return new Provenance.Timing(Duration.ofNanos(fetchNanos), Duration.ofNanos(runNanos), Duration.ofNanos(storeNanos));
    }
}

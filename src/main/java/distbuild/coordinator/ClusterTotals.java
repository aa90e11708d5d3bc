package distbuild.coordinator;

import distbuild.model.JobResult;
import distbuild.protocol.ClusterStatus;
import java.util.concurrent.atomic.AtomicLong;

/** What the coordinator has done since it started, counted as builds and jobs end. Thread-safe. */
final class ClusterTotals {
    private final AtomicLong builds = new AtomicLong();
    private final AtomicLong buildsSucceeded = new AtomicLong();
    private final AtomicLong buildsFailed = new AtomicLong();
    private final AtomicLong jobsRan = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong jobsShared = new AtomicLong();

    void buildStarted() {
        builds.incrementAndGet();
    }

    void buildEnded(boolean succeeded) {
        (succeeded ? buildsSucceeded : buildsFailed).incrementAndGet();
    }

    /** A job of some build finished: it ran, was replayed from a cache, or ran once for several builds. */
    void jobFinished(JobResult result) {
        switch (result.provenance().origin()) {
            case RAN -> jobsRan.incrementAndGet();
            case CACHED -> cacheHits.incrementAndGet();
            case SHARED -> jobsShared.incrementAndGet();
        }
    }

    ClusterStatus.Totals snapshot() {
        return new ClusterStatus.Totals(builds.get(), buildsSucceeded.get(), buildsFailed.get(), jobsRan.get(),
                cacheHits.get(), jobsShared.get());
    }
}

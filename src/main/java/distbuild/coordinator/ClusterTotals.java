package distbuild.coordinator;

import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.protocol.ClusterStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What the coordinator has done since it started, counted as builds and jobs end: meters of its
 * {@code /metrics}, read back for the totals of {@code /status}. Thread-safe.
 */
final class ClusterTotals {
    private final Counter builds;
    private final Counter buildsSucceeded;
    private final Counter buildsFailed;
    private final Counter jobsRan;
    private final Counter cacheHits;
    private final Counter jobsShared;
    private final Counter jobsCutOff;
    private final Timer jobRunTime;
    private final Counter uploadedByClients;
    private final Counter receivedByWorkers;

    ClusterTotals(MeterRegistry registry) {
        builds = Counter.builder("distbuild.builds.started").description("Builds started").register(registry);
        buildsSucceeded = ended(registry, "succeeded");
        buildsFailed = ended(registry, "failed");
        jobsRan = finished(registry, "ran", "Jobs of builds that ran on a worker");
        cacheHits = finished(registry, "cached", "Jobs of builds replayed from a cache instead of run");
        jobsShared = finished(registry, "shared", "Jobs of builds that ran once for another build too");
        jobsCutOff = finished(registry, "cut_off", "Jobs of builds not run because their deps came out as before (early cutoff)");
        jobRunTime = Timer.builder("distbuild.jobs.run.time")
                .description("How long the commands of jobs that ran took on their worker").register(registry);
        uploadedByClients = moved(registry, "uploaded", "Bytes of source files clients uploaded");
        receivedByWorkers = moved(registry, "received",
                "Bytes workers downloaded, from the coordinator and from each other, as their heartbeats say");
    }

    /** Counting only, for tests of a build alone. */
    ClusterTotals() {
        this(new SimpleMeterRegistry());
    }

    private static Counter ended(MeterRegistry registry, String outcome) {
        return Counter.builder("distbuild.builds.ended").tag("outcome", outcome).description("Builds that ended")
                .register(registry);
    }

    private static Counter finished(MeterRegistry registry, String origin, String description) {
        return Counter.builder("distbuild.jobs.finished").tag("origin", origin).description(description)
                .register(registry);
    }

    private static Counter moved(MeterRegistry registry, String how, String description) {
        return Counter.builder("distbuild.bytes.moved").baseUnit("bytes").tag("how", how).description(description)
                .register(registry);
    }

    void buildStarted() {
        builds.increment();
    }

    void buildEnded(boolean succeeded) {
        (succeeded ? buildsSucceeded : buildsFailed).increment();
    }

    /**
     * A worker's result was taken: a job ran (counted once, whichever builds wait for it), or a
     * worker replayed it from its cache (counted per build, by {@link #jobFinished}); a try to be
     * made again elsewhere is neither.
     */
    void resultTaken(JobResult result) {
        if (!result.shouldRetry() && result.provenance().origin() == Provenance.Origin.RAN) {
            jobsRan.increment();
            if (result.provenance().timing().isKnown()) {
                jobRunTime.record(result.provenance().timing().run());
            }
        }
    }

    /** A job of a build finished for that build: a cache hit or a job another build shares count here; runs are counted as taken. */
    void jobFinished(JobResult result) {
        switch (result.provenance().origin()) {
            case RAN -> { } // counted once, when the worker's result was taken
            case CACHED -> cacheHits.increment();
            case SHARED -> jobsShared.increment();
            case CUT_OFF -> jobsCutOff.increment();
        }
    }

    /** A client uploaded a source file of so many bytes. */
    void uploaded(long bytes) {
        uploadedByClients.increment(bytes);
    }

    /** Workers said they downloaded so many more bytes. */
    void receivedByWorkers(long bytes) {
        receivedByWorkers.increment(bytes);
    }

    ClusterStatus.Totals snapshot() {
        return new ClusterStatus.Totals((long) builds.count(), (long) buildsSucceeded.count(), (long) buildsFailed.count(),
                (long) jobsRan.count(), (long) cacheHits.count(), (long) jobsShared.count(),
                (long) (uploadedByClients.count() + receivedByWorkers.count()));
    }
}

package distbuild.worker;

import distbuild.cache.ArtifactCache;
import distbuild.cache.FileCache;
import distbuild.http.Routes;
import distbuild.metrics.MetricsEndpoint;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.protocol.HeartbeatRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A worker's meters, served at its {@code /metrics}: its jobs by outcome and by whether they ran
 * or were replayed from its cache, how long their phases took, its caches' sizes, its busy slots,
 * and the artifacts it evicted.
 */
final class WorkerMetrics {
    private final MetricsEndpoint endpoint = new MetricsEndpoint();
    private final MeterRegistry registry = endpoint.registry();
    private final Counter evictions = Counter.builder("distbuild.worker.evictions")
            .description("Artifacts evicted to keep the cache within its size").register(registry);
    private volatile ArtifactCache watchedArtifacts;
    private volatile FileCache watchedFiles;
    private final Counter fromPeers = received("peers", "artifacts of deps, from the workers that hold them");
    private final Counter fromCoordinator = received("coordinator", "source files, from the coordinator");
    private final Timer fetchTime = phase("fetch", "fetching its sources and deps");
    private final Timer runTime = phase("run", "running its commands");
    private final Timer storeTime = phase("store", "storing its artifact");
    /** Jobs by outcome, then by origin: every counter made up front, none per job. */
    private final java.util.Map<String, java.util.Map<String, Counter>> jobs = new java.util.HashMap<>();

    WorkerMetrics() {
        for (String outcome : java.util.List.of("succeeded", "failed", "retry")) {
            for (String origin : java.util.List.of("ran", "cached", "cut_off")) {
                jobs.computeIfAbsent(outcome, o -> new java.util.HashMap<>()).put(origin, Counter.builder("distbuild.worker.jobs")
                        .tag("outcome", outcome).tag("origin", origin)
                        .description("Jobs this worker was given, by how they ended").register(registry));
            }
        }
    }

    private Counter received(String from, String what) {
        return Counter.builder("distbuild.worker.received").tag("from", from).baseUnit("bytes")
                .description("Bytes this worker downloaded: " + what).register(registry);
    }

    void receivedFromPeers(long bytes) {
        fromPeers.increment(bytes);
    }

    void receivedFromCoordinator(long bytes) {
        fromCoordinator.increment(bytes);
    }

    private Timer phase(String phase, String what) {
        return Timer.builder("distbuild.worker.job.phase").tag("phase", phase)
                .description("How long jobs that ran spent " + what).register(registry);
    }

    /** What the heartbeats tell the coordinator for its status pages; null before {@link #watch}. */
    HeartbeatRequest.Stats stats() {
        ArtifactCache artifacts = watchedArtifacts;
        FileCache files = watchedFiles;
        if (artifacts == null) {
            return null;
        }
        return new HeartbeatRequest.Stats(artifacts.size() + files.size(),
                (long) (fromPeers.count() + fromCoordinator.count()), false);
    }

    /** Gauges read from the caches and the slots when a scraper asks. */
    void watch(ArtifactCache artifacts, FileCache files, JobSlots slots) {
        watchedFiles = files;
        watchedArtifacts = artifacts;
        Gauge.builder("distbuild.worker.cache.bytes", artifacts, ArtifactCache::size).tag("cache", "artifacts")
                .description("Bytes the cache holds").baseUnit("bytes").register(registry);
        Gauge.builder("distbuild.worker.cache.bytes", files, FileCache::size).tag("cache", "files")
                .description("Bytes the cache holds").baseUnit("bytes").register(registry);
        Gauge.builder("distbuild.worker.slots.busy", slots, s -> s.occupancy().running().size())
                .description("Jobs running now").register(registry);
        Gauge.builder("distbuild.worker.slots.free", slots, s -> s.occupancy().free())
                .description("Slots free now").register(registry);
    }

    void evicted() {
        evictions.increment();
    }

    /** A job this worker was given ended: ran, replayed from its cache, failed, or to be tried elsewhere. */
    void jobFinished(JobResult result) {
        String outcome = result.shouldRetry() ? "retry" : result.succeeded() ? "succeeded" : "failed";
        Provenance provenance = result.provenance();
        jobs.get(outcome).get(switch (provenance.origin()) {
            case CACHED -> "cached";
            case CUT_OFF -> "cut_off";
            case RAN, SHARED -> "ran";
        }).increment();
        if (provenance.origin() == Provenance.Origin.RAN && !result.shouldRetry()) {
            fetchTime.record(provenance.timing().fetch());
            runTime.record(provenance.timing().run());
            storeTime.record(provenance.timing().store());
        }
    }

    void register(Routes routes) {
        endpoint.register(routes);
    }
}

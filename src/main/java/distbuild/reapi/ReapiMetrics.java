package distbuild.reapi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the API's front end adds to {@code /metrics}: actions by how they were answered, and the store's traffic. */
final class ReapiMetrics {
    private final Counter ran;
    private final Counter replayed;
    private final Counter cached;
    private final Counter failed;
    private final Counter hits;
    private final Counter misses;
    private final Counter bytesIn;
    private final Counter bytesOut;

    ReapiMetrics(MeterRegistry registry) {
        String actions = "distbuild.reapi.actions";
        String description = "Remote Execution API actions, by how they were answered";
        ran = Counter.builder(actions).tag("outcome", "ran").description(description).register(registry);
        replayed = Counter.builder(actions).tag("outcome", "replayed").description(description).register(registry);
        cached = Counter.builder(actions).tag("outcome", "action-cache").description(description).register(registry);
        failed = Counter.builder(actions).tag("outcome", "failed").description(description).register(registry);
        String lookups = "distbuild.reapi.action.cache.lookups";
        hits = Counter.builder(lookups).tag("found", "true").description("GetActionResult calls, by whether the result was there")
                .register(registry);
        misses = Counter.builder(lookups).tag("found", "false").description("GetActionResult calls, by whether the result was there")
                .register(registry);
        bytesIn = Counter.builder("distbuild.reapi.blob.bytes").tag("direction", "in")
                .description("Bytes of blobs written to and read from the store through the API").register(registry);
        bytesOut = Counter.builder("distbuild.reapi.blob.bytes").tag("direction", "out")
                .description("Bytes of blobs written to and read from the store through the API").register(registry);
    }

    /** An action the cluster answered with its job: run on a worker, or replayed from a worker's cache. */
    void executed(boolean fromWorkerCache) {
        (fromWorkerCache ? replayed : ran).increment();
    }

    void cached() {
        cached.increment();
    }

    void lookedUp(boolean found) {
        (found ? hits : misses).increment();
    }

    void failed() {
        failed.increment();
    }

    void received(long bytes) {
        bytesIn.increment(bytes);
    }

    void sent(long bytes) {
        bytesOut.increment(bytes);
    }
}

package distbuild.httpcache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Hits, misses, stores and refusals, and bytes in and out, per tool: on {@code /metrics}, from which {@code /status} reads them too. */
final class CacheTraffic {
    enum Outcome { HIT, MISS, STORED, REFUSED }

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CacheTraffic(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String tool, Outcome outcome) {
        counters.computeIfAbsent(tool + " " + outcome, name -> Counter.builder("distbuild.cache.requests")
                .tag("tool", tool).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .description("Requests to the shared HTTP caches, by tool and by what they found").register(registry))
                .increment();
    }

    void bytes(String tool, boolean in, long bytes) {
        counters.computeIfAbsent(tool + (in ? " in" : " out"), name -> Counter.builder("distbuild.cache.bytes")
                .tag("tool", tool).tag("direction", in ? "in" : "out")
                .description("Bytes stored into and read from the shared HTTP caches, by tool").register(registry))
                .increment(bytes);
    }
}

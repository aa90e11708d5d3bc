package distbuild.reapi;

import distbuild.store.Store;
import distbuild.coordinator.Coordinator;
import distbuild.model.Id;
import distbuild.protocol.BuildService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * What the API's front end needs of the coordinator: the same build service the seed protocol's
 * clients reach, the store (blobs in the coordinator's file cache, the action cache), a way to read
 * a job's artifact from a worker that holds it, where to keep its own state, and the registry
 * behind {@code /metrics}.
 *
 * @param dataDir where its operations are journaled (a directory of its own)
 */
public record ReapiBackend(BuildService builds, Store store, Artifacts artifacts, Path dataDir, MeterRegistry metrics) {
    /** The coordinator's own, over its store (which its HTTP caches share); the API's own state in {@code DATA/reapi}. */
    public static ReapiBackend of(Coordinator coordinator) {
        return new ReapiBackend(coordinator, coordinator.store(), coordinator::openArtifact,
                coordinator.dataDir().resolve("reapi"), coordinator.metricsRegistry());
    }

    /** A job's artifact as a tar stream, from a live worker that holds it. */
    @FunctionalInterface
    public interface Artifacts {
        InputStream open(Id job) throws IOException;
    }
}

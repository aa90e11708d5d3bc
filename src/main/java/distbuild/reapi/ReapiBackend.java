package distbuild.reapi;

import distbuild.cache.FileCache;
import distbuild.coordinator.Coordinator;
import distbuild.model.Id;
import distbuild.protocol.BuildService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * What the API's front end needs of the coordinator: the same build service the seed protocol's
 * clients reach, the coordinator's file cache, a way to read a job's artifact from a worker that
 * holds it, where to keep its own state, and the registry behind {@code /metrics}.
 *
 * @param dataDir where the store's index and the action cache live (a directory of their own)
 */
public record ReapiBackend(BuildService builds, FileCache files, Artifacts artifacts, Path dataDir, MeterRegistry metrics) {
    /** The coordinator's own: the API's state in {@code DATA/reapi}. */
    public static ReapiBackend of(Coordinator coordinator) {
        return new ReapiBackend(coordinator, coordinator.fileCache(), coordinator::openArtifact,
                coordinator.dataDir().resolve("reapi"), coordinator.metricsRegistry());
    }

    /** A job's artifact as a tar stream, from a live worker that holds it. */
    @FunctionalInterface
    public interface Artifacts {
        InputStream open(Id job) throws IOException;
    }
}

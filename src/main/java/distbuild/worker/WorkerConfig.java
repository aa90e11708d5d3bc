package distbuild.worker;

import distbuild.model.WorkerId;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * @param id this worker's identity and the base URL peers reach it at
 * @param coordinator the coordinator's base URL, such as {@code http://host:port/coordinator}
 * @param dataDir where the caches and job scratch space live; survives restarts
 * @param slots how many jobs run at once
 * @param outputLimit the most bytes of stdout (and of stderr) kept per job
 */
public record WorkerConfig(WorkerId id, URI coordinator, Path dataDir, int slots, int outputLimit) {
    public WorkerConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(dataDir, "dataDir");
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot, got " + slots);
        }
        if (outputLimit < 1024) {
            throw new IllegalArgumentException("keep at least 1 KiB of a job's output, got " + outputLimit);
        }
    }

    public WorkerConfig(WorkerId id, URI coordinator, Path dataDir, int slots) {
        this(id, coordinator, dataDir, slots, OutputCapture.DEFAULT_LIMIT);
    }
}

package distbuild.protocol;

import distbuild.model.Id;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's answer to a heartbeat: jobs to start, and jobs to stop because no build
 * wants them any more. {@code JobsToCancel} is this system's addition to the reference wire
 * format; peers that do not know it ignore it, as unknown fields are ignored by every reader.
 */
public record HeartbeatResponse(Map<Id, JobSpec> jobsToRun, List<Id> jobsToCancel) {
    public HeartbeatResponse {
        jobsToRun = Collections.unmodifiableMap(new LinkedHashMap<>(jobsToRun));
        jobsToCancel = List.copyOf(jobsToCancel);
    }

    public static HeartbeatResponse empty() {
        return new HeartbeatResponse(Map.of(), List.of());
    }
}

package distbuild.cli;

import distbuild.coordinator.Coordinator;
import distbuild.reapi.ReapiBackend;

/** The Remote Execution API's front end wired to a coordinator: its builds, its file cache, its workers' artifacts. */
final class ReapiFrontEnd {
    private ReapiFrontEnd() {}

    static ReapiBackend of(Coordinator coordinator) {
        return new ReapiBackend(coordinator, coordinator.fileCache(), coordinator::openArtifact,
                coordinator.dataDir().resolve("reapi"), coordinator.metricsRegistry());
    }
}

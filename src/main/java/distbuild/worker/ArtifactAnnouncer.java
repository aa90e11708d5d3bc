package distbuild.worker;

import distbuild.model.Id;

/** Told whenever an artifact enters this worker's cache, so the coordinator hears of it. */
@FunctionalInterface
interface ArtifactAnnouncer {
    void added(Id artifact);
}

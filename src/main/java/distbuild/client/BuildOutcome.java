package distbuild.client;

import distbuild.model.Id;

/**
 * How a build ended.
 *
 * @param buildId the coordinator's ID for it (null if it never started)
 * @param failure why it failed, in one line; null when it succeeded
 */
public record BuildOutcome(Id buildId, String failure) {
    public static BuildOutcome success(Id buildId) {
        return new BuildOutcome(buildId, null);
    }

    public static BuildOutcome failed(Id buildId, String failure) {
        return new BuildOutcome(buildId, failure);
    }

    public boolean succeeded() {
        return failure == null;
    }
}

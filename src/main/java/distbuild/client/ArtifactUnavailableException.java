package distbuild.client;

import java.io.IOException;

/** No live worker holds the artifact any more (its holders died or lost it): building its job again brings it back. */
public final class ArtifactUnavailableException extends IOException {
    public ArtifactUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

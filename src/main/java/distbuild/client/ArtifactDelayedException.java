package distbuild.client;

import java.io.IOException;

/**
 * An artifact could not be had just now, though it may be a moment later: the coordinator is
 * restarting, the workers holding it died and the coordinator has not noticed yet, or the
 * transfer broke off. Asking again after a pause is the remedy.
 */
public final class ArtifactDelayedException extends IOException {
    public ArtifactDelayedException(String message, Throwable cause) {
        super(message, cause);
    }
}

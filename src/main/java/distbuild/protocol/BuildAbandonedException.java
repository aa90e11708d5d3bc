package distbuild.protocol;

import java.io.IOException;

/**
 * Thrown by a {@link BuildService} that stops following a build it has no outcome for — the
 * coordinator is stopping. The stream is cut without {@code BuildFailed}: the build did not fail,
 * and a client that resumes builds (ours) starts it again once the coordinator is back.
 */
public final class BuildAbandonedException extends IOException {
    public BuildAbandonedException(String message) {
        super(message);
    }
}

package distbuild.client;

import java.io.IOException;

/** The coordinator would not start the build at all (an invalid graph, say): nothing ran, nothing failed. */
public final class BuildRefusedException extends IOException {
    public BuildRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}

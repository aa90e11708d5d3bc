package distbuild.client;

import java.io.IOException;

/** The coordinator could not be reached before it took the build, for as long as the client waits for one: nothing ran. */
public final class CoordinatorUnreachableException extends IOException {
    public CoordinatorUnreachableException(String message) {
        super(message);
    }
}

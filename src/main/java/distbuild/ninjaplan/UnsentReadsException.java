package distbuild.ninjaplan;

import java.io.IOException;

/** A remote compile read files it was not sent (its depfile says so): its result cannot be trusted. */
public final class UnsentReadsException extends IOException {
    public UnsentReadsException(String message) {
        super(message);
    }
}

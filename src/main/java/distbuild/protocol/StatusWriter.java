package distbuild.protocol;

import java.io.IOException;

/**
 * Where a build service writes the build's progress. Each call writes one message and sends
 * it at once. An {@link IOException} means the client is gone: the service should stop the
 * build.
 */
public interface StatusWriter {
    /** The first message, exactly once. */
    void started(BuildStarted started) throws IOException;

    void update(StatusUpdate update) throws IOException;

    /**
     * Sends nothing a reader would see (whitespace between documents) so that a client that
     * went away is noticed even while no job finishes, and idle connections stay open.
     */
    void keepAlive() throws IOException;
}

package distbuild.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;

/**
 * The client's end of a build's progress stream: {@link #started()} once, then
 * {@link #next()} until it returns null. Closing it before the end cancels the build on the
 * coordinator (the connection is dropped).
 */
public final class BuildStream implements AutoCloseable {
    private final Logger log;
    private final InputStream body;
    private final WireFormat.DocumentReader reader;
    private final BuildStarted started;
    private boolean ended;

    BuildStream(Logger log, InputStream body) throws IOException {
        this.log = log;
        this.body = body;
        this.reader = new WireFormat.DocumentReader(body);
        JsonNode first = reader.next();
        if (first == null) {
            body.close();
            throw new IOException("the coordinator ended the build stream before sending BuildStarted");
        }
        this.started = WireFormat.decodeBuildStarted(first);
        log.debug("build {} started, {} files missing", started.id().shortHex(), started.missingFiles().size());
    }

    public BuildStarted started() {
        return started;
    }

    /**
     * The next update, blocking until it arrives; null after the final one.
     *
     * @throws IOException if the stream breaks or ends without a final update
     */
    public StatusUpdate next() throws IOException {
        if (ended) {
            return null;
        }
        JsonNode json = reader.next();
        if (json == null) {
            ended = true;
            throw new IOException("the build stream of " + started.id().shortHex()
                    + " ended without BuildFinished or BuildFailed (coordinator gone?)");
        }
        StatusUpdate update = WireFormat.decodeStatusUpdate(json);
        ended = update.isFinal();
        log.debug("build {} update: {}", started.id().shortHex(), update);
        return update;
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            body.close();
        }
    }
}

package distbuild.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
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

    /** When a byte last arrived (keep-alives included), by {@link System#nanoTime()}. */
    private volatile long lastReceived = System.nanoTime();

    private final Optional<Duration> keepAlive;

    BuildStream(Logger log, InputStream body, Optional<Duration> keepAlive) throws IOException {
        this.log = log;
        this.keepAlive = keepAlive;
        this.body = new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                lastReceived = System.nanoTime();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                lastReceived = System.nanoTime();
                return n;
            }
        };
        this.reader = new WireFormat.DocumentReader(this.body);
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
     * When anything last arrived on the stream, by {@link System#nanoTime()}. A coordinator of ours
     * sends a blank line every half second while a build is quiet, so long silence means it is gone
     * without having closed the connection (a host lost, a network cut).
     */
    public long lastReceived() {
        return lastReceived;
    }

    /** How often the coordinator promised a keep-alive; empty if it did not (one of the reference design). */
    public Optional<Duration> keepAliveInterval() {
        return keepAlive;
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

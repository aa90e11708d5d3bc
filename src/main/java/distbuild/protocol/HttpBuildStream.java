package distbuild.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/** A build's progress stream read from the coordinator's streamed HTTP answer: one JSON document a line. */
final class HttpBuildStream implements BuildStream {
    private final Logger log;
    private final InputStream body;
    private final WireFormat.DocumentReader reader;
    private final BuildStarted started;
    private boolean ended;

    /** When a byte last arrived (keep-alives included), by {@link System#nanoTime()}. */
    private volatile long lastReceived = System.nanoTime();

    private final Optional<Duration> keepAlive;

    HttpBuildStream(Logger log, InputStream body, Optional<Duration> keepAlive) throws IOException {
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

    @Override
    public BuildStarted started() {
        return started;
    }

    @Override
    public long lastReceived() {
        return lastReceived;
    }

    @Override
    public Optional<Duration> keepAliveInterval() {
        return keepAlive;
    }

    @Override
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

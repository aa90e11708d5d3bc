package distbuild.protocol;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The client's end of a build's progress stream: {@link #started()} once, then {@link #next()}
 * until it returns null. Closing it before the end cancels the build on the coordinator (over
 * HTTP, the connection is dropped).
 */
public interface BuildStream extends AutoCloseable {
    BuildStarted started();

    /**
     * The next update, blocking until it arrives; null after the final one.
     *
     * @throws IOException if the stream breaks or ends without a final update
     */
    StatusUpdate next() throws IOException;

    /**
     * When anything last arrived on the stream, by {@link System#nanoTime()}. A coordinator of ours
     * sends a blank line every half second while a build is quiet, so long silence means it is gone
     * without having closed the connection (a host lost, a network cut).
     */
    long lastReceived();

    /** How often the coordinator promised a keep-alive; empty if it did not (one of the reference design, or one in this process). */
    Optional<Duration> keepAliveInterval();

    @Override
    void close() throws IOException;
}

package distbuild.protocol;

import java.io.IOException;
import java.time.Duration;

/**
 * How a worker's heartbeats reach the coordinator: over HTTP ({@link HeartbeatClient}), or, for a
 * worker in the coordinator's own process, as calls to its {@link HeartbeatService}. Interrupting
 * the caller cancels the heartbeat.
 */
public interface HeartbeatSender {
    /** Sends one heartbeat and returns the coordinator's answer, which may be held as a long poll. */
    HeartbeatResponse heartbeat(HeartbeatRequest request) throws IOException, InterruptedException;

    /** A heartbeat whose answer is waited for at most {@code timeout}: for a last word, whose answer matters little. */
    HeartbeatResponse heartbeat(HeartbeatRequest request, Duration timeout) throws IOException, InterruptedException;
}

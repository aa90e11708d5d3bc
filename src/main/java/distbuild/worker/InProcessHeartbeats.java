package distbuild.worker;

import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import distbuild.protocol.HeartbeatSender;
import distbuild.protocol.HeartbeatService;
import distbuild.protocol.PeerVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Heartbeats of a worker that lives in its coordinator's process ({@code distbuild local}): each is
 * a call to the coordinator's {@link HeartbeatService} on the worker's own thread. The messages are
 * the same records the wire carries, but nothing is encoded, sent or decoded: that round trip was
 * most of the cluster's own CPU time per job (bench/where-the-time-goes.md). The worker is the
 * process's own, so there is no credential to check; it speaks our version by construction.
 */
final class InProcessHeartbeats implements HeartbeatSender {
    private final HeartbeatService coordinator;

    InProcessHeartbeats(WorkerId self, HeartbeatService coordinator) {
        this.coordinator = coordinator;
        coordinator.speaks(self, PeerVersion.OURS);
    }

    @Override
    public HeartbeatResponse heartbeat(HeartbeatRequest request) throws IOException, InterruptedException {
        try {
            return coordinator.heartbeat(request);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the coordinator failed to take a heartbeat: " + e, e);
        }
    }

    /**
     * The call runs on a thread of its own, so a held answer is given up after {@code timeout}
     * (that thread is then interrupted, as a closed connection interrupts a held poll).
     */
    @Override
    public HeartbeatResponse heartbeat(HeartbeatRequest request, Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<HeartbeatResponse> answer = new CompletableFuture<>();
        Thread call = Thread.ofVirtual().name("last-heartbeat-" + request.workerId()).start(() -> {
            try {
                answer.complete(heartbeat(request));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the coordinator did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the coordinator failed to take a heartbeat: " + e.getCause(), e.getCause());
        } finally {
            call.interrupt();
        }
    }
}

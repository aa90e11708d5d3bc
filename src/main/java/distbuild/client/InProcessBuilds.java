package distbuild.client;

import distbuild.http.RemoteCallException;
import distbuild.http.RequestException;
import distbuild.model.Id;
import distbuild.protocol.BuildAbandonedException;
import distbuild.protocol.BuildCalls;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.BuildService;
import distbuild.protocol.BuildStarted;
import distbuild.protocol.BuildStream;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.SignalResponse;
import distbuild.protocol.StatusUpdate;
import distbuild.protocol.StatusWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Builds of a client in its coordinator's own process ({@code distbuild local}): each build is a
 * call to the coordinator's {@link BuildService} on a thread of its own, and its updates reach the
 * client as the records the wire carries, neither encoded nor decoded. It behaves as the HTTP
 * calls do: a refusal before the build starts is a {@link RemoteCallException} with the status the
 * answer would have had, a failure after it is a final {@code BuildFailed}, and closing the
 * stream early interrupts the build's thread, as a dropped connection does.
 */
final class InProcessBuilds implements BuildCalls {
    private final BuildService coordinator;

    InProcessBuilds(BuildService coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public BuildStream startBuild(BuildRequest request) throws IOException, InterruptedException {
        QueuedStream stream = new QueuedStream();
        Thread build = Thread.ofVirtual().name("build-in-process").unstarted(() -> {
            try {
                coordinator.startBuild(request, stream);
                stream.serviceEnded(null);
            } catch (Throwable e) {
                stream.serviceEnded(e);
            }
        });
        stream.service = build;
        build.start();
        try {
            stream.started.get();
            return stream;
        } catch (InterruptedException e) {
            build.interrupt();
            throw e;
        } catch (ExecutionException e) {
            throw asAnswered(e.getCause());
        }
    }

    @Override
    public SignalResponse signalBuild(Id buildId, SignalRequest signal) throws IOException, InterruptedException {
        try {
            return coordinator.signalBuild(buildId, signal);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw asAnswered(e);
        }
    }

    /** A failure of the service as the HTTP answer would have carried it: its status and message. */
    private static IOException asAnswered(Throwable failure) {
        if (failure instanceof IOException io && !(failure instanceof InterruptedIOException)) {
            return io;
        }
        int status = RequestException.statusOf(failure);
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        RemoteCallException answered = new RemoteCallException(status, message);
        answered.initCause(failure);
        return answered;
    }

    /**
     * Both ends of one build's stream: the service writes into it on the build's thread, the client
     * reads from it on its own. Updates queue without bound, as they would in a socket's buffers
     * and the client's; they are few per job.
     */
    private static final class QueuedStream implements BuildStream, StatusWriter {
        /** What ends the stream without an update saying how the build ended. */
        private record Cut(String reason) {}

        private final CompletableFuture<BuildStarted> started = new CompletableFuture<>();
        private final BlockingQueue<Object> updates = new LinkedBlockingQueue<>();
        private volatile Thread service;
        private volatile boolean closed;
        /** Written by the service: whether its final update is out. */
        private boolean finalWritten;
        /** Read by the client: whether it has seen the end. */
        private boolean ended;

        @Override
        public void started(BuildStarted build) throws IOException {
            openOrThrow();
            if (!started.complete(build)) {
                throw new IllegalStateException("BuildStarted was already written");
            }
        }

        @Override
        public synchronized void update(StatusUpdate update) throws IOException {
            openOrThrow();
            if (!started.isDone()) {
                throw new IllegalStateException("a StatusUpdate cannot come before BuildStarted");
            }
            if (finalWritten) {
                throw new IllegalStateException("the build stream already ended");
            }
            updates.add(update);
            finalWritten = update.isFinal();
        }

        @Override
        public void keepAlive() throws IOException {
            openOrThrow();
        }

        private void openOrThrow() throws IOException {
            if (closed) {
                throw new IOException("the client closed the build stream");
            }
        }

        /** The service returned ({@code failure} null) or threw: the stream ends as the HTTP handler would end it. */
        synchronized void serviceEnded(Throwable failure) {
            if (!started.isDone()) {
                started.completeExceptionally(failure != null ? failure
                        : new IOException("the coordinator ended the build before sending BuildStarted"));
                return;
            }
            if (finalWritten) {
                return;
            }
            if (failure == null) {
                updates.add(new Cut("the build stream ended without BuildFinished or BuildFailed"));
            } else if (failure instanceof BuildAbandonedException || failure instanceof InterruptedException
                    || failure instanceof IOException) {
                // No outcome: a client of ours comes back for the build, as after a cut connection.
                updates.add(new Cut("the build stream was cut without an outcome: " + failure.getMessage()));
            } else {
                updates.add(StatusUpdate.failed(failure.getMessage() == null ? failure.toString() : failure.getMessage()));
                finalWritten = true;
            }
        }

        @Override
        public BuildStarted started() {
            return started.join();
        }

        @Override
        public StatusUpdate next() throws IOException {
            if (ended) {
                return null;
            }
            Object next;
            try {
                next = updates.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the build's next update");
            }
            if (next instanceof Cut cut) {
                ended = true;
                throw new IOException(cut.reason());
            }
            StatusUpdate update = (StatusUpdate) next;
            ended = update.isFinal();
            return update;
        }

        /** Never silent: the coordinator is this process. */
        @Override
        public long lastReceived() {
            return System.nanoTime();
        }

        @Override
        public Optional<Duration> keepAliveInterval() {
            return Optional.empty();
        }

        /** Before the end, cancels the build: its thread is interrupted, and its next write fails. */
        @Override
        public void close() {
            if (ended) {
                return; // the build is over; what its thread still does (remembering results) must not be cut short
            }
            closed = true;
            Thread thread = service;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}

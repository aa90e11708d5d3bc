package distbuild.client;

import distbuild.http.CallFailure;
import distbuild.http.RemoteCallException;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.protocol.BuildCalls;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.BuildStream;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.StatusUpdate;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;

/**
 * One build followed to its outcome, across coordinator restarts. Once the coordinator has
 * accepted the build, losing it — the connection cut, or silence longer than its keep-alives allow
 * — is not the build's end: the same graph is submitted again until the coordinator is back or
 * the reconnect window has passed. Nothing already done is done again (job IDs are content, and
 * the workers keep their results), and the listener hears each job finish once.
 */
final class ResumableBuild {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    /** However short the keep-alive interval, silence shorter than this is not yet a lost coordinator. */
    private static final Duration SHORTEST_SILENCE = Duration.ofSeconds(5);

    private final Logger log;
    private final BuildCalls builds;
    private final SourceUploads uploads;
    private final URI coordinator;
    private final CoordinatorWaits waits;
    private final Duration reconnectWindow;
    private final Graph graph;
    private final Path sourceDir;
    private final BuildListener listener;
    private final Map<Id, Job> jobs;
    /** Jobs reported finished, and those reported on a stream before the last reconnection. */
    private final Set<Id> finished = new HashSet<>();
    private Set<Id> finishedBeforeResuming = Set.of();
    private final int priority;

    /** @param priority the level the build asks for among the running ones */
    ResumableBuild(Logger log, BuildCalls builds, SourceUploads uploads, URI coordinator, CoordinatorWaits waits,
            Graph graph, Path sourceDir, BuildListener listener, int priority) {
        this.log = log;
        this.priority = priority;
        this.builds = builds;
        this.uploads = uploads;
        this.coordinator = coordinator;
        this.waits = waits;
        this.reconnectWindow = waits.midBuild();
        this.graph = graph;
        this.sourceDir = sourceDir;
        this.listener = listener;
        this.jobs = graph.jobsById();
    }

    /** Thrown when the coordinator went away mid-build: worth coming back for. */
    private static final class CoordinatorLost extends Exception {
        private final boolean progressed;

        CoordinatorLost(String reason, Throwable cause, boolean progressed) {
            super(reason, cause);
            this.progressed = progressed;
        }

        /** Whether the build made progress on this stream before it was lost: a new loss, not the same one. */
        boolean progressed() {
            return progressed;
        }
    }

    /**
     * Runs the build. Until the coordinator first takes it, a coordinator that cannot be reached
     * is waited for up to {@link CoordinatorWaits#atStart} (it may be restarting). After a loss,
     * the window runs from the first loss until the resumed build makes progress (a job is
     * reported): a coordinator that keeps taking the build and dropping it gets no more time than
     * one that never comes back, and every resubmission waits its backoff.
     */
    BuildOutcome run() throws IOException, InterruptedException {
        long lostSince = -1;
        long unreachableSince = -1;
        Duration pause = FIRST_PAUSE;
        String lastProblem = null;
        while (true) {
            if (lostSince >= 0) {
                if (System.nanoTime() - lostSince > reconnectWindow.toNanos()) {
                    throw new IOException("the coordinator at " + coordinator + " did not take the build back within "
                            + reconnectWindow.toSeconds() + "s" + (lastProblem == null ? "" : " (" + lastProblem + ")"));
                }
                Thread.sleep(pause); // a backoff between resubmissions
                pause = min(pause.multipliedBy(2), LONGEST_PAUSE);
            }
            BuildStream stream;
            try {
                stream = start();
            } catch (BuildRefusedException e) {
                throw e;
            } catch (IOException e) {
                lastProblem = CallFailure.describe(e);
                if (lostSince >= 0) {
                    continue; // the top of the loop decides whether to wait on
                }
                if (!worthWaitingFor(e) || waits.atStart().isZero()
                        || unreachableSince >= 0 && System.nanoTime() - unreachableSince > waits.atStart().toNanos()) {
                    throw unreachable(lastProblem, unreachableSince >= 0);
                }
                if (unreachableSince < 0) {
                    unreachableSince = System.nanoTime();
                    log.debug("the coordinator cannot be reached yet", e);
                    listener.onWaitingForCoordinator(coordinator, lastProblem, waits.atStart());
                }
                Thread.sleep(pause); // a backoff between tries, while the coordinator starts
                pause = min(pause.multipliedBy(2), LONGEST_PAUSE);
                continue;
            }
            boolean resuming = lostSince >= 0;
            if (resuming) {
                finishedBeforeResuming = Set.copyOf(finished);
                listener.onResumed();
            }
            try (stream; Watchdog watchdog = new Watchdog(stream)) {
                return follow(stream, watchdog);
            } catch (CoordinatorLost e) {
                if (reconnectWindow.isZero()) {
                    throw new IOException("lost the coordinator at " + coordinator + ": " + e.getMessage(), e.getCause());
                }
                log.debug("lost the coordinator mid-build", e.getCause());
                if (lostSince < 0 || e.progressed()) {
                    lostSince = System.nanoTime();
                    pause = FIRST_PAUSE;
                    listener.onCoordinatorLost(e.getMessage(), reconnectWindow);
                }
            }
        }
    }

    /**
     * Whether a coordinator that failed this way may be there a moment later: refused, reset, slow or
     * answering 5xx while it starts may be; a host name that does not resolve or a TLS certificate
     * that is not trusted will not be.
     */
    private static boolean worthWaitingFor(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException
                    || cause instanceof SSLException) {
                return false;
            }
        }
        return !(failure instanceof RemoteCallException remote) || remote.status() >= 500;
    }

    private IOException unreachable(String problem, boolean waited) {
        // A problem that says what to do already (a certificate not trusted) needs no more advice.
        return new CoordinatorUnreachableException("cannot reach the coordinator at " + coordinator + ": " + problem
                + (waited ? "; waited " + waits.atStart().toSeconds() + "s for it" : "")
                + (problem.endsWith(")") ? "" : " (is it running, and is the address right?)"));
    }

    /** Who this client says it is, for the coordinator's status page: {@code user@host}. */
    static final String SUBMITTER = System.getProperty("user.name", "someone") + "@" + hostName();

    /** The machine's name without asking DNS, which may be slow or absent; "localhost" when unknown. */
    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    private BuildStream start() throws IOException, InterruptedException {
        try {
            return builds.startBuild(new BuildRequest(graph, true, SUBMITTER, priority));
        } catch (RemoteCallException e) {
            if (e.status() >= 500) {
                throw e; // the coordinator is starting or stopping: worth waiting for
            }
            if (e.isNotFound()) {
                // Not the server's text: whatever answers 404 there is no coordinator, and may send a page of HTML.
                throw new BuildRefusedException("nothing at " + coordinator + " takes builds (it answered 404 Not Found):"
                        + " is the URL right, with its path, such as http://host:7000/coordinator?", e);
            }
            throw new BuildRefusedException("the coordinator refused the build: " + e.getMessage(), e);
        }
    }

    /**
     * Sends UploadDone without waiting for the answer. Nothing was uploaded, so a coordinator of
     * ours has started the jobs already and may even have finished the build (the signal then
     * finds no build: fine); one of the reference design waits for the signal, and gets it.
     */
    private void signalInBackground(Id buildId) {
        Thread.ofVirtual().name("upload-done").start(() -> {
            try {
                builds.signalBuild(buildId, SignalRequest.UPLOAD_DONE);
            } catch (IOException | RuntimeException e) { // the stream says what matters; a closed client included
                log.debug("UploadDone for build {}: {}", buildId.shortHex(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private BuildOutcome follow(BuildStream stream, Watchdog watchdog)
            throws CoordinatorLost, IOException, InterruptedException {
        boolean progressed = false;
        try {
            Id buildId = stream.started().id();
            listener.onStarted(buildId, stream.started().missingFiles().size());
            String uploadProblem = uploads.upload(graph, sourceDir, stream.started().missingFiles());
            if (uploadProblem != null) {
                return BuildOutcome.failed(buildId, uploadProblem); // closing the stream cancels the build
            }
            if (stream.started().missingFiles().isEmpty()) {
                signalInBackground(buildId);
            } else {
                builds.signalBuild(buildId, SignalRequest.UPLOAD_DONE);
            }
            watchdog.arm(); // from here on the stream is read, so silence on it means something
            for (StatusUpdate update; (update = stream.next()) != null; ) {
                progressed |= update.jobStarted() != null || update.jobFinished() != null;
                report(update);
                if (update.buildFailed() != null) {
                    return BuildOutcome.failed(buildId, update.buildFailed());
                }
                if (update.buildFinished()) {
                    return BuildOutcome.success(buildId);
                }
            }
            throw new IOException("the build stream ended without an outcome");
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("build cancelled");
            }
            if (e instanceof RemoteCallException remote && remote.status() < 500 && !remote.isNotFound()) {
                throw e; // refused for what it is, not because the coordinator restarted
            }
            String reason = watchdog.fired() ? "it went silent for " + watchdog.limit().toSeconds() + "s"
                    : CallFailure.describe(e);
            throw new CoordinatorLost(reason, e, progressed);
        }
    }

    private void report(StatusUpdate update) {
        if (update.jobLost() != null) {
            Job job = jobs.get(update.jobLost().jobId());
            if (job != null) {
                listener.onJobLost(job, update.jobLost().worker(), update.jobLost().reason());
            }
        }
        if (update.jobStarted() != null) {
            Job job = jobs.get(update.jobStarted().jobId());
            if (job != null && !finishedBeforeResuming.contains(job.id())) {
                listener.onJobStarted(job, update.jobStarted().worker());
            }
        }
        JobResult result = update.jobFinished();
        if (result != null) {
            Job job = jobs.get(result.jobId());
            if (job == null) {
                log.warn("the coordinator reported job {}, which is not in this build", result.jobId().shortHex());
            } else if (!finishedBeforeResuming.contains(job.id()) || !result.succeeded()) {
                // A job reported before the coordinator was lost is replayed to the resumed build: once is enough.
                finished.add(job.id());
                listener.onJobFinished(job, result);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Closes the stream when nothing, not even a keep-alive, arrived for much longer than the
     * coordinator promised between keep-alives: a coordinator whose host is gone never closes the
     * connection, and the read would wait forever. Does nothing for coordinators that promise none.
     */
    private static final class Watchdog implements AutoCloseable {
        private final BuildStream stream;
        private final Duration limit;
        private Thread thread;
        private volatile long armedAt;
        private volatile boolean fired;

        Watchdog(BuildStream stream) {
            this.stream = stream;
            this.limit = stream.keepAliveInterval().map(interval -> max(interval.multipliedBy(10), SHORTEST_SILENCE))
                    .orElse(null);
        }

        /** Starts watching: only once the stream is read (not while files upload) does its silence mean anything. */
        void arm() {
            if (limit != null && thread == null) {
                armedAt = System.nanoTime();
                thread = Thread.ofVirtual().name("build-stream-watchdog").start(this::watch);
            }
        }

        private void watch() {
            try {
                while (true) {
                    Thread.sleep(limit.dividedBy(5)); // a watchdog's tick, not a wait for an event
                    long lastHeard = Math.max(stream.lastReceived(), armedAt);
                    if (System.nanoTime() - lastHeard > limit.toNanos()) {
                        fired = true;
                        stream.close(); // the blocked read fails, and the build is resumed
                        return;
                    }
                }
            } catch (InterruptedException | IOException stopped) {
                // the build ended, or the stream is closed already
            }
        }

        boolean fired() {
            return fired;
        }

        Duration limit() {
            return limit;
        }

        @Override
        public void close() {
            if (thread != null) {
                thread.interrupt();
            }
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }
}

package distbuild.worker;

import distbuild.cache.ArtifactCache;
import distbuild.cache.CacheLimit;
import distbuild.cache.FileCache;
import distbuild.files.FileTrees;
import distbuild.http.HttpClients;
import distbuild.http.Routes;
import distbuild.launch.Launcher;
import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatClient;
import distbuild.protocol.HeartbeatSender;
import distbuild.protocol.HeartbeatService;
import distbuild.sandbox.Sandbox;
import distbuild.transfer.ArtifactTransferClient;
import distbuild.transfer.ArtifactTransferHandler;
import distbuild.transfer.FileTransferClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * One worker. {@link #open} prepares it and its endpoints ({@link #routes()}), which the caller
 * serves where {@link WorkerId} says; {@link #start()} then begins heartbeating. {@link #close()}
 * stops the heartbeats, kills running jobs and closes the caches.
 */
public final class Worker implements AutoCloseable {
    private final Logger log;
    private final WorkerConfig config;
    private final HttpClient http;
    private final FileCache files;
    private final ArtifactCache artifacts;
    private final Routes routes;
    private final Outbox outbox;
    private final JobSlots slots;
    private final HeartbeatLoop heartbeats;
    private final MachineOffers machine;
    private Thread heartbeatThread;

    private final WorkerMetrics metrics;
    /** Null when jobs run directly on the worker. */
    private final Sandbox sandbox;

    private Worker(Logger log, WorkerConfig config, FileCache files, ArtifactCache artifacts, Path scratch,
            Outbox outbox, Sandbox sandbox, WorkerMetrics metrics, HeartbeatService coordinatorInProcess) {
        this.metrics = metrics;
        this.sandbox = sandbox;
        this.outbox = outbox;
        this.log = log;
        this.config = config;
        this.http = HttpClients.createForWorker(config.credentials(), config.coordinator());
        this.files = files;
        this.artifacts = artifacts;
        this.routes = new Routes(log, config.credentials().gate());
        new ArtifactTransferHandler(log, artifacts).register(routes);
        metrics.register(routes);

        ArtifactTransferClient peers = new ArtifactTransferClient(log, http, HttpClients.DOWNLOAD_SILENCE_LIMIT,
                metrics::receivedFromPeers);
        JobExecutor chain = new CachingExecutor(log, artifacts, outbox::artifactAdded, peers,
                new ProgramCheckingExecutor(log, new InputStagingExecutor(log, files, new FileTransferClient(log, http, config.coordinator(), metrics::receivedFromCoordinator),
                        artifacts, peers, outbox::artifactAdded, sandbox != null,
                        confined(log, sandbox, config.outputLimit(), new TimeoutExecutor(log, config.outputLimit(),
                                new CommandExecutor(log, config.outputLimit(), config.ownSessions(), Launcher.best()))))));
        this.slots = new JobSlots(log, config.slots(), scratch, chain, this::jobFinished);
        metrics.watch(artifacts, files, slots);
        this.machine = new MachineOffers(config.labels());
        HeartbeatSender coordinator = coordinatorInProcess != null
                ? new InProcessHeartbeats(config.id(), coordinatorInProcess)
                : new HeartbeatClient(log, http, config.coordinator());
        this.heartbeats = new HeartbeatLoop(log, config.id(), coordinator, slots, outbox, artifacts::list,
                metrics::stats, machine);
        distbuild.http.HealthEndpoints.register(routes, heartbeats::notReady);
    }

    /** The commands' links, held in the sandbox when there is one. */
    private static JobExecutor confined(Logger log, Sandbox sandbox, int outputLimit, JobExecutor commands) {
        return sandbox == null ? commands : new ConfinedExecutor(log, sandbox, outputLimit, commands);
    }

    private void jobFinished(JobResult result) {
        outbox.jobFinished(result);
        metrics.jobFinished(result);
        heartbeats.reportNow();
    }

    /**
     * Opens the worker's caches under its data directory; scratch space left by a previous run is
     * removed. With {@link WorkerConfig#sandbox()}, first checks that bubblewrap works here.
     */
    public static Worker open(Logger log, WorkerConfig config) throws IOException {
        return open(log, config, null);
    }

    /**
     * A worker in its coordinator's own process ({@code distbuild local}): its heartbeats are calls
     * to {@code coordinator}, with no HTTP or JSON between them. Source files and artifacts still
     * move over HTTP, from the coordinator's and the other workers' endpoints.
     */
    public static Worker openBeside(Logger log, WorkerConfig config, HeartbeatService coordinator) throws IOException {
        return open(log, config, java.util.Objects.requireNonNull(coordinator, "coordinator"));
    }

    private static Worker open(Logger log, WorkerConfig config, HeartbeatService coordinatorInProcess) throws IOException {
        Path data = config.dataDir();
        // Before the sandbox: it hides only directories that exist, and a fresh data directory must be hidden too.
        Files.createDirectories(data);
        if (config.sandbox() != null) {
            // Jobs of other workers on this machine see its file system read-only: not this worker's data.
            Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        Path scratch = data.resolve("runs");
        FileTrees.deleteRecursively(scratch);
        Files.createDirectories(scratch);
        Sandbox sandbox = config.sandbox() != null ? checkedSandbox(log, config, scratch) : null;
        Outbox outbox = new Outbox();
        WorkerMetrics metrics = new WorkerMetrics();
        FileCache files = FileCache.open(data.resolve("files"), CacheLimit.of(config.fileCacheBytes()));
        ArtifactCache artifacts = null;
        try {
            artifacts = ArtifactCache.open(data.resolve("artifacts"),
                    new CacheLimit(config.artifactCacheBytes(), evicted -> {
                        log.debug("artifact {} evicted to keep the cache within its limit", evicted.shortHex());
                        outbox.artifactRemoved(evicted);
                        metrics.evicted();
                    }));
            return new Worker(log, config, files, artifacts, scratch, outbox, sandbox, metrics, coordinatorInProcess);
        } catch (IOException | RuntimeException e) {
            if (artifacts != null) {
                artifacts.close();
            }
            files.close();
            throw e;
        }
    }

    /**
     * A sandbox that hides from the jobs the worker's data, its credentials and its user's home
     * (keys, tokens, shell history): what a job reads it can put in its output.
     */
    private static Sandbox checkedSandbox(Logger log, WorkerConfig config, Path scratch) throws IOException {
        List<Path> hidden = new ArrayList<>(List.of(config.dataDir(), Path.of(System.getProperty("user.home"))));
        config.credentials().directory().ifPresent(hidden::add);
        try {
            return Sandbox.open(log, new Sandbox.Settings(config.sandbox(), hidden, config.slots(), scratch.resolve("trial")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while trying bwrap");
        }
    }

    public WorkerId id() {
        return config.id();
    }

    /** The worker's endpoints ({@code /artifact}, {@code /result}), to be served at its {@link WorkerId}. */
    public Routes routes() {
        return routes;
    }

    /** Begins heartbeating; from now on the coordinator may send jobs. */
    public synchronized Worker start() {
        if (heartbeatThread == null) {
            if (config.listsCompilers()) {
                machine.findCompilers(log);
            }
            heartbeatThread = Thread.ofVirtual().name("heartbeat-" + config.id()).start(heartbeats);
            log.info("worker {} started: {} slots, data in {}, coordinator {}", config.id(), config.slots(),
                    config.dataDir(), config.coordinator());
        }
        return this;
    }

    /** How long a drain waits for a poll that offered slots before it began; longer than any coordinator holds one. */
    private static final Duration OUTSTANDING_POLL_WAIT = Duration.ofSeconds(30);

    /**
     * A graceful stop: takes no more jobs, lets the running ones finish for up to {@code grace}
     * while reporting as usual, then stops those still running (the coordinator hands them to
     * other workers) and closes. Returns once closed.
     */
    public void drainAndClose(Duration grace) throws IOException, InterruptedException {
        heartbeats.stopTakingJobs(OUTSTANDING_POLL_WAIT);
        log.info("worker {} draining: no new jobs; waiting up to {} s for {} running", config.id(), grace.toSeconds(),
                slots.occupancy().running().size());
        if (!slots.awaitIdle(grace)) {
            List<Id> left = slots.occupancy().running();
            log.warn("worker {}: {} jobs still running after {} s; handing them back", config.id(), left.size(),
                    grace.toSeconds());
            left.forEach(slots::cancel);
            slots.awaitIdle(Duration.ofSeconds(10)); // their processes are being killed
        }
        stopHeartbeats();
        heartbeats.sayGoodbye(); // the last word, from the only sender left
        close();
    }

    /** Stops the poll loop and waits for it; news its last poll carried goes back to the outbox. */
    private void stopHeartbeats() {
        Thread thread;
        synchronized (this) {
            thread = heartbeatThread;
            heartbeatThread = null;
        }
        if (thread != null) {
            thread.interrupt();
            Joining.joinAll(List.of(thread));
        }
    }

    @Override
    public void close() throws IOException {
        stopHeartbeats();
        machine.close();
        slots.close();
        if (sandbox != null) {
            sandbox.close(); // its jobs are gone: their control groups go too
        }
        http.shutdownNow(); // a report still in flight to a hung coordinator must not hold the close up
        artifacts.close();
        files.close();
        log.info("worker {} stopped", config.id());
    }

}

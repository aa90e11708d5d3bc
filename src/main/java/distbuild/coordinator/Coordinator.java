package distbuild.coordinator;

import distbuild.cache.CacheLimit;
import distbuild.cache.FileCache;
import distbuild.http.HttpClients;
import distbuild.http.RequestException;
import distbuild.http.Routes;
import distbuild.metrics.MetricsEndpoint;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.BuildHandler;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.BuildService;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.HeartbeatHandler;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import distbuild.protocol.HeartbeatService;
import distbuild.protocol.JobSpec;
import distbuild.protocol.PeerVersion;
import distbuild.protocol.SignalRequest;
import distbuild.protocol.SignalResponse;
import distbuild.protocol.StatusHandler;
import distbuild.protocol.StatusWriter;
import distbuild.scheduler.Assignment;
import distbuild.scheduler.Clock;
import distbuild.scheduler.Dispatch;
import distbuild.scheduler.LogContext;
import distbuild.scheduler.Scheduler;
import distbuild.scheduler.Share;
import distbuild.security.AccessDeniedException;
import distbuild.security.Caller;
import distbuild.security.Role;
import distbuild.security.WorkerBindings;
import distbuild.store.Store;
import distbuild.transfer.FileTransferHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The coordinator service: serves {@code /build}, {@code /signal}, {@code /heartbeat} and
 * {@code /file} (see {@link #routes()}), keeps the uploaded source files, and remembers the
 * results of jobs that succeeded (within a budget) so that a later build gets them without
 * asking any worker.
 */
public final class Coordinator implements BuildService, HeartbeatService, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** After a restart, how long jobs wait for the workers known before it; they retry every two seconds at most. */
    static final Duration RECOVERY_GRACE = Duration.ofSeconds(5);
    /** After a restart, how long jobs still running on workers wait for their builds to come back. */
    static final Duration CLAIM_WINDOW = Duration.ofMinutes(1);
    private static final int RECENTLY_ENDED_KEPT = 1024;

    private final Logger log;
    private final CoordinatorConfig config;
    private final FileCache files;
    private final Store store;
    private final Scheduler scheduler;
    private final Routes routes;
    private final Map<Id, BuildRun> builds = new ConcurrentHashMap<>();
    /** The last builds that ended, whose clients' late signals are answered rather than refused. */
    private final Set<Id> recentlyEnded = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Id, Boolean> eldest) {
            return size() > RECENTLY_ENDED_KEPT;
        }
    }));
    private final KnownResults results = new KnownResults(KnownResults.DEFAULT_BUDGET);
    private final EarlyCutoff cutoff;
    private final MetricsEndpoint metrics = new MetricsEndpoint();
    private final ClusterTotals totals = new ClusterTotals(metrics.registry());
    private final Counter heartbeats = Counter.builder("distbuild.heartbeats").description("Heartbeats received from workers")
            .register(metrics.registry());
    private final StatusPages statusPages;
    private final BuildContext buildContext;
    private final DurationHistory durations;
    private final HttpClient http;
    private final WorkerBindings bindings;
    private final ArtifactRelay artifacts;

    private Coordinator(Logger log, CoordinatorConfig config, FileCache files, Store store, Clock clock) {
        this.log = log;
        this.config = config;
        this.files = files;
        this.store = store;
        this.scheduler = new Scheduler(log, config.scheduler(), clock);
        KnownWorkers known = new KnownWorkers(log, config.dataDir());
        List<WorkerId> before = known.read();
        if (!before.isEmpty() && config.restartRecovery()) {
            log.info("started again on {}: builds and {} workers are expected back", config.dataDir(), before.size());
            scheduler.recover(before, RECOVERY_GRACE, CLAIM_WINDOW);
        }
        this.bindings = new WorkerBindings(!config.credentials().workers().isEmpty());
        scheduler.onLiveWorkersChanged(live -> {
            known.write(live);
            bindings.keepOnly(live); // a lost worker's ID (its port) may come back as another worker's
        });
        this.durations = new DurationHistory(log, config.dataDir());
        this.cutoff = EarlyCutoff.open(log, config.dataDir());
        scheduler.onResultTaken(cutoff::finished); // before the jobs after it start, which ask for their deps' outputs
        this.buildContext = new BuildContext(new ReplayingStarter(log, results, scheduler, cutoff), files,
                config.keepAliveInterval(), durations, totals);
        this.routes = new Routes(log, config.credentials().gate());
        new BuildHandler(log, this).register(routes);
        new HeartbeatHandler(log, this).register(routes);
        this.statusPages = new StatusPages(scheduler, builds, totals, metrics.registry());
        new StatusHandler(statusPages).register(routes);
        metrics.register(routes);
        registerGauges(metrics.registry());
        new FileTransferHandler(log, files, config.fileCacheBytes(), totals::uploaded).register(routes);
        this.http = HttpClients.create(config.credentials(), Role.WORKER); // it calls workers as one of them
        this.artifacts = new ArtifactRelay(log, scheduler, http, ArtifactRelay.ANSWER_TIMEOUT);
        artifacts.register(routes);
        // Ready once it serves: builds started while it still waits for the workers it knew are held, not refused.
        distbuild.http.HealthEndpoints.register(routes, java.util.Optional::empty);
    }

    /** Opens the coordinator's file cache under its data directory. */
    public static Coordinator open(Logger log, CoordinatorConfig config, Clock clock) throws IOException {
        FileCache files = FileCache.open(config.dataDir().resolve("files"), CacheLimit.of(config.fileCacheBytes()));
        Store store;
        try {
            store = Store.open(files, config.dataDir().resolve("store"));
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
        return new Coordinator(log, config, files, store, clock);
    }

    /** The coordinator's endpoints, to be served under its base URL (such as {@code /coordinator}). */
    public Routes routes() {
        return routes;
    }

    // ---- for other front ends (the Remote Execution API's) ----------------------------------------

    /**
     * The store of the other protocols (the Remote Execution API's, the HTTP caches'): its blobs are
     * kept in this coordinator's file cache, with the uploads of builds, under one limit and eviction.
     */
    public Store store() {
        return store;
    }

    /**
     * A job's artifact as a tar stream, from a live worker that holds it.
     *
     * @throws IOException when no live worker holds it, or none that does could send it
     */
    public java.io.InputStream openArtifact(Id job) throws IOException {
        try {
            return artifacts.open(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while fetching artifact " + job.shortHex());
        } catch (RequestException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The registry behind {@code /metrics}, for a front end's own meters. */
    public MeterRegistry metricsRegistry() {
        return metrics.registry();
    }

    /** Where the coordinator keeps its state; a front end keeps its own in a directory below it. */
    public java.nio.file.Path dataDir() {
        return config.dataDir();
    }

    /** Whether, started again on its data directory, it still holds jobs back for the workers it knew. */
    public boolean awaitingWorkersFromBefore() {
        return scheduler.awaitingWorkersFromBefore();
    }

    /**
     * {@code worker} runs in this process (a local cluster): its cache, which outlives this
     * coordinator, is believed whole when it announces it, not only what this coordinator gave it.
     */
    public void adopt(WorkerId worker) {
        scheduler.trustAnnouncements(worker);
    }

    private void registerGauges(MeterRegistry registry) {
        Gauge.builder("distbuild.builds.running", builds, Map::size).description("Builds running").register(registry);
        Gauge.builder("distbuild.jobs.queued", scheduler, Scheduler::queuedJobs)
                .description("Jobs waiting in the scheduler's queues for a worker").register(registry);
        Gauge.builder("distbuild.jobs.pending", scheduler, Scheduler::pendingJobs)
                .description("Jobs some build waits for: queued or running").register(registry);
        Gauge.builder("distbuild.workers.live", scheduler, s -> s.liveWorkers().size())
                .description("Workers heard from recently enough to count as alive").register(registry);
        FunctionCounter.builder("distbuild.workers.lost", scheduler, Scheduler::workersLost)
                .description("Workers declared dead: no heartbeat for --worker-timeout").register(registry);
        Timer queueWait = Timer.builder("distbuild.dispatch.wait")
                .description("How long jobs waited in the queues before a worker took them").register(registry);
        scheduler.onDispatch(waited -> queueWait.record(waited, TimeUnit.NANOSECONDS));
    }

    /** The cluster at a glance, as {@code GET /status} answers it, with at most {@code maxWaiting} waiting jobs. */
    public ClusterStatus status(int maxWaiting) {
        return statusPages.status(maxWaiting);
    }

    /** Jobs waiting or running for some build. */
    public int pendingJobs() {
        return scheduler.pendingJobs();
    }

    /** Workers heard from recently enough to count as alive. */
    public List<WorkerId> liveWorkers() {
        return scheduler.liveWorkers();
    }

    /** Waits until at least {@code count} workers have been heard from; false if the timeout passed first. */
    public boolean awaitLiveWorkers(int count, Duration timeout) throws InterruptedException {
        return scheduler.awaitLiveWorkers(count, timeout);
    }

    // ---- builds -------------------------------------------------------------------------------

    @Override
    public void startBuild(BuildRequest request, StatusWriter writer) throws Exception {
        Graph graph = request.graph().validate(); // a bad graph is a 400 listing every problem
        byte[] idBytes = new byte[Id.BYTES];
        RANDOM.nextBytes(idBytes);
        int highest = config.scheduler().highestBuildPriority();
        if (request.priority() > highest) {
            throw RequestException.badRequest("priority " + request.priority() + " is above what this"
                    + " coordinator allows (" + highest + ", its --highest-build-priority); ask for " + highest + " or less");
        }
        Id buildId = Id.of(idBytes);
        BuildRun build = new BuildRun(log, buildId, graph, request.reportJobStarts(), request.submitter(),
                new Share(buildId.hex(), request.user(), request.priority()), writer, buildContext);
        builds.put(build.id(), build);
        try {
            build.run();
        } finally {
            statusPages.ended(build.journal()); // before it leaves the running ones, so that it is never missing
            builds.remove(build.id());
            recentlyEnded.add(build.id());
        }
    }

    @Override
    public Optional<Duration> pollTimeout() {
        return Optional.of(config.pollTimeout());
    }

    @Override
    public Optional<Duration> keepAliveInterval() {
        return Optional.of(config.keepAliveInterval());
    }

    @Override
    public SignalResponse signalBuild(Id buildId, SignalRequest signal) {
        BuildRun build = builds.get(buildId);
        if (build == null && recentlyEnded.contains(buildId)) {
            return new SignalResponse(); // a cached build may end before its client's UploadDone arrives
        }
        if (build == null) {
            throw RequestException.notFound("unknown build " + buildId.hex()
                    + ": it is not running here (it ended, or never started)");
        }
        build.signal(signal);
        return new SignalResponse();
    }

    // ---- workers ------------------------------------------------------------------------------

    @Override
    public void admit(WorkerId worker, Caller caller) throws AccessDeniedException {
        bindings.admit(worker, caller);
    }

    @Override
    public void speaks(WorkerId worker, PeerVersion version) {
        statusPages.speaks(worker, version);
    }

    @Override
    public HeartbeatResponse heartbeat(HeartbeatRequest request) throws InterruptedException {
        heartbeats.increment();
        WorkerId worker = request.workerId();
        if (request.stats() != null) {
            statusPages.heard(worker, request.stats());
        }
        if (request.offers() != null) {
            scheduler.offers(worker, request.offers());
            statusPages.offers(worker, request.offers());
        }
        List<Id> finished = request.finishedJobs().stream().map(JobResult::jobId).toList();
        boolean outdated = scheduler.heartbeat(worker, request.addedArtifacts(), request.runningJobs(), finished);
        for (JobResult result : request.finishedJobs()) {
            // Also launches what the job unblocks, before the answer below. Remembered for later
            // builds only if taken: a result from a worker never handed the job is refused.
            JobResult fromWorker = result.withProvenance(result.provenance().onWorker(worker));
            try (LogContext about = LogContext.aboutJob(result.jobId())) {
                if (scheduler.jobFinished(worker, fromWorker)) {
                    results.remember(result);
                    totals.resultTaken(fromWorker); // once, however many builds share the job
                }
            }
        }
        // After the results: a job reported done whose artifact was evicted since is not held there.
        scheduler.artifactsRemoved(worker, request.removedArtifacts());
        // A heartbeat bringing news is answered at once, and so is one overtaken by a newer report
        // (its slot count is stale); one only asking for work waits for it. A worker that reports
        // only in its next heartbeat is never held while its jobs run: that would hold its news back.
        boolean holdable = request.reportsAtOnce() || request.runningJobs().isEmpty();
        Dispatch dispatch = request.reportsSomething() || outdated || !holdable
                ? scheduler.takeNow(worker, request.freeSlots())
                : scheduler.poll(worker, request.freeSlots(), config.pollTimeout());
        Map<Id, JobSpec> jobs = new LinkedHashMap<>();
        for (Assignment assignment : dispatch.jobs()) {
            try (LogContext about = LogContext.aboutJob(assignment.job().id())) {
                jobs.put(assignment.job().id(), specFor(assignment, worker));
            }
        }
        return new HeartbeatResponse(jobs, dispatch.cancelled());
    }

    private JobSpec specFor(Assignment assignment, WorkerId worker) {
        Map<Id, WorkerId> artifacts = new LinkedHashMap<>();
        for (Id dep : assignment.job().deps()) {
            scheduler.locate(dep, worker).ifPresentOrElse(
                    holder -> artifacts.put(dep, holder),
                    () -> log.warn("job {} goes to {} but no live worker has its dep {}",
                            assignment.job().describe(), worker, dep.shortHex()));
        }
        // Handed to a worker that does not hold it, though another does (that one was busy): fetching beats running.
        Id id = assignment.job().id();
        Optional<WorkerId> holder = scheduler.locate(id, worker);
        // Else, cut off early: the earlier job whose output this one would make, and where it is if not here.
        Id earlier = holder.isPresent() ? null : cutoff.replayOf(id).orElse(null);
        if (earlier != null) {
            holder = scheduler.locate(earlier, worker);
            scheduler.mayHold(worker, earlier); // it may fetch it, and say so
        }
        WorkerId cachedOn = holder.filter(where -> !where.equals(worker)).orElse(null);
        return new JobSpec(assignment.job().withTimeoutAtMost(config.jobTimeout()), assignment.sourceFiles(), artifacts,
                cachedOn, earlier);
    }

    @Override
    public void close() throws IOException {
        scheduler.shutdown();
        durations.save();
        cutoff.close();
        http.close();
        files.close();
    }
}

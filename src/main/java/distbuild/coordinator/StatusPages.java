package distbuild.coordinator;

import distbuild.model.Id;
import distbuild.model.WorkerId;
import distbuild.model.WorkerOffers;
import distbuild.protocol.BuildDetails;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.PeerVersion;
import distbuild.protocol.StatusService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import distbuild.scheduler.Scheduler;
import distbuild.scheduler.SchedulerView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the coordinator shows people ({@code /status}, {@code /status/build}, the dashboard):
 * the scheduler's view of workers and queues, the running builds, the builds that ended last,
 * what workers say about themselves, and the totals. Thread-safe.
 */
final class StatusPages implements StatusService {
    /** How many ended builds {@code /status} lists after the running ones. */
    static final int RECENT_BUILDS_LISTED = 20;
    /** How many lost workers {@code /status} lists, those heard from last. */
    static final int LOST_WORKERS_LISTED = 20;

    private final Scheduler scheduler;
    private final Map<Id, BuildRun> running;
    private final ClusterTotals totals;
    private final MeterRegistry registry;
    private final BuildHistory history = new BuildHistory();
    private final WorkerStatsBoard workerStats = new WorkerStatsBoard();

    /** @param running the coordinator's running builds, by ID; read, never changed here */
    StatusPages(Scheduler scheduler, Map<Id, BuildRun> running, ClusterTotals totals, MeterRegistry registry) {
        this.scheduler = scheduler;
        this.running = running;
        this.totals = totals;
        this.registry = registry;
    }

    /** A build ended: its journal joins the history. */
    void ended(BuildJournal journal) {
        history.ended(journal);
    }

    /** A worker told about itself in a heartbeat. */
    void heard(WorkerId worker, HeartbeatRequest.Stats stats) {
        totals.receivedByWorkers(workerStats.update(worker, stats));
    }

    /** A worker said which version it is. */
    void speaks(WorkerId worker, PeerVersion version) {
        workerStats.version(worker, version);
    }

    /** A worker said what its machine offers. */
    void offers(WorkerId worker, WorkerOffers offers) {
        workerStats.offers(worker, offers);
    }

    /**
     * The cluster at a glance: every worker, the running builds then the last ones that ended, at
     * most {@code maxWaiting} waiting jobs (those ready but not started first, longest waiting
     * first; then those waiting for deps) with why each waits, and totals.
     */
    @Override
    public ClusterStatus status(int maxWaiting) {
        SchedulerView view = scheduler.view(maxWaiting);
        List<SchedulerView.WorkerView> lost = view.workers().stream().filter(worker -> !worker.alive())
                .sorted(Comparator.comparing(SchedulerView.WorkerView::sinceSeen)).toList();
        List<ClusterStatus.Worker> workers = new ArrayList<>();
        view.workers().stream().filter(SchedulerView.WorkerView::alive).map(this::worker).forEach(workers::add);
        lost.stream().limit(LOST_WORKERS_LISTED).map(this::worker).forEach(workers::add);
        int lostNotListed = Math.max(0, lost.size() - LOST_WORKERS_LISTED);
        List<ClusterStatus.Waiting> waiting = new ArrayList<>();
        for (SchedulerView.WaitingJob job : view.waiting()) {
            // The scheduler's queues are shared: name the first build that wants it, as people look for that.
            String build = running.values().stream().map(BuildRun::journal).filter(journal -> journal.includes(job.job().id()))
                    .findFirst().map(journal -> journal.id().hex()).orElse(null);
            waiting.add(new ClusterStatus.Waiting(build, job.job().id().hex(), job.job().name(), job.reason(),
                    job.waited().toMillis()));
        }
        List<ClusterStatus.Build> listed = new ArrayList<>();
        int waitingTotal = view.waitingTotal();
        for (BuildRun build : running.values()) {
            ClusterStatus.Build progress = build.journal().summary();
            listed.add(progress);
            waitingTotal += progress.waitingOnDeps();
            waiting.addAll(build.waitingOnDeps(Math.max(0, maxWaiting - waiting.size())));
        }
        listed.sort(Comparator.comparingLong(ClusterStatus.Build::startedAtEpochMillis).reversed());
        for (BuildJournal ended : history.recent(RECENT_BUILDS_LISTED)) {
            if (!running.containsKey(ended.id())) { // one that just ended is in both for a moment
                listed.add(ended.summary());
            }
        }
        return new ClusterStatus(workers, lostNotListed, listed, waiting, waitingTotal, totals.snapshot(),
                PeerVersion.OURS.describe(), sharedCaches());
    }

    /**
     * The shared HTTP caches' use, per tool, as their front end counts it in the registry behind
     * {@code /metrics} ({@code distbuild.cache.requests} and {@code distbuild.cache.bytes}, tagged by tool).
     */
    private List<ClusterStatus.CacheUse> sharedCaches() {
        Map<String, long[]> byTool = new java.util.TreeMap<>();
        List<String> outcomes = List.of("hit", "miss", "stored", "refused");
        for (Counter counter : registry.find("distbuild.cache.requests").counters()) {
            int index = outcomes.indexOf(counter.getId().getTag("outcome"));
            if (index >= 0) {
                byTool.computeIfAbsent(counter.getId().getTag("tool"), tool -> new long[6])[index] += (long) counter.count();
            }
        }
        for (Counter counter : registry.find("distbuild.cache.bytes").counters()) {
            int index = "in".equals(counter.getId().getTag("direction")) ? 4 : 5;
            byTool.computeIfAbsent(counter.getId().getTag("tool"), tool -> new long[6])[index] += (long) counter.count();
        }
        List<ClusterStatus.CacheUse> uses = new ArrayList<>();
        byTool.forEach((tool, n) -> uses.add(new ClusterStatus.CacheUse(tool, n[0], n[1], n[2], n[3], n[4], n[5])));
        return uses;
    }

    @Override
    public Optional<BuildDetails> buildDetails(Id build, int mostJobs) {
        BuildRun runningBuild = running.get(build);
        if (runningBuild != null) {
            return Optional.of(runningBuild.journal().details(mostJobs));
        }
        return history.find(build).map(journal -> journal.details(mostJobs));
    }

    private ClusterStatus.Worker worker(SchedulerView.WorkerView worker) {
        Optional<HeartbeatRequest.Stats> stats = workerStats.stats(worker.id());
        String state = !worker.alive() ? "lost" : worker.quarantined() ? "quarantined"
                : stats.filter(HeartbeatRequest.Stats::draining).isPresent() ? "draining" : "alive";
        WorkerStatsBoard.Heard described = workerStats.of(worker.id());
        return new ClusterStatus.Worker(worker.id().url(), state, worker.runningJobs(), worker.running(), worker.freeSlots(),
                worker.cachedArtifacts(), stats.map(HeartbeatRequest.Stats::cacheBytes).orElse(-1L),
                stats.map(HeartbeatRequest.Stats::receivedBytes).orElse(-1L), worker.sinceSeen().toMillis(),
                described.version() == null ? null : described.version().describe(),
                described.offers() == null ? null : described.offers().toString());
    }
}

package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.model.WorkerOffers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;

/**
 * Matches waiting jobs to workers and keeps track of what runs where. Its parts, all under one
 * lock: the {@link JobTable} (each job ID once, however many builds want it; the last build to
 * withdraw drops it), the {@link WorkerRegistry} (liveness and cached artifacts), the
 * {@link JobQueues} (SPEC §7's locality policy), and here the long poll a worker's heartbeat
 * waits in. There is no timer thread: every deadline is checked by the polls waiting on it.
 */
public final class Scheduler {
    /**
     * How long after handing a job out its worker may still not list it as running: the answer
     * carrying it may be on its way while the worker sends other heartbeats. After that, a
     * heartbeat without it means the worker never got it (a lost answer, a restarted worker).
     */
    static final Duration ASSIGNMENT_GRACE = Duration.ofSeconds(2);

    private final Logger log;
    private final Clock clock;
    private final JobQueues queues;
    private final JobTable jobs = new JobTable();
    private final WorkerRegistry workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int waitingPolls;
    private boolean closed;
    /** Futures to complete once the lock is released: builds react to them on the completing thread. */
    private final List<Runnable> afterUnlock = new ArrayList<>();
    private final RestartRecovery recovery;
    private final Quarantine quarantine;
    private final RunningReports reports;
    private final Tries tries;
    private final UnmetRequirements unmet;
    private final Views views;
    private final ArtifactGrants grants = new ArtifactGrants(ArtifactGrants.MAX_ARTIFACTS);
    /** Workers whose every cache announcement is believed: the coordinator's own, in its process. */
    private final Set<WorkerId> trusted = new HashSet<>();
    private Consumer<List<WorkerId>> liveWorkersListener = workers -> {};
    /** Told how long each job handed out had waited in the queues, in nanoseconds. */
    private LongConsumer queueWaits = waited -> {};
    private volatile Consumer<JobResult> resultTaken = result -> {};
    /** Workers declared dead since the start. */
    private long workersLost;

    public Scheduler(Logger log, SchedulerConfig config, Clock clock) {
        this.log = log;
        this.clock = clock;
        this.queues = new JobQueues(config.cacheTimeout(), config.depsTimeout());
        this.workers = new WorkerRegistry(log, config.workerTimeout());
        this.recovery = new RestartRecovery(log);
        this.quarantine = new Quarantine(log);
        this.reports = new RunningReports(log, jobs, queues, recovery, quarantine, this::enqueue);
        this.tries = new Tries(log, jobs, queues, this::enqueue, afterUnlock::add, () -> workers.live());
        this.unmet = new UnmetRequirements(config.requirementsTimeout());
        this.views = new Views(workers, jobs, recovery, quarantine);
        workers.startForgetting(clock.nanos());
        clock.onJump(this::wakeAll);
    }

    // ---- restarts -----------------------------------------------------------------------------

    /**
     * This scheduler replaces one that stopped while builds ran. Jobs are not handed out until
     * the workers it knew are back (or {@code grace} passed), lest a job still running on one of
     * them start a second time; and for {@code claimWindow}, jobs workers report running that no
     * build wants yet are left running, for the builds coming back to claim.
     */
    public void recover(Collection<WorkerId> knownWorkers, Duration grace, Duration claimWindow) {
        lock.lock();
        try {
            recovery.begin(knownWorkers, grace, claimWindow, clock.nanos());
        } finally {
            unlock();
        }
    }

    /**
     * Believes every cache announcement of {@code worker}, not only those of artifacts it was
     * given (see {@link ArtifactGrants}): for a worker in the coordinator's own process, whose
     * cache outlives the coordinator and is announced whole to the next one.
     */
    public void trustAnnouncements(WorkerId worker) {
        lock.lock();
        try {
            trusted.add(worker);
        } finally {
            unlock();
        }
    }

    /** Whether jobs are held back for the workers known before a restart (see {@link #recover}). */
    public boolean awaitingWorkersFromBefore() {
        lock.lock();
        try {
            return recovery.awaitingWorkers();
        } finally {
            unlock();
        }
    }

    /** Tells {@code listener} the live workers each time one joins or is lost (called under the lock: be quick). */
    public void onLiveWorkersChanged(Consumer<List<WorkerId>> listener) {
        lock.lock();
        try {
            this.liveWorkersListener = listener;
        } finally {
            unlock();
        }
    }

    // ---- jobs ---------------------------------------------------------------------------------

    /**
     * Schedules {@code job} unless it is already waiting or running, and returns this caller's
     * interest in it.
     *
     * @param sourceFiles the source files the job reads, ID → path, as its worker will need them
     */
    public JobTicket submit(Job job, Map<Id, String> sourceFiles) {
        return submit(job, sourceFiles, Priority.NONE);
    }

    /**
     * Like the other, with the job's {@link Priority}: among the jobs a worker may take, the most
     * urgent goes first. A job shared by several builds keeps the priority the first gave it.
     */
    public JobTicket submit(Job job, Map<Id, String> sourceFiles, Priority priority) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the scheduler is shut down");
            }
            PendingJob pending = jobs.get(job.id());
            boolean shared = pending != null;
            if (pending == null) {
                pending = jobs.add(job, sourceFiles);
                pending.remainingWork = priority.remainingWorkNanos();
                pending.dependants = priority.dependants();
                pending.share = priority.share();
                WorkerState runner = recovery.claim(job.id());
                if (runner != null) {
                    JobTable.startOn(pending, runner, clock.nanos()); // it never stopped running there
                    log.info("job {} still runs on {} from before the restart; claimed", job.describe(), runner.id);
                } else {
                    enqueue(pending, clock.nanos());
                    log.debug("job {} queued", job.describe());
                }
                changed.signalAll();
            } else {
                log.debug("job {} is already {}; sharing it", job.describe(), pending.status.name().toLowerCase());
            }
            pending.interest++;
            return new SchedulerTicket(this, pending, shared);
        } finally {
            unlock();
        }
    }

    /**
     * Runs {@code submissions} — calls to {@link #submit} — as one step: no worker takes a job
     * until all are queued, so the most urgent of them goes first rather than whichever came first.
     */
    public void batch(Runnable submissions) {
        lock.lock();
        try {
            submissions.run();
        } finally {
            unlock();
        }
    }

    /**
     * Tells {@code listener} of each result taken from the worker it was handed to (not one to try
     * again), before anyone waiting for the job hears of it: what the result says is known by the
     * time the jobs after it start. Called outside the scheduler's lock.
     */
    public void onResultTaken(Consumer<JobResult> listener) {
        resultTaken = listener;
    }

    /**
     * Lets {@code worker} announce {@code artifact} as one it holds: one it fetches besides a job's
     * own and its deps' (an earlier job's artifact it takes as a job's own, for early cutoff).
     */
    public void mayHold(WorkerId worker, Id artifact) {
        lock.lock();
        try {
            grants.grant(artifact, worker);
        } finally {
            unlock();
        }
    }

    /** Tells {@code listener}, under the scheduler's lock, how long each job handed out waited in the queues (nanoseconds). */
    public void onDispatch(LongConsumer listener) {
        lock.lock();
        try {
            queueWaits = listener;
        } finally {
            unlock();
        }
    }

    /** Jobs waiting in the queues for a worker. */
    public int queuedJobs() {
        lock.lock();
        try {
            return (int) jobs.queued().count();
        } finally {
            unlock();
        }
    }

    /** Workers declared dead since the start. */
    public long workersLost() {
        lock.lock();
        try {
            return workersLost;
        } finally {
            unlock();
        }
    }

    /** The number of jobs waiting or running. */
    public int pendingJobs() {
        lock.lock();
        try {
            return jobs.size();
        } finally {
            unlock();
        }
    }

    /** Workers known, alive or dead (the dead are forgotten after a while). */
    public int knownWorkers() {
        lock.lock();
        try {
            return workers.size();
        } finally {
            unlock();
        }
    }

    // ---- workers ------------------------------------------------------------------------------

    /**
     * Records a heartbeat's news: the worker is alive, these artifacts entered its cache (believed
     * only for artifacts it was given, see {@link ArtifactGrants}), these jobs run on it (and these
     * finished, as {@link #jobFinished} will be told). A listed job that
     * no build wants is marked for cancelling; one queued again meanwhile is taken back as running
     * there; one handed to this worker a while ago but listed nowhere is queued again.
     *
     * @return true if the heartbeat is outdated: it lists as running a job this worker already
     *     reported finished, so it was sent before a newer report and offers too few slots. Answer
     *     it at once rather than hold it, so the worker asks again.
     */
    public boolean heartbeat(WorkerId workerId, Collection<Id> addedArtifacts, Collection<Id> runningJobs,
            Collection<Id> finishedJobs) {
        lock.lock();
        try {
            long now = clock.nanos();
            WorkerState worker = touch(workerId, now);
            announced(worker, addedArtifacts, now);
            boolean outdated = reports.apply(worker, runningJobs, finishedJobs, now);
            changed.signalAll();
            return outdated;
        } finally {
            unlock();
        }
    }

    /** What the worker's machine offers, as it says in its heartbeats, for jobs that require something of it. */
    public void offers(WorkerId workerId, WorkerOffers offers) {
        lock.lock();
        try {
            WorkerState worker = touch(workerId, clock.nanos());
            if (!offers.equals(worker.offers)) {
                worker.offers = offers;
                changed.signalAll(); // jobs it now fits may be waiting
            }
        } finally {
            unlock();
        }
    }

    private void announced(WorkerState worker, Collection<Id> addedArtifacts, long now) {
        int ignored = 0;
        Id firstIgnored = null;
        for (Id id : addedArtifacts) {
            if (grants.allows(id, worker.id) || worker.artifacts.contains(id) || trusted.contains(worker.id)) {
                addArtifact(worker, id);
            } else if (recovery.mayClaim(worker.id, now)) {
                grants.grant(id, worker.id); // its cache from before the restart: a worker the last coordinator knew
                addArtifact(worker, id);
            } else if (ignored++ == 0) {
                firstIgnored = id;
            }
        }
        if (ignored > 0) {
            log.info("{} announced {} artifacts it was never given (such as {}): not counted as holding them",
                    worker.id, ignored, firstIgnored.shortHex());
        }
    }

    /** The worker evicted these artifacts: it is no longer their holder (applied after the results it reported with them). */
    public void artifactsRemoved(WorkerId workerId, Collection<Id> removed) {
        if (removed.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            removed.forEach(id -> workers.forgetArtifact(workerId, id));
        } finally {
            unlock();
        }
    }

    /**
     * A job finished on a worker. A result counts only from a worker the job was handed to (a
     * forged report from any other is refused, and logged); the first such result wins: every
     * build waiting for the job gets it, and other workers still running it are told to stop.
     * Results for jobs nobody waits for any more are ignored.
     *
     * @return whether the result was taken: false if nobody waits for the job or the worker was
     *     never handed it
     */
    public boolean jobFinished(WorkerId workerId, JobResult result) {
        PendingJob finished;
        boolean taken = false;
        lock.lock();
        try {
            long now = clock.nanos();
            WorkerState worker = touch(workerId, now);
            // Its heartbeats sent before this report may still list the job: they are outdated, not a new run.
            worker.recentlyFinished.add(result.jobId());
            recovery.finished(result.jobId());
            boolean itsOwn = worker.handed.contains(result.jobId()) || recovery.mayClaim(worker.id, now);
            finished = jobs.get(result.jobId());
            if (finished == null) {
                log.debug("{} finished job {}, which no build waits for", workerId, result.jobId().shortHex());
                worker.running.removeIf(job -> job.id().equals(result.jobId()));
                if (itsOwn && result.succeeded()) {
                    grants.grant(result.jobId(), worker.id);
                    addArtifact(worker, result.jobId()); // finished while the coordinator was away: a build may come back for it
                    taken = true;
                }
                return itsOwn;
            }
            if (!itsOwn) {
                log.warn("refused a result for job {} from {}, which was never handed that job", finished.job.describe(),
                        workerId);
                quarantine.strike(worker, now, "reported a result for job " + finished.job.describe() + ", never its");
                return false;
            }
            if (result.shouldRetry()) {
                result.retry().lostDeps().forEach((dep, holder) -> workers.forgetArtifact(holder, dep));
                tries.failedOn(worker, result, now);
                changed.signalAll();
                return true;
            }
            worker.running.removeIf(job -> job.id().equals(result.jobId()));
            quarantine.cleared(worker);
            if (result.succeeded()) {
                addArtifact(worker, result.jobId());
            }
            jobs.remove(finished);
            queues.remove(finished);
            finished.status = PendingJob.Status.DONE;
            for (WorkerState other : finished.runningOn.keySet()) {
                other.running.remove(finished);
                if (other != worker) {
                    other.toCancel.add(finished.id());
                }
            }
            finished.runningOn.clear();
            changed.signalAll();
            taken = true;
        } finally {
            unlock();
            if (taken) {
                try {
                    resultTaken.accept(result);
                } catch (RuntimeException e) {
                    log.warn("noting the result of job {} failed: {}", result.jobId().shortHex(), e.toString());
                }
            }
        }
        finished.result.complete(result); // outside the lock: waiting builds react in this thread
        return true;
    }

    /**
     * A worker's poll: up to {@code freeSlots} jobs, waiting up to {@code maxWait} (in this
     * scheduler's clock) for at least one job or cancellation. A worker has one poll waiting at
     * a time: a newer one ends the older with nothing. While a poll waits, its worker counts as
     * alive. Interrupting the caller ends the wait and takes nothing.
     */
    public Dispatch poll(WorkerId workerId, int freeSlots, Duration maxWait) throws InterruptedException {
        lock.lockInterruptibly();
        WorkerState worker = null;
        try {
            long now = clock.nanos();
            worker = touch(workerId, now);
            worker.freeSlots = freeSlots;
            worker.waitingPolls++;
            long generation = ++worker.pollGeneration;
            changed.signalAll(); // ends this worker's older poll
            long deadline = now + maxWait.toNanos();
            while (true) {
                now = clock.nanos();
                expireWorkers(now);
                if (closed || worker.pollGeneration != generation || !worker.alive) {
                    return Dispatch.NOTHING;
                }
                Dispatch dispatch = dispatch(worker, freeSlots, now);
                if (!dispatch.isEmpty() || now - deadline >= 0) {
                    return dispatch;
                }
                // What this round decided must not wait for the next unlock, which may be a whole poll away.
                start(takeCompletions());
                waitingPolls++;
                try {
                    changed.awaitNanos(Math.max(1, nextWakeUp(worker, deadline, now) - now));
                } finally {
                    waitingPolls--;
                }
            }
        } finally {
            if (worker != null) {
                worker.waitingPolls--;
                worker.lastSeen = clock.nanos(); // its next poll is due now
                changed.signalAll(); // a poll that may watch this worker's liveness has a new deadline
            }
            unlock();
        }
    }

    /**
     * Up to {@code freeSlots} jobs that can start right now, without waiting: the answer to a
     * heartbeat that reports something. If it leaves some of those slots unfilled, the worker's
     * waiting poll offers too few slots now, so it is ended and the worker asks again.
     */
    public Dispatch takeNow(WorkerId workerId, int freeSlots) {
        lock.lock();
        try {
            long now = clock.nanos();
            WorkerState worker = touch(workerId, now);
            expireWorkers(now);
            if (closed) {
                return Dispatch.NOTHING;
            }
            Dispatch dispatch = dispatch(worker, freeSlots, now);
            if (dispatch.jobs().size() < freeSlots) {
                worker.pollGeneration++;
                changed.signalAll();
            }
            return dispatch;
        } finally {
            unlock();
        }
    }

    /**
     * A live worker holding {@code artifact}: {@code preferred} if it has it, else any one (at
     * random, to spread the downloads).
     */
    public Optional<WorkerId> locate(Id artifact, WorkerId preferred) {
        lock.lock();
        try {
            expireWorkers(clock.nanos());
            List<WorkerState> live = List.copyOf(workers.liveHolders(artifact));
            if (live.isEmpty()) {
                return Optional.empty();
            }
            for (WorkerState worker : live) {
                if (worker.id.equals(preferred)) {
                    return Optional.of(worker.id);
                }
            }
            return Optional.of(live.get(ThreadLocalRandom.current().nextInt(live.size())).id);
        } finally {
            unlock();
        }
    }

    public Optional<WorkerId> locate(Id artifact) {
        return locate(artifact, null);
    }

    /** Every live worker holding {@code artifact}, in the order they reported it. */
    public List<WorkerId> holders(Id artifact) {
        lock.lock();
        try {
            expireWorkers(clock.nanos());
            return workers.liveHolders(artifact).stream().map(worker -> worker.id).toList();
        } finally {
            unlock();
        }
    }

    /** How many polls are waiting for work right now. */
    public int waitingPolls() {
        lock.lock();
        try {
            return waitingPolls;
        } finally {
            unlock();
        }
    }

    /**
     * The workers and the waiting jobs as they are now, at most {@code maxWaiting} of those (the
     * longest waiting first), each with why it waits.
     */
    public SchedulerView view(int maxWaiting) {
        lock.lock();
        try {
            long now = clock.nanos();
            expireWorkers(now);
            return views.view(maxWaiting, now);
        } finally {
            unlock();
        }
    }

    /** The workers currently considered alive. */
    public List<WorkerId> liveWorkers() {
        lock.lock();
        try {
            expireWorkers(clock.nanos());
            return workers.live().stream().map(worker -> worker.id).toList();
        } finally {
            unlock();
        }
    }

    /** Waits (in real time) until at least {@code count} workers are alive; false if the timeout passed first. */
    public boolean awaitLiveWorkers(int count, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (workers.live().size() < count) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            unlock();
        }
    }

    /** Ends every poll and fails every waiting ticket; later submissions are refused. */
    public void shutdown() {
        List<PendingJob> abandoned;
        lock.lock();
        try {
            closed = true;
            abandoned = jobs.removeAll();
            changed.signalAll();
        } finally {
            unlock();
        }
        abandoned.forEach(job -> job.result.completeExceptionally(new SchedulerStoppedException()));
    }

    // ---- internals (all called with the lock held) --------------------------------------------

    /** The worker made contact; a newcomer or a worker back from the dead may be what a waiter waits for. */
    private WorkerState touch(WorkerId id, long now) {
        boolean wasAlive = workers.isAlive(id);
        WorkerState worker = workers.touch(id, now);
        if (!wasAlive) {
            changed.signalAll();
            liveWorkersChanged();
        }
        return worker;
    }

    private void liveWorkersChanged() {
        try {
            liveWorkersListener.accept(workers.live().stream().map(worker -> worker.id).toList());
        } catch (RuntimeException e) {
            log.warn("could not note the live workers: {}", e.toString());
        }
    }

    private void addArtifact(WorkerState worker, Id artifact) {
        workers.addArtifact(worker, artifact);
        PendingJob pending = jobs.get(artifact);
        if (pending != null && pending.status == PendingJob.Status.QUEUED && worker.alive) {
            queues.cachedOn(pending, worker);
        }
    }

    private void enqueue(PendingJob job, long now) {
        job.status = PendingJob.Status.QUEUED;
        job.unmetNoticed = false; // its wait for a worker that meets its requirements starts again
        job.queuedAt = now;
        Set<WorkerState> depHolders = new LinkedHashSet<>();
        job.job.deps().forEach(dep -> depHolders.addAll(workers.liveHolders(dep)));
        queues.enqueue(job, now, workers.liveHolders(job.id()), depHolders);
    }

    private Dispatch dispatch(WorkerState worker, int freeSlots, long now) {
        // The only live worker is never held back: its builds would stop, with nobody told why.
        int slots = quarantine.holdsBack(worker, now) && workers.live().size() > 1 ? 0 : freeSlots;
        List<Assignment> taken = new ArrayList<>();
        try {
            takeJobs(worker, slots, taken, now);
        } finally {
            worker.freeSlots = Math.max(0, freeSlots - taken.size()); // what a status page shows until it asks again
        }
        if (!taken.isEmpty()) {
            log.debug("{} takes {}", worker.id, taken.stream().map(a -> a.job().describe()).toList());
        }
        List<Id> cancelled = List.copyOf(worker.toCancel);
        worker.toCancel.clear();
        return new Dispatch(taken, cancelled);
    }

    private void takeJobs(WorkerState worker, int slots, List<Assignment> taken, long now) {
        FairShares shares = slots > 0 ? FairShares.runningOn(workers.live()) : null;
        for (PendingJob job; !recovery.holding(workers, now) && taken.size() < slots
                && (job = queues.nextFor(worker, now, shares)) != null; ) {
            queues.remove(job);
            Set<Id> lost = new LinkedHashSet<>();
            job.job.deps().forEach(dep -> {
                if (workers.liveHolders(dep).isEmpty()) {
                    lost.add(dep);
                }
            });
            if (!lost.isEmpty()) {
                tries.depsLost(job, lost);
                continue;
            }
            JobTable.startOn(job, worker, now);
            shares.took(job);
            grants.handed(worker.id, job.job);
            queueWaits.accept(now - job.queuedAt);
            taken.add(job.assignment());
        }
    }

    /** The earliest moment something could change for a waiting poll without anyone signalling. */
    private long nextWakeUp(WorkerState worker, long deadline, long now) {
        long next = recovery.wakeUp(workers.nextExpiry(queues.nextEligible(worker, now, deadline), worker, now), now);
        return quarantine.holdsBack(worker, now) ? JobQueues.earliest(next, worker.quarantinedUntil, now) : next;
    }

    /** Workers silent too long are dead: their queues are forgotten and their jobs go elsewhere. */
    private void expireWorkers(long now) {
        workers.forgetLongDeadIfDue(now);
        for (WorkerState dead : workers.expire(now)) {
            workersLost++;
            queues.forget(dead);
            int orphans = tries.workerDied(dead, now);
            tries.failUnfitJobs(jobs.queued().toList());
            log.warn("worker {} declared dead: no poll for {} ms; {} of its jobs queued again", dead.id,
                    TimeUnit.NANOSECONDS.toMillis(workers.silentFor(dead, now)), orphans);
            recovery.lost(dead);
            changed.signalAll();
            liveWorkersChanged();
        }
        unmet.sweep(now, jobs.queued(), workers.live(), tries::giveUp);
    }

    /**
     * Releases the lock, then completes what was decided under it. The completions run on threads
     * of their own: builds react to them in their callbacks, and the caller may be one build's
     * thread, holding that build's locks, which another build's callback must not wait for.
     */
    private void unlock() {
        List<Runnable> completions = takeCompletions();
        lock.unlock();
        start(completions);
    }

    private static void start(List<Runnable> completions) {
        completions.forEach(completion -> Thread.ofVirtual().name("scheduler-completion").start(completion));
    }

    private List<Runnable> takeCompletions() {
        if (lock.getHoldCount() != 1 || afterUnlock.isEmpty()) {
            return List.of();
        }
        List<Runnable> completions = List.copyOf(afterUnlock);
        afterUnlock.clear();
        return completions;
    }

    private void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            unlock();
        }
    }

    /** One build no longer wants the job, nor to hear of it; the last one to withdraw drops it. */
    void release(PendingJob job, List<Consumer<WorkerId>> startListeners,
            List<BiConsumer<WorkerId, String>> lossListeners) {
        boolean abandoned = false;
        lock.lock();
        try {
            job.startListeners.removeAll(startListeners);
            job.lossListeners.removeAll(lossListeners);
            job.interest--;
            if (job.interest == 0 && job.status != PendingJob.Status.DONE) {
                queues.remove(job);
                for (WorkerState worker : job.runningOn.keySet()) {
                    worker.running.remove(job);
                    worker.toCancel.add(job.id());
                }
                job.runningOn.clear();
                job.status = PendingJob.Status.DONE;
                jobs.remove(job);
                abandoned = true;
                log.debug("job {} is wanted by no build any more; dropped", job.job.describe());
                changed.signalAll();
            }
        } finally {
            unlock();
        }
        if (abandoned) {
            job.result.completeExceptionally(new CancellationException("no build wants job " + job.id() + " any more"));
        }
    }

    /** Tells {@code listener} of every try of the job lost on a worker, and why. */
    void listenForLosses(PendingJob job, BiConsumer<WorkerId, String> listener) {
        lock.lock();
        try {
            job.lossListeners.add(listener);
        } finally {
            unlock();
        }
    }

    /** Tells {@code listener} of every worker the job is handed to, and of the one running it now, if any. */
    void listenForStarts(PendingJob job, Consumer<WorkerId> listener) {
        lock.lock();
        try {
            job.startListeners.add(listener);
            job.runningOn.keySet().stream().findFirst().ifPresent(worker -> listener.accept(worker.id));
        } finally {
            unlock();
        }
    }
}

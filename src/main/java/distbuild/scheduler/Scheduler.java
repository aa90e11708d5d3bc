package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * Matches waiting jobs to workers (SPEC §7). A waiting job is, at once, in the first queue of
 * every live worker that has its artifact; in the second queue of every worker holding one of
 * its deps — at once if it was cached nowhere, after {@code cacheTimeout} otherwise; and in the
 * global queue {@code depsTimeout} after that. A job that no worker has any claim on (cached
 * nowhere, no dep cached anywhere) goes to the global queue at once: holding it back would
 * favour nobody.
 *
 * <p>Each job ID is scheduled once however many builds want it. Workers that stop
 * heartbeating are declared dead when a poll or lookup next looks; their jobs are queued again.
 * There is no timer thread: every deadline is checked by the polls waiting on it.
 */
public final class Scheduler {
    private final Logger log;
    private final SchedulerConfig config;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private final Map<Id, PendingJob> jobs = new HashMap<>();
    private final Map<WorkerId, WorkerState> workers = new LinkedHashMap<>();
    private final Map<Id, Set<WorkerState>> holders = new HashMap<>();
    private final TreeSet<PendingJob> globalQueue = new TreeSet<>(PendingJob.BY_GLOBAL_QUEUE_TIME);
    private long nextSequence;
    private int waitingPolls;
    private boolean closed;

    public Scheduler(Logger log, SchedulerConfig config, Clock clock) {
        this.log = log;
        this.config = config;
        this.clock = clock;
        clock.onJump(this::wakeAll);
    }

    // ---- jobs ---------------------------------------------------------------------------------

    /**
     * Schedules {@code job} unless it is already waiting or running, and returns this caller's
     * interest in it.
     *
     * @param sourceFiles the source files the job reads, ID → path, as its worker will need them
     */
    public JobTicket submit(Job job, Map<Id, String> sourceFiles) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the scheduler is shut down");
            }
            PendingJob pending = jobs.get(job.id());
            if (pending == null) {
                pending = new PendingJob(job, sourceFiles, nextSequence++);
                jobs.put(job.id(), pending);
                enqueue(pending, clock.nanos());
                log.debug("job {} queued", job.describe());
                changed.signalAll();
            } else {
                log.debug("job {} is already {}; sharing it", job.describe(), pending.status.name().toLowerCase());
            }
            pending.interest++;
            return new Ticket(pending);
        } finally {
            lock.unlock();
        }
    }

    /** The number of jobs waiting or running. */
    public int pendingJobs() {
        lock.lock();
        try {
            return jobs.size();
        } finally {
            lock.unlock();
        }
    }

    // ---- workers ------------------------------------------------------------------------------

    /**
     * Records a heartbeat's news: the worker is alive, these artifacts entered its cache, these
     * jobs run on it. A reported job that no build wants any more is marked for cancelling; one
     * that was queued again (its worker was thought dead) is taken back as running there.
     *
     * @return true if the heartbeat is outdated: it lists as running a job this worker already
     *     reported finished, so it was sent before a newer report and offers too few slots. Such a
     *     heartbeat should be answered at once rather than held, so the worker asks again.
     */
    public boolean heartbeat(WorkerId workerId, Collection<Id> addedArtifacts, Collection<Id> runningJobs) {
        lock.lock();
        try {
            long now = clock.nanos();
            WorkerState worker = touch(workerId, now);
            addedArtifacts.forEach(id -> addArtifact(worker, id));
            boolean outdated = false;
            for (Id id : runningJobs) {
                PendingJob pending = jobs.get(id);
                if (worker.recentlyFinished.contains(id)) {
                    outdated = true;
                } else if (pending == null) {
                    worker.toCancel.add(id);
                } else if (!pending.runningOn.contains(worker)) {
                    dequeue(pending);
                    pending.status = PendingJob.Status.RUNNING;
                    pending.runningOn.add(worker);
                    worker.running.add(pending);
                }
            }
            changed.signalAll();
            return outdated;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A job finished on a worker. The first result of a job wins: every build waiting for it gets
     * it, and other workers still running the same job are told to stop. Results for jobs
     * nobody waits for any more are ignored.
     */
    public void jobFinished(WorkerId workerId, JobResult result) {
        PendingJob finished;
        lock.lock();
        try {
            WorkerState worker = touch(workerId, clock.nanos());
            worker.running.removeIf(job -> job.id().equals(result.jobId()));
            worker.recentlyFinished.add(result.jobId());
            if (result.succeeded()) {
                addArtifact(worker, result.jobId());
            }
            finished = jobs.remove(result.jobId());
            if (finished == null) {
                log.debug("{} finished job {}, which no build waits for", workerId, result.jobId().shortHex());
                return;
            }
            dequeue(finished);
            finished.status = PendingJob.Status.DONE;
            for (WorkerState other : finished.runningOn) {
                other.running.remove(finished);
                if (other != worker) {
                    other.toCancel.add(finished.id());
                }
            }
            finished.runningOn.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        finished.result.complete(result);
    }

    /**
     * A worker asks for up to {@code freeSlots} jobs, waiting up to {@code maxWait} (in this
     * scheduler's clock) for at least one job or cancellation. Interrupting the caller ends the
     * wait and takes nothing.
     *
     * <p>A worker has at most one poll waiting: a newer waiting poll ends the older one with
     * nothing. A poll that does not wait (a report) ends the waiting one only if it leaves some
     * of its slots unfilled: then the waiting poll's slot count is out of date, and the worker
     * should ask again with all its free slots.
     */
    public Dispatch poll(WorkerId workerId, int freeSlots, Duration maxWait) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long now = clock.nanos();
            WorkerState worker = touch(workerId, now);
            boolean waits = maxWait.isPositive();
            if (waits) {
                worker.pollGeneration++;
                changed.signalAll(); // releases this worker's older poll
            }
            long generation = worker.pollGeneration;
            long deadline = now + maxWait.toNanos();
            while (true) {
                now = clock.nanos();
                if (worker.pollGeneration == generation) {
                    worker.lastSeen = now; // a worker waiting in its poll is alive
                }
                expireWorkers(now);
                if (closed || worker.pollGeneration != generation || !worker.alive) {
                    return Dispatch.NOTHING;
                }
                List<Assignment> assigned = take(worker, freeSlots, now);
                List<Id> cancelled = List.copyOf(worker.toCancel);
                worker.toCancel.clear();
                if (!waits && assigned.size() < freeSlots) {
                    worker.pollGeneration++;
                    changed.signalAll(); // the waiting poll offers too few slots now
                }
                if (!assigned.isEmpty() || !cancelled.isEmpty() || now - deadline >= 0) {
                    if (!assigned.isEmpty()) {
                        log.debug("{} takes {}", workerId, assigned.stream().map(a -> a.job().describe()).toList());
                    }
                    return new Dispatch(assigned, cancelled);
                }
                waitingPolls++;
                try {
                    changed.awaitNanos(Math.max(1, nextWakeUp(worker, deadline, now) - now));
                } finally {
                    waitingPolls--;
                }
            }
        } finally {
            lock.unlock();
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
            List<WorkerState> live = liveHolders(artifact).stream().toList();
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
            lock.unlock();
        }
    }

    public Optional<WorkerId> locate(Id artifact) {
        return locate(artifact, null);
    }

    /** How many polls are waiting for work right now. */
    public int waitingPolls() {
        lock.lock();
        try {
            return waitingPolls;
        } finally {
            lock.unlock();
        }
    }

    /** The workers currently considered alive. */
    public List<WorkerId> liveWorkers() {
        lock.lock();
        try {
            expireWorkers(clock.nanos());
            return workers.values().stream().filter(w -> w.alive).map(w -> w.id).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Ends every poll and fails every waiting ticket; later submissions are refused. */
    public void shutdown() {
        List<PendingJob> abandoned;
        lock.lock();
        try {
            closed = true;
            abandoned = new ArrayList<>(jobs.values());
            jobs.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        abandoned.forEach(job -> job.result.completeExceptionally(
                new CancellationException("the coordinator is shutting down")));
    }

    // ---- internals (all called with the lock held) --------------------------------------------

    private WorkerState touch(WorkerId id, long now) {
        WorkerState worker = workers.get(id);
        if (worker == null) {
            worker = new WorkerState(id, now);
            workers.put(id, worker);
            log.info("worker {} joined", id);
        } else if (!worker.alive) {
            worker.alive = true;
            log.info("worker {} is back", id);
        }
        worker.lastSeen = now;
        return worker;
    }

    private void addArtifact(WorkerState worker, Id artifact) {
        worker.artifacts.add(artifact);
        holders.computeIfAbsent(artifact, id -> new LinkedHashSet<>()).add(worker);
        PendingJob pending = jobs.get(artifact);
        if (pending != null && pending.status == PendingJob.Status.QUEUED && worker.alive
                && pending.inFirstQueueOf.add(worker)) {
            // Late cache news: this worker can replay the job, so it goes to its first queue now.
            worker.firstQueue.add(pending);
            if (pending.inSecondQueueOf.remove(worker)) {
                worker.secondQueue.remove(pending);
            }
        }
    }

    private void enqueue(PendingJob job, long now) {
        job.status = PendingJob.Status.QUEUED;
        Set<WorkerState> cachedOn = liveHolders(job.id());
        for (WorkerState worker : cachedOn) {
            worker.firstQueue.add(job);
            job.inFirstQueueOf.add(worker);
        }
        job.secondQueueAt = cachedOn.isEmpty() ? now : now + config.cacheTimeout().toNanos();
        Set<WorkerState> depHolders = new LinkedHashSet<>();
        job.job.deps().forEach(dep -> depHolders.addAll(liveHolders(dep)));
        depHolders.removeAll(cachedOn);
        for (WorkerState worker : depHolders) {
            worker.secondQueue.add(job);
            job.inSecondQueueOf.add(worker);
        }
        boolean someoneHasAClaim = !cachedOn.isEmpty() || !depHolders.isEmpty();
        job.globalQueueAt = someoneHasAClaim ? job.secondQueueAt + config.depsTimeout().toNanos() : now;
        globalQueue.add(job);
        job.inGlobalQueue = true;
    }

    private void dequeue(PendingJob job) {
        job.inFirstQueueOf.forEach(worker -> worker.firstQueue.remove(job));
        job.inFirstQueueOf.clear();
        job.inSecondQueueOf.forEach(worker -> worker.secondQueue.remove(job));
        job.inSecondQueueOf.clear();
        if (job.inGlobalQueue) {
            globalQueue.remove(job);
            job.inGlobalQueue = false;
        }
    }

    private List<Assignment> take(WorkerState worker, int slots, long now) {
        List<Assignment> taken = new ArrayList<>();
        while (taken.size() < slots) {
            PendingJob job = nextFor(worker, now);
            if (job == null) {
                break;
            }
            dequeue(job);
            job.status = PendingJob.Status.RUNNING;
            job.runningOn.add(worker);
            worker.running.add(job);
            taken.add(job.assignment());
        }
        return taken;
    }

    private PendingJob nextFor(WorkerState worker, long now) {
        if (!worker.firstQueue.isEmpty()) {
            return worker.firstQueue.iterator().next();
        }
        if (!worker.secondQueue.isEmpty() && worker.secondQueue.first().secondQueueAt - now <= 0) {
            return worker.secondQueue.first();
        }
        if (!globalQueue.isEmpty() && globalQueue.first().globalQueueAt - now <= 0) {
            return globalQueue.first();
        }
        return null;
    }

    /** The earliest moment something could change for a waiting poll without anyone signalling. */
    private long nextWakeUp(WorkerState worker, long deadline, long now) {
        long wakeUp = deadline;
        if (!worker.secondQueue.isEmpty()) {
            wakeUp = earliest(wakeUp, worker.secondQueue.first().secondQueueAt, now);
        }
        if (!globalQueue.isEmpty()) {
            wakeUp = earliest(wakeUp, globalQueue.first().globalQueueAt, now);
        }
        long timeout = config.workerTimeout().toNanos();
        for (WorkerState other : workers.values()) {
            if (other.alive && other != worker) {
                wakeUp = earliest(wakeUp, other.lastSeen + timeout, now);
            }
        }
        return wakeUp;
    }

    private static long earliest(long current, long candidate, long now) {
        return candidate - now > 0 && candidate - current < 0 ? candidate : current;
    }

    private void expireWorkers(long now) {
        long timeout = config.workerTimeout().toNanos();
        for (WorkerState worker : workers.values()) {
            if (worker.alive && now - worker.lastSeen >= timeout) {
                declareDead(worker, now);
            }
        }
    }

    private void declareDead(WorkerState worker, long now) {
        worker.alive = false;
        worker.toCancel.clear();
        worker.firstQueue.forEach(job -> job.inFirstQueueOf.remove(worker));
        worker.firstQueue.clear();
        worker.secondQueue.forEach(job -> job.inSecondQueueOf.remove(worker));
        worker.secondQueue.clear();
        List<PendingJob> orphans = new ArrayList<>();
        for (PendingJob job : worker.running) {
            job.runningOn.remove(worker);
            if (job.runningOn.isEmpty() && job.status == PendingJob.Status.RUNNING) {
                orphans.add(job);
            }
        }
        worker.running.clear();
        orphans.forEach(job -> enqueue(job, now));
        log.warn("worker {} declared dead: no heartbeat for {} ms; {} of its jobs queued again", worker.id,
                TimeUnit.NANOSECONDS.toMillis(now - worker.lastSeen), orphans.size());
        changed.signalAll();
    }

    private Set<WorkerState> liveHolders(Id artifact) {
        Set<WorkerState> live = new LinkedHashSet<>();
        for (WorkerState worker : holders.getOrDefault(artifact, Set.of())) {
            if (worker.alive) {
                live.add(worker);
            }
        }
        return live;
    }

    private void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void release(PendingJob job) {
        boolean abandoned = false;
        lock.lock();
        try {
            job.interest--;
            if (job.interest == 0 && job.status != PendingJob.Status.DONE) {
                dequeue(job);
                for (WorkerState worker : job.runningOn) {
                    worker.running.remove(job);
                    worker.toCancel.add(job.id());
                }
                job.runningOn.clear();
                job.status = PendingJob.Status.DONE;
                jobs.remove(job.id(), job);
                abandoned = true;
                log.debug("job {} is wanted by no build any more; dropped", job.job.describe());
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (abandoned) {
            job.result.completeExceptionally(new CancellationException("no build wants job " + job.id() + " any more"));
        }
    }

    private final class Ticket implements JobTicket {
        private final PendingJob job;
        private boolean cancelled;

        Ticket(PendingJob job) {
            this.job = job;
        }

        @Override
        public Id jobId() {
            return job.id();
        }

        @Override
        public CompletableFuture<JobResult> result() {
            return job.result;
        }

        @Override
        public void cancel() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
            }
            release(job);
        }
    }
}

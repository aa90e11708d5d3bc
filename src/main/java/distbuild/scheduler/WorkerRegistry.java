package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.WorkerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The workers the scheduler has heard from: whether each is alive, and which artifacts each
 * holds. Guarded by the scheduler's lock.
 *
 * <p>Liveness comes from the long poll. A live worker always has a poll waiting here, or sends
 * its next one right after the last was answered; so a worker is dead once it has had no poll
 * waiting for {@code timeout}. That notices a lost worker in seconds without ever mistaking a
 * busy one for it: a job may run for hours while its worker keeps polling.
 */
final class WorkerRegistry {
    /**
     * How long a dead worker is remembered (what it holds, for when it comes back), and how many
     * dead ones at most: anyone can send a heartbeat, and each would be kept for ever.
     */
    static final java.time.Duration DEAD_WORKER_KEPT = java.time.Duration.ofMinutes(10);
    static final int MOST_DEAD_WORKERS_KEPT = 1000;
    private static final java.time.Duration FORGET_EVERY = java.time.Duration.ofSeconds(1);

    private final Logger log;
    private final long timeout;
    private final Map<WorkerId, WorkerState> workers = new LinkedHashMap<>();
    private final Map<Id, Set<WorkerState>> holders = new HashMap<>();
    /** When dead workers were last looked through for ones to forget. */
    private long lastForgetting;

    WorkerRegistry(Logger log, java.time.Duration timeout) {
        this.log = log;
        this.timeout = timeout.toNanos();
    }

    boolean isAlive(WorkerId id) {
        WorkerState worker = workers.get(id);
        return worker != null && worker.alive;
    }

    /** The worker that just made contact, now known alive; registered on first contact. */
    WorkerState touch(WorkerId id, long now) {
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

    void addArtifact(WorkerState worker, Id artifact) {
        worker.artifacts.add(artifact);
        holders.computeIfAbsent(artifact, id -> new LinkedHashSet<>()).add(worker);
    }

    /** The worker says it holds {@code artifact}, but could not give it when asked. */
    void forgetArtifact(WorkerId id, Id artifact) {
        WorkerState worker = workers.get(id);
        if (worker != null && worker.artifacts.remove(artifact)) {
            dropHolder(worker, artifact);
            log.info("{} no longer counts as holding artifact {}", id, artifact.shortHex());
        }
    }

    /** The worker no longer counts among the holders of {@code artifact} (its own set is the caller's to update). */
    private void dropHolder(WorkerState worker, Id artifact) {
        Set<WorkerState> holding = holders.get(artifact);
        if (holding != null && holding.remove(worker) && holding.isEmpty()) {
            holders.remove(artifact);
        }
    }

    /** The live workers holding {@code artifact}, in the order they reported it. */
    Set<WorkerState> liveHolders(Id artifact) {
        Set<WorkerState> live = new LinkedHashSet<>();
        for (WorkerState worker : holders.getOrDefault(artifact, Set.of())) {
            if (worker.alive) {
                live.add(worker);
            }
        }
        return live;
    }

    /** Every worker remembered, alive or dead. */
    List<WorkerState> all() {
        return List.copyOf(workers.values());
    }

    List<WorkerState> live() {
        return workers.values().stream().filter(worker -> worker.alive).toList();
    }

    /**
     * Declares dead every live worker without a waiting poll for longer than the timeout. What it
     * holds is remembered but offered to nobody while it is dead: a worker that was only paused
     * comes back with its cache (and one that lost its cache is found out when a fetch fails).
     *
     * @return the workers just declared dead, whose jobs must go elsewhere
     */
    List<WorkerState> expire(long now) {
        List<WorkerState> dead = new ArrayList<>();
        for (WorkerState worker : workers.values()) {
            if (worker.alive && worker.waitingPolls == 0 && now - worker.lastSeen >= timeout) {
                worker.alive = false;
                worker.toCancel.clear();
                dead.add(worker);
            }
        }
        return dead;
    }

    void startForgetting(long now) {
        lastForgetting = now;
    }

    /** At most once a second: forgets the workers dead too long, or beyond the most kept. */
    void forgetLongDeadIfDue(long now) {
        if (now - lastForgetting < FORGET_EVERY.toNanos()) {
            return;
        }
        lastForgetting = now;
        for (WorkerState forgotten : forgetLongDead(now, DEAD_WORKER_KEPT.toNanos(), MOST_DEAD_WORKERS_KEPT)) {
            log.info("forgot worker {}: dead for {} s", forgotten.id,
                    java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(silentFor(forgotten, now)));
        }
    }

    /**
     * Forgets the workers dead for longer than {@code retention}, and the longest dead beyond the
     * {@code mostKept} newest: every worker ever heard from (anyone can send a heartbeat) must not
     * cost memory for ever. One that comes back later is new again and announces its cache anew.
     *
     * @return the workers forgotten
     */
    List<WorkerState> forgetLongDead(long now, long retention, int mostKept) {
        List<WorkerState> dead = workers.values().stream().filter(worker -> !worker.alive)
                .sorted(Comparator.comparingLong((WorkerState worker) -> worker.lastSeen).reversed()).toList();
        List<WorkerState> forgotten = new ArrayList<>();
        for (int i = 0; i < dead.size(); i++) {
            WorkerState worker = dead.get(i);
            if (i >= mostKept || now - worker.lastSeen - retention >= 0) {
                workers.remove(worker.id);
                worker.artifacts.forEach(artifact -> dropHolder(worker, artifact));
                worker.artifacts.clear();
                forgotten.add(worker);
            }
        }
        return forgotten;
    }

    /** How many workers it knows, alive or dead. */
    int size() {
        return workers.size();
    }

    /** How long the worker has been out of touch, for messages. */
    long silentFor(WorkerState worker, long now) {
        return now - worker.lastSeen;
    }

    /** The earliest moment after {@code now} at which some worker other than {@code except} could expire. */
    long nextExpiry(long current, WorkerState except, long now) {
        long next = current;
        for (WorkerState worker : workers.values()) {
            if (worker.alive && worker != except && worker.waitingPolls == 0) {
                next = JobQueues.earliest(next, worker.lastSeen + timeout, now);
            }
        }
        return next;
    }
}

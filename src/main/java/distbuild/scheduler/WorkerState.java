package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.WorkerId;
import distbuild.model.WorkerOffers;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What the scheduler knows of one worker; guarded by the scheduler's lock. */
final class WorkerState {
    private static final int RECENTLY_FINISHED_KEPT = 1024;
    /** Far more than any worker runs at once, or has running while a build is cancelled and started again. */
    private static final int HANDED_KEPT = 16 * 1024;

    final WorkerId id;
    /** When it last made contact: a request arrived, or its last waiting poll ended. */
    long lastSeen;
    /** The slots it offered in its last request for work. */
    int freeSlots;
    /** Polls of this worker waiting in the scheduler right now; while there is one, it is alive. */
    int waitingPolls;
    boolean alive = true;
    /** What its machine offers, as it last said; null if it never said (a worker of the reference design). */
    WorkerOffers offers;
    /** What it announced having; forgotten when it is declared dead (its cache may be gone). */
    final Set<Id> artifacts = new HashSet<>();
    /** Jobs whose artifact this worker already has: it replays them without running anything. */
    final Set<PendingJob> firstQueue = new LinkedHashSet<>();
    /** Jobs with a dep this worker has, eligible from their {@code secondQueueAt}. */
    final TimedQueue secondQueue = new TimedQueue(job -> job.secondQueueAt);
    final Set<PendingJob> running = new LinkedHashSet<>();
    final Set<Id> toCancel = new LinkedHashSet<>();
    /** Bumped by each waiting poll, and by a report that leaves slots unfilled, to end the poll waiting before. */
    long pollGeneration;
    /**
     * The jobs last handed to it (or claimed from it after a restart): the only ones whose results
     * it may report or that it may say it runs. By ID, so a job a build dropped and another asked
     * for again is still its own; bounded like {@link #recentlyFinished}.
     */
    final Set<Id> handed = recentSet(HANDED_KEPT);
    /** The last jobs this worker reported finished, to spot heartbeats sent before it knew. */
    final Set<Id> recentlyFinished = recentSet(RECENTLY_FINISHED_KEPT);

    /** Jobs it dropped lately, when the last was, how often it was quarantined, and until when now; see {@link Quarantine}. */
    int strikes;
    long lastStrikeAt;
    int quarantines;
    long quarantinedUntil;

    WorkerState(WorkerId id, long now) {
        this.id = id;
        this.lastSeen = now;
    }

    /** A set that keeps only the {@code most} last added. */
    private static Set<Id> recentSet(int most) {
        return Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Id, Boolean> eldest) {
                return size() > most;
            }
        });
    }
}

package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.WorkerId;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** What the scheduler knows of one worker; guarded by the scheduler's lock. */
final class WorkerState {
    final WorkerId id;
    long lastSeen;
    boolean alive = true;
    final Set<Id> artifacts = new java.util.HashSet<>();
    /** Jobs whose artifact this worker already has: it replays them without running anything. */
    final Set<PendingJob> firstQueue = new LinkedHashSet<>();
    /** Jobs with a dep this worker has, eligible from their {@code secondQueueAt}. */
    final TreeSet<PendingJob> secondQueue = new TreeSet<>(PendingJob.BY_SECOND_QUEUE_TIME);
    final Set<PendingJob> running = new LinkedHashSet<>();
    final Set<Id> toCancel = new LinkedHashSet<>();
    /** Bumped by every poll, so an older poll still waiting knows it was superseded. */
    long pollGeneration;
    /** The last jobs this worker reported finished, to spot heartbeats sent before it knew. */
    final Set<Id> recentlyFinished = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Id, Boolean> eldest) {
            return size() > RECENTLY_FINISHED_KEPT;
        }
    });
    private static final int RECENTLY_FINISHED_KEPT = 1024;

    WorkerState(WorkerId id, long now) {
        this.id = id;
        this.lastSeen = now;
    }
}

package distbuild.scheduler;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A job some build waits for, from submission until its result; guarded by the scheduler's lock. */
final class PendingJob {
    enum Status { QUEUED, RUNNING, DONE }


    final Job job;
    final Map<Id, String> sourceFiles;
    final long sequence;
    final CompletableFuture<JobResult> result = new CompletableFuture<>();
    /** Told of every worker the job is handed to; see {@link JobTicket#onStart}. */
    final List<Consumer<WorkerId>> startListeners = new ArrayList<>();
    /** Told of every try lost on a worker, and why; see {@link JobTicket#onLost}. */
    final List<BiConsumer<WorkerId, String>> lossListeners = new ArrayList<>();

    /** The work on the longest path from this job to the end of its builds, this job included (nanoseconds, estimated). */
    long remainingWork;
    /** How many jobs depend on it, directly or not: the tie-breaker when no durations are known. */
    long dependants;
    /** Whose slots it counts against (the build that asked first); see {@link FairShares}. */
    Share share = Share.COMMON;
    Status status = Status.QUEUED;
    int interest;
    /** Why earlier tries failed for reasons that were not the job's own (a worker lost, an input unreachable). */
    final List<String> failedTries = new ArrayList<>();
    /** When it was last queued (scheduler clock). */
    long queuedAt;
    /** When workers holding a dep may take it (kept fixed while it sits in their second queues). */
    long secondQueueAt;
    /** When any worker may take it (kept fixed while it sits in the global queue). */
    long globalQueueAt;
    final Set<WorkerState> inFirstQueueOf = new HashSet<>();
    final Set<WorkerState> inSecondQueueOf = new HashSet<>();
    boolean inGlobalQueue;
    /** Workers that said they cannot run it, and why; see {@link WorkerFit}. */
    final Map<WorkerId, String> unableOn = new java.util.LinkedHashMap<>();
    /**
     * Whether the last look found no live worker meeting its requirements, and since when (clock
     * nanos); cleared whenever it is queued; see {@link UnmetRequirements}.
     */
    boolean unmetNoticed;
    long unmetSince;
    /** The workers running it, each with the time it was handed to them. */
    final Map<WorkerState, Long> runningOn = new HashMap<>();
    PendingJob(Job job, Map<Id, String> sourceFiles, long sequence) {
        this.job = job;
        this.sourceFiles = Map.copyOf(sourceFiles);
        this.sequence = sequence;
    }

    Id id() {
        return job.id();
    }

    Assignment assignment() {
        return new Assignment(job, sourceFiles);
    }
}

package distbuild.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Jobs that require of their worker's machine what no live worker offers ({@code arch: arm64}
 * on a cluster of amd64 machines, or the compiler they were planned with): they wait, since such a worker may join, and say why while they
 * do; after {@code timeout} they fail, naming what each worker lacked, rather than wait forever.
 * Looked over at most once a second, on the scheduler's own calls. Guarded by the scheduler's lock.
 */
final class UnmetRequirements {
    private static final long SWEEP_EVERY = TimeUnit.SECONDS.toNanos(1);

    private final long timeout;
    private long nextSweep = Long.MIN_VALUE;

    UnmetRequirements(Duration timeout) {
        this.timeout = timeout.toNanos();
    }

    /** Fails, through {@code giveUp}, the queued jobs whose requirements no live worker has met for too long. */
    void sweep(long now, Stream<PendingJob> queued, Collection<WorkerState> live, BiConsumer<PendingJob, String> giveUp) {
        if (nextSweep != Long.MIN_VALUE && now - nextSweep < 0) {
            return;
        }
        nextSweep = now + SWEEP_EVERY;
        if (live.isEmpty()) {
            return; // every job waits for a worker alike; what one lacks is known once one is live
        }
        List<PendingJob> overdue = new ArrayList<>();
        queued.filter(job -> job.job.needs().askOfMachine()).forEach(job -> {
            if (live.stream().anyMatch(worker -> job.job.needs().metBy(worker.offers))) {
                job.unmetNoticed = false;
            } else if (!job.unmetNoticed) {
                job.unmetNoticed = true;
                job.unmetSince = now;
            } else if (now - job.unmetSince >= timeout) {
                overdue.add(job);
            }
        });
        for (PendingJob job : overdue) {
            giveUp.accept(job, "no worker met its requirements (" + job.job.needs().describeAskOfMachine() + ") for "
                    + describe(Duration.ofNanos(now - job.unmetSince)) + ": " + why(job, live).orElseThrow());
        }
    }

    /** Why the job waits, if no live worker meets its requirements. */
    static Optional<String> why(PendingJob job, Collection<WorkerState> live) {
        var needs = job.job.needs();
        if (!needs.askOfMachine()) {
            return Optional.empty();
        }
        List<String> each = new ArrayList<>();
        for (WorkerState worker : live) {
            List<String> unmet = needs.unmetBy(worker.offers);
            if (unmet.isEmpty()) {
                return Optional.empty();
            }
            each.add(worker.id + " lacks " + String.join(", ", unmet));
        }
        return Optional.of(each.isEmpty() ? "no worker is live" : String.join("; ", each));
    }

    private static String describe(Duration waited) {
        return waited.toMinutes() > 0 ? waited.toMinutes() + " min" : waited.toSeconds() + " s";
    }
}

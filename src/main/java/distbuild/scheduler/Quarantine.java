package distbuild.scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Workers that keep dropping the jobs handed to them (they stop listing them, or report results
 * for jobs never theirs) get no jobs for a while, twice as long each time: otherwise a broken or
 * hostile worker takes the same job back in its next heartbeat, again and again, and the build
 * waits. A result it reports for a job it was handed clears its record; the scheduler never holds
 * back its only live worker. Guarded by the scheduler's lock.
 */
final class Quarantine {
    /** Strikes within {@link #MEMORY} that put a worker in quarantine. */
    static final int STRIKES = 3;
    static final Duration FIRST = Duration.ofSeconds(30);
    static final Duration LONGEST = Duration.ofHours(1);
    /** A strike older than this is forgotten when the next comes. */
    static final Duration MEMORY = Duration.ofMinutes(10);
    /** Strikes closer together than this count as one. */
    static final Duration SPACING = Duration.ofSeconds(1);

    private final Logger log;

    Quarantine(Logger log) {
        this.log = log;
    }

    /**
     * The worker dropped a job it was handed, or spoke of one it never was; enough of these and it
     * gets none for a while.
     *
     * @return how long it is now quarantined for; zero if this strike did not put it there
     */
    Duration strike(WorkerState worker, long now, String what) {
        if (worker.strikes > 0 && now - worker.lastStrikeAt < SPACING.toNanos()) {
            return Duration.ZERO; // one heartbeat's worth of trouble (a cancelled build's jobs, a restart) is one strike
        }
        if (worker.strikes > 0 && now - worker.lastStrikeAt - MEMORY.toNanos() >= 0) {
            worker.strikes = 0;
        }
        worker.strikes++;
        worker.lastStrikeAt = now;
        if (worker.strikes < STRIKES) {
            return Duration.ZERO;
        }
        long length = Math.min(FIRST.toNanos() << Math.min(worker.quarantines, 20), LONGEST.toNanos());
        worker.quarantines++;
        worker.quarantinedUntil = now + length;
        worker.strikes = 0;
        log.warn("worker {} quarantined for {} s: it {} ({} strikes in a row); it gets no jobs until then",
                worker.id, TimeUnit.NANOSECONDS.toSeconds(length), what, STRIKES);
        return Duration.ofNanos(length);
    }

    /** A result the worker was expected to give: whatever it did before, it works now. */
    void cleared(WorkerState worker) {
        worker.strikes = 0;
        worker.quarantines = 0;
    }

    /** Whether the worker gets no jobs now. */
    boolean holdsBack(WorkerState worker, long now) {
        return worker.quarantinedUntil != 0 && now - worker.quarantinedUntil < 0;
    }
}

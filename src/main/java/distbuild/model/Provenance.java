package distbuild.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How a job's result came about, for the people watching a build: whether the job ran for this
 * build, was replayed from a cache or was shared with another build that wanted it too, on which
 * worker, and how long its phases took. It never changes what the result is.
 *
 * @param worker the worker that ran or holds the job, or null when unknown
 */
public record Provenance(Origin origin, WorkerId worker, Timing timing) {
    /** Nothing known: how results from peers that do not report it arrive. */
    public static final Provenance UNKNOWN = new Provenance(Origin.RAN, null, Timing.NONE);

    public enum Origin {
        /** The job's commands ran for this build. */
        RAN,
        /** Nothing ran: the result was replayed from a cache. */
        CACHED,
        /** The job ran once for another build that wanted it at the same time. */
        SHARED,
        /**
         * Nothing ran: the job's commands and everything they read (its inputs, and its deps'
         * outputs by content) were those of a job that ran before, whose result was replayed
         * (early cutoff: a dep ran again and made the same output as before).
         */
        CUT_OFF
    }

    /** Time spent staging inputs, running the commands and storing the artifact; zero when unknown. */
    public record Timing(Duration fetch, Duration run, Duration store) {
        public static final Timing NONE = new Timing(Duration.ZERO, Duration.ZERO, Duration.ZERO);

        public Timing {
            fetch = nonNegative(fetch);
            run = nonNegative(run);
            store = nonNegative(store);
        }

        public Duration total() {
            return fetch.plus(run).plus(store);
        }

        public boolean isKnown() {
            return !total().isZero();
        }

        private static Duration nonNegative(Duration duration) {
            return duration == null || duration.isNegative() ? Duration.ZERO : duration;
        }
    }

    public Provenance {
        Objects.requireNonNull(origin, "origin");
        timing = Objects.requireNonNullElse(timing, Timing.NONE);
    }

    public static Provenance ran(WorkerId worker, Timing timing) {
        return new Provenance(Origin.RAN, worker, timing);
    }

    public static Provenance cached(WorkerId worker) {
        return new Provenance(Origin.CACHED, worker, Timing.NONE);
    }

    public static Provenance cutOff(WorkerId worker) {
        return new Provenance(Origin.CUT_OFF, worker, Timing.NONE);
    }

    /** Whether nothing ran for this result: it was replayed, from a cache or by early cutoff. */
    public boolean replayed() {
        return origin == Origin.CACHED || origin == Origin.CUT_OFF;
    }

    public Provenance onWorker(WorkerId worker) {
        return new Provenance(origin, worker, timing);
    }

    /** As seen by a build that joined a job another build had started: shared, unless nothing ran at all. */
    public Provenance sharedWithAnotherBuild() {
        return origin == Origin.RAN ? new Provenance(Origin.SHARED, worker, timing) : this;
    }
}

package distbuild.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why a job's failure is the infrastructure's rather than the job's: an input could not be
 * fetched, the worker's own machinery broke. Such a job is tried again (elsewhere, and within a
 * bound) instead of failing its builds; a non-zero exit is a result and never carries one.
 *
 * @param lostDeps deps whose artifact could not be had from the worker named for each: that
 *     worker does not hold it any more (it may run the dep again, or fetch it from another)
 * @param workerUnable the worker cannot run this job at all (it lacks a program the job needs, or
 *     cannot lay out its tree): it goes to another, and no try is counted
 */
public record Retry(String reason, Map<Id, WorkerId> lostDeps, boolean workerUnable) {
    public Retry {
        Objects.requireNonNull(reason, "reason");
        lostDeps = Collections.unmodifiableMap(new LinkedHashMap<>(lostDeps));
    }

    public Retry(String reason, Map<Id, WorkerId> lostDeps) {
        this(reason, lostDeps, false);
    }

    public static Retry because(String reason) {
        return new Retry(reason, Map.of());
    }

    /** This worker cannot run the job at all, and says why: another may. */
    public static Retry workerUnable(String reason) {
        return new Retry(reason, Map.of(), true);
    }
}

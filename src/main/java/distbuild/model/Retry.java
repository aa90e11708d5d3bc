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
 */
public record Retry(String reason, Map<Id, WorkerId> lostDeps) {
    public Retry {
        Objects.requireNonNull(reason, "reason");
        lostDeps = Collections.unmodifiableMap(new LinkedHashMap<>(lostDeps));
    }

    public static Retry because(String reason) {
        return new Retry(reason, Map.of());
    }
}

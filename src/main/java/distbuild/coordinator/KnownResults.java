package distbuild.coordinator;

import distbuild.model.Id;
import distbuild.model.JobResult;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The results of jobs that succeeded, so a later build gets them without asking a worker. Kept
 * within a byte budget, least recently used first out: a result carries the job's output, and a
 * coordinator that runs for months must not keep the output of every job it ever saw. Forgetting
 * one only costs a round trip: the job is then replayed by a worker that has it cached.
 */
final class KnownResults {
    static final long DEFAULT_BUDGET = 64L * 1024 * 1024;
    private static final int OVERHEAD = 128; // the ID, the map entry and the record, roughly

    private final long budget;
    private final LinkedHashMap<Id, JobResult> results = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    KnownResults(long budget) {
        this.budget = budget;
    }

    synchronized void remember(JobResult result) {
        if (!result.succeeded()) {
            return;
        }
        JobResult previous = results.put(result.jobId(), result);
        bytes += size(result) - (previous == null ? 0 : size(previous));
        for (Iterator<Map.Entry<Id, JobResult>> oldest = results.entrySet().iterator();
                bytes > budget && oldest.hasNext(); ) {
            bytes -= size(oldest.next().getValue());
            oldest.remove();
        }
    }

    synchronized Optional<JobResult> get(Id job) {
        return Optional.ofNullable(results.get(job));
    }

    synchronized long bytes() {
        return bytes;
    }

    private static long size(JobResult result) {
        return result.stdout().length + result.stderr().length + OVERHEAD;
    }
}

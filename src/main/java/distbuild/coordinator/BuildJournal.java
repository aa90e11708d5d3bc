package distbuild.coordinator;

import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.WorkerId;
import distbuild.protocol.BuildDetails;
import distbuild.protocol.BuildDetails.JobRow;
import distbuild.protocol.ClusterStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one build did, job by job, for the people watching it: when each job became ready, was
 * handed to a worker and finished, and a failed job's output. Its build writes it from whatever
 * thread hears the news; the status pages read it, while the build runs and for a while after.
 * Thread-safe.
 */
final class BuildJournal {
    /** How much of each stream of a failed job's output is kept: its end, where compilers say what went wrong. */
    static final int OUTPUT_KEPT_BYTES = 64 * 1024;

    /** One job's line; guarded by the journal. */
    private static final class Entry {
        final Job job;
        String state = JobRow.WAITING;
        WorkerId worker;
        int tries;
        long readyAt = -1;
        long startedAt = -1;
        long finishedAt = -1;
        Provenance.Timing timing = Provenance.Timing.NONE;
        Integer exitCode;
        String error;
        String stdout;
        String stderr;

        Entry(Job job) {
            this.job = job;
        }

        /** What people watching the build look for first: a failure, or what runs now. */
        boolean isNews() {
            return state.equals(JobRow.FAILED) || state.equals(JobRow.STARTED);
        }

        boolean isFinished() {
            return switch (state) {
                case JobRow.RAN, JobRow.CACHED, JobRow.SHARED, JobRow.FAILED -> true;
                default -> false;
            };
        }
    }

    private final Id id;
    private final String submitter;
    private final long startedAtEpochMillis = System.currentTimeMillis();
    private final long startedAtNanos = System.nanoTime();
    private final Map<Id, Entry> entries = new LinkedHashMap<>();
    private String state = ClusterStatus.Build.RUNNING;
    /** The summary once the build ended, which no news changes any more. */
    private ClusterStatus.Build endSummary;
    private String failure;
    private long endedAtNanos = -1;

    BuildJournal(Id id, String submitter, Graph graph) {
        this.id = id;
        this.submitter = submitter;
        graph.jobs().forEach(job -> entries.put(job.id(), new Entry(job)));
    }

    Id id() {
        return id;
    }

    /** Whether the job is one of the build's. Needs no lock: the set of jobs never changes. */
    boolean includes(Id job) {
        return entries.containsKey(job);
    }

    int jobCount() {
        return entries.size();
    }

    /** Handed to the scheduler: its deps are done. */
    synchronized void queued(Job job) {
        Entry entry = whileRunning(job);
        if (entry == null) {
            return;
        }
        entry.state = JobRow.QUEUED;
        entry.readyAt = now();
        entry.startedAt = -1;
        entry.finishedAt = -1;
    }

    synchronized void started(Job job, WorkerId worker) {
        Entry entry = whileRunning(job);
        if (entry == null) {
            return;
        }
        if (entry.isFinished()) {
            return; // news of a try of a job shared with another build, heard late
        }
        entry.state = JobRow.STARTED;
        entry.worker = worker;
        entry.tries++;
        entry.startedAt = now();
    }

    /** A try ended without a result: the job waits for a worker again. */
    synchronized void lost(Job job, WorkerId worker, String reason) {
        Entry entry = whileRunning(job);
        if (entry == null) {
            return;
        }
        if (!entry.isFinished()) {
            entry.state = JobRow.QUEUED;
            entry.error = "a try on " + worker + " was lost: " + reason;
        }
    }

    synchronized void finished(Job job, JobResult result) {
        Entry entry = whileRunning(job);
        if (entry == null) {
            return;
        }
        entry.finishedAt = now();
        entry.timing = result.provenance().timing();
        if (result.provenance().worker() != null) {
            entry.worker = result.provenance().worker();
        }
        entry.exitCode = result.error() == null ? result.exitCode() : null;
        entry.error = result.error();
        if (result.succeeded()) {
            entry.state = switch (result.provenance().origin()) {
                case RAN -> JobRow.RAN;
                case CACHED -> JobRow.CACHED;
                case SHARED -> JobRow.SHARED;
            };
            entry.stdout = null;
            entry.stderr = null;
        } else {
            entry.state = JobRow.FAILED;
            entry.stdout = tail(result.stdout());
            entry.stderr = tail(result.stderr());
        }
    }

    /** Its deps' artifacts were lost: it waits for them to run again. */
    synchronized void waitsForDepsAgain(Job job) {
        Entry entry = whileRunning(job);
        if (entry == null) {
            return;
        }
        entry.state = JobRow.WAITING;
        entry.error = "the artifacts of some of its deps were lost; they run again";
    }

    /** It could not run at all (no result): the scheduler refused it, or its deps were lost for good. */
    synchronized void couldNotRun(Job job, String reason) {
        Entry entry = whileRunning(job);
        if (entry == null) {
            return;
        }
        entry.state = JobRow.FAILED;
        entry.finishedAt = now();
        entry.error = reason;
    }

    /** The build is over; {@code failure} says why it failed, or is null. */
    synchronized void ended(String state, String failure) {
        if (endedAtNanos >= 0) {
            return;
        }
        this.state = state;
        this.failure = failure;
        endedAtNanos = System.nanoTime();
        for (Entry entry : entries.values()) {
            if (!entry.isFinished()) {
                entry.state = JobRow.CANCELLED;
            }
        }
        endSummary = count();
    }

    /** Where it stands; once it ended, the same answer every time, counted once. */
    synchronized ClusterStatus.Build summary() {
        return endSummary != null ? endSummary : count();
    }

    private ClusterStatus.Build count() {
        int finished = 0;
        int running = 0;
        int waiting = 0;
        for (Entry entry : entries.values()) {
            if (entry.isFinished()) {
                finished++;
            } else if (entry.state.equals(JobRow.WAITING)) {
                waiting++;
            } else if (!entry.state.equals(JobRow.CANCELLED)) {
                running++;
            }
        }
        long elapsed = (endedAtNanos >= 0 ? endedAtNanos : System.nanoTime()) - startedAtNanos;
        return new ClusterStatus.Build(id.hex(), submitter, state, entries.size(), finished, running, waiting,
                startedAtEpochMillis, TimeUnit.NANOSECONDS.toMillis(elapsed), failure);
    }

    /**
     * The build and its jobs, in the graph's order: every failed or started one, and the others
     * until {@code most} are listed (a page polled every second must not carry 100,000 rows).
     */
    synchronized BuildDetails details(int most) {
        int roomForOthers = most - (int) entries.values().stream().filter(Entry::isNews).count();
        List<JobRow> rows = new ArrayList<>(Math.min(entries.size(), most));
        for (Entry entry : entries.values()) {
            if (!entry.isNews() && roomForOthers-- <= 0) {
                continue;
            }
            rows.add(new JobRow(entry.job.id().hex(), entry.job.name(), entry.state,
                    entry.worker == null ? null : entry.worker.url(), entry.tries, entry.readyAt, entry.startedAt,
                    entry.finishedAt, entry.timing.fetch().toMillis(), entry.timing.run().toMillis(),
                    entry.timing.store().toMillis(), entry.exitCode, entry.error, entry.stdout, entry.stderr));
        }
        return new BuildDetails(summary(), rows);
    }

    /** The job's entry, or null once the build ended: what cancelling its jobs brings then is no news. */
    private Entry whileRunning(Job job) {
        return endedAtNanos >= 0 ? null : entries.get(job.id());
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAtNanos);
    }

    /** The end of a stream, as text; a cut that falls inside a character loses only that character. */
    private static String tail(byte[] output) {
        if (output.length <= OUTPUT_KEPT_BYTES) {
            return new String(output, StandardCharsets.UTF_8);
        }
        int cut = output.length - OUTPUT_KEPT_BYTES;
        return "… (" + cut + " bytes before)\n"
                + new String(Arrays.copyOfRange(output, cut, output.length), StandardCharsets.UTF_8);
    }
}

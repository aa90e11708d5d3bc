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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What one build did, job by job, for the people watching it: when each job became ready, was
 * handed to a worker and finished, and a failed job's output. Its build writes it from whatever
 * thread hears the news, the scheduler's among them (with the scheduler's lock held); the status
 * pages read it, while the build runs and for a while after. So what a reader does under the
 * journal's lock is bounded: the summary is kept up to date as news arrives, and a listing walks
 * only as many jobs as it lists. Thread-safe.
 */
final class BuildJournal {
    /** How much of each stream of a failed job's output is kept: its end, where compilers say what went wrong. */
    static final int OUTPUT_KEPT_BYTES = 64 * 1024;
    /** How many failed jobs of one build keep their output; a build stops at its first failure, give or take a few. */
    static final int OUTPUTS_KEPT = 4;

    /** One job's line; guarded by the journal. */
    private static final class Entry {
        final Job job;
        /** Its place in the graph, for listings in the graph's order. */
        final int index;
        String state = JobRow.PENDING;
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

        Entry(Job job, int index) {
            this.job = job;
            this.index = index;
        }

        JobRow row() {
            return new JobRow(job.id().hex(), job.name(), state, worker == null ? null : worker.url(), tries, readyAt,
                    startedAt, finishedAt, timing.fetch().toMillis(), timing.run().toMillis(), timing.store().toMillis(),
                    exitCode, error, stdout, stderr);
        }
    }

    private final Id id;
    private final String submitter;
    private final long startedAtEpochMillis = System.currentTimeMillis();
    private final long startedAtNanos = System.nanoTime();
    private final Map<Id, Entry> entries = new LinkedHashMap<>();
    /** The jobs failed or on a worker now: what people look for first, always listed. */
    private final Set<Entry> news = new HashSet<>();
    private int finished;
    private int running;
    private int waiting;
    private int outputsKept;
    private String state = ClusterStatus.Build.RUNNING;
    private String failure;
    private long endedAtNanos = -1;

    BuildJournal(Id id, String submitter, Graph graph) {
        this.id = id;
        this.submitter = submitter;
        graph.jobs().forEach(job -> entries.putIfAbsent(job.id(), new Entry(job, entries.size())));
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

    /** Its sources are all there: its jobs wait for their deps from now on (they were pending until then). */
    synchronized void jobsStarting() {
        if (endedAtNanos < 0) {
            entries.values().forEach(entry -> move(entry, JobRow.WAITING));
        }
    }

    /** Handed to the scheduler: its deps are done. A job run again starts a new try from here. */
    synchronized void queued(Job job) {
        Entry entry = whileRunning(job);
        if (entry == null) {
            return;
        }
        move(entry, JobRow.QUEUED);
        entry.readyAt = now();
        entry.startedAt = -1;
        entry.finishedAt = -1;
        entry.worker = null;
        entry.timing = Provenance.Timing.NONE;
        entry.exitCode = null;
        entry.stdout = null;
        entry.stderr = null;
    }

    synchronized void started(Job job, WorkerId worker) {
        Entry entry = whileRunning(job);
        if (entry == null || isFinished(entry.state)) {
            return; // news of a try of a job shared with another build, heard late
        }
        move(entry, JobRow.STARTED);
        entry.worker = worker;
        entry.tries++;
        entry.startedAt = now();
        entry.error = null;
    }

    /** A try ended without a result: the job waits for a worker again, unless another try of it runs elsewhere. */
    synchronized void lost(Job job, WorkerId worker, String reason) {
        Entry entry = whileRunning(job);
        if (entry == null || !entry.state.equals(JobRow.STARTED) || !worker.equals(entry.worker)) {
            return;
        }
        move(entry, JobRow.QUEUED);
        entry.error = "a try on " + worker + " was lost: " + reason;
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
            move(entry, switch (result.provenance().origin()) {
                case RAN -> JobRow.RAN;
                case CACHED -> JobRow.CACHED;
                case SHARED -> JobRow.SHARED;
                case CUT_OFF -> JobRow.CUT_OFF;
            });
            return;
        }
        move(entry, JobRow.FAILED);
        if (outputsKept < OUTPUTS_KEPT) {
            outputsKept++;
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
        move(entry, JobRow.WAITING);
        entry.error = "the artifacts of some of its deps were lost; they run again";
    }

    /** It could not run at all (no result): the scheduler refused it, or its deps were lost for good. */
    synchronized void couldNotRun(Job job, String reason) {
        Entry entry = whileRunning(job);
        if (entry == null) {
            return;
        }
        move(entry, JobRow.FAILED);
        entry.finishedAt = now();
        entry.error = reason;
    }

    /** The build is over; {@code failure} says why it failed, or is null. What was not finished is cancelled. */
    synchronized void ended(String state, String failure) {
        if (endedAtNanos >= 0) {
            return;
        }
        for (Entry entry : entries.values()) {
            if (!isFinished(entry.state)) {
                move(entry, JobRow.CANCELLED);
            }
        }
        this.state = state;
        this.failure = failure;
        endedAtNanos = System.nanoTime();
    }

    /** Where it stands. */
    synchronized ClusterStatus.Build summary() {
        long elapsed = (endedAtNanos >= 0 ? endedAtNanos : System.nanoTime()) - startedAtNanos;
        return new ClusterStatus.Build(id.hex(), submitter, state, entries.size(), finished, running, waiting,
                startedAtEpochMillis, TimeUnit.NANOSECONDS.toMillis(elapsed), failure);
    }

    /**
     * The build and its jobs, in the graph's order: every failed or started one, and the others
     * until {@code most} are listed (a page polled every second must not carry 100,000 rows).
     */
    synchronized BuildDetails details(int most) {
        List<Entry> listed = new ArrayList<>(news);
        int room = most - listed.size();
        for (Entry entry : entries.values()) {
            if (room <= 0) {
                break;
            }
            if (!news.contains(entry)) {
                listed.add(entry);
                room--;
            }
        }
        listed.sort(Comparator.comparingInt(entry -> entry.index));
        return new BuildDetails(summary(), listed.stream().map(Entry::row).toList());
    }

    /** Changes a job's state, and the counts and the news with it. */
    private void move(Entry entry, String to) {
        count(entry.state, -1);
        news.remove(entry);
        entry.state = to;
        count(to, 1);
        if (to.equals(JobRow.FAILED) || to.equals(JobRow.STARTED)) {
            news.add(entry);
        }
    }

    private void count(String state, int by) {
        if (isFinished(state)) {
            finished += by;
        } else if (state.equals(JobRow.WAITING)) {
            waiting += by;
        } else if (state.equals(JobRow.QUEUED) || state.equals(JobRow.STARTED)) {
            running += by;
        }
    }

    private static boolean isFinished(String state) {
        return switch (state) {
            case JobRow.RAN, JobRow.CACHED, JobRow.SHARED, JobRow.CUT_OFF, JobRow.FAILED -> true;
            default -> false;
        };
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
